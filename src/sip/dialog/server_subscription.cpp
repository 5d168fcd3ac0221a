// SPDX-License-Identifier: MIT
#include "sip/dialog/server_subscription.h"

#include <algorithm>

namespace sb::sip {

ServerSubscription::ServerSubscription(Dialog dialog, std::string event, SubscriptionContext context,
                                       StateOf state, EndedHandler onEnded)
    : dialog_(std::move(dialog)),
      event_(std::move(event)),
      ctx_(std::move(context)),
      state_(std::move(state)),
      onEnded_(std::move(onEnded)),
      self_(std::make_shared<ServerSubscription*>(this)) {}

ServerSubscription::~ServerSubscription() { *self_ = nullptr; }

std::uint32_t ServerSubscription::remaining() const {
  // Rounded up: a NOTIFY sent a few microseconds after the grant still says the whole of it.
  const auto left = std::chrono::ceil<std::chrono::seconds>(expiresAt_ - ctx_.timers.clock().steadyNow());
  return static_cast<std::uint32_t>(std::max<std::int64_t>(left.count(), 0));
}

void ServerSubscription::grant(std::uint32_t expires) {
  if (ended_) return;
  if (expires == 0) {
    terminate("timeout");  // §4.4.1: what an unsubscribe or a fetch ends with
    return;
  }
  expiresAt_ = ctx_.timers.clock().steadyNow() + std::chrono::seconds(expires);
  std::weak_ptr<ServerSubscription*> weak = self_;
  expiry_.start(ctx_.timers, std::chrono::seconds(expires), [weak] {
    if (auto self = weak.lock(); self && *self) (*self)->terminate("timeout");
  });
  notify();
}

bool ServerSubscription::acceptRefresh(const Message& request, const net::Flow& from) {
  if (!dialog_.acceptRemoteCSeq(request)) return false;  // RFC 3261 §12.2.2
  dialog_.refreshRemoteTarget(request);
  dialog_.updateFlow(from);
  return true;
}

void ServerSubscription::notify() {
  if (ended_) return;
  send("active;expires=" + std::to_string(remaining()), false);
}

void ServerSubscription::terminate(std::string_view reason) {
  if (ended_) return;
  send("terminated;reason=" + std::string(reason), true);
  end(reason);
}

void ServerSubscription::send(std::string_view state, bool final) {
  auto request = dialog_.makeRequest(Method::Notify);
  const auto flow = dialog_.flow();
  ctx_.prepareRequest(request, flow);
  request.addHeader("Event", event_);
  request.addHeader("Subscription-State", std::string(state));
  auto body = state_();
  request.setBody(std::move(body.content), body.type);
  std::weak_ptr<ServerSubscription*> weak = self_;
  ctx_.transactions.sendRequest(std::move(request), flow, [weak, final](const ClientEvent& event) {
    if (final) return;
    auto self = weak.lock();
    if (!self || !*self) return;
    // RFC 6665 §4.2.2: a NOTIFY answered 481, or never answered, means the subscriber is gone.
    const int status = event.response ? event.response->statusCode() : 0;
    if (event.response && status != 481) return;
    (*self)->end("subscriber gone");
  });
}

void ServerSubscription::end(std::string_view reason) {
  if (ended_) return;
  ended_ = true;
  expiry_.cancel();
  // The handler usually destroys this subscription: nothing of it is touched afterwards.
  auto handler = onEnded_;
  const std::string why(reason);
  if (handler) handler(why);
}

}  // namespace sb::sip
