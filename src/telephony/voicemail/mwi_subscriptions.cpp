// SPDX-License-Identifier: MIT
#include "telephony/voicemail/mwi_subscriptions.h"

#include <algorithm>

#include "base/log.h"
#include "base/random.h"
#include "base/text.h"
#include "sip/dialog/outgoing_via.h"
#include "sip/message/response_builder.h"
#include "telephony/voicemail/message_summary.h"

namespace sb::voicemail {

MwiSubscriptions::MwiSubscriptions(sip::TransactionLayer& transactions, Timers& timers, CountsOf counts,
                                   std::string domain, std::string userAgent)
    : transactions_(transactions), timers_(timers), counts_(std::move(counts)), domain_(std::move(domain)),
      userAgent_(std::move(userAgent)) {}

MwiSubscriptions::~MwiSubscriptions() {
  for (auto& [k, s] : subscriptions_) {
    if (s.expiry != TimerId{}) timers_.cancel(s.expiry);
  }
}

bool MwiSubscriptions::isMessageSummary(const sip::Message& request) {
  const auto event = request.header("Event");
  if (!event) return false;
  const auto token = text::trim(event->substr(0, event->find(';')));
  return text::iequals(token, "message-summary");
}

std::string MwiSubscriptions::key(std::string_view callId, std::string_view localTag) {
  std::string k(callId);
  k.push_back('\n');
  k.append(localTag);
  return k;
}

std::uint32_t MwiSubscriptions::grant(const sip::Message& request) const {
  const auto asked = request.expires().value_or(kDefaultExpires);
  if (asked == 0) return 0;
  return std::clamp(asked, kMinExpires, kMaxExpires);
}

void MwiSubscriptions::subscribe(sip::ServerTransaction& tx, const std::string& mailbox) {
  const auto& request = tx.request();
  const auto expires = grant(request);
  if (request.contacts().empty()) {
    tx.respond(sip::makeResponse(request, 400, "Missing Contact"));
    return;
  }
  const std::string tag = random::token(12);
  auto response = sip::makeResponse(request, 200, "OK", tag);
  response.setExpires(expires);
  response.setHeader("Server", userAgent_);
  sip::Contact contact;
  auto local = tx.flow().local;
  if (local.ip.is_unspecified()) local.ip = routes_.sourceFor(tx.flow().remote.ip);
  contact.address.uri = sip::Uri::parse("sip:switchboard@" + local.toString()).value_or(sip::Uri{});
  response.setContacts({contact});
  tx.respond(std::move(response));
  Subscription s{mailbox, sip::Dialog::asUas(request, tag, tx.flow())};
  const auto k = key(request.callId(), tag);
  if (expires == 0) {
    // A fetch (RFC 6665 §4.4.3): one NOTIFY with the state, and no subscription.
    notify(s, "terminated;reason=timeout");
    return;
  }
  auto& stored = subscriptions_.insert_or_assign(k, std::move(s)).first->second;
  arm(k, stored, expires);
  SB_LOG_VERBOSE("Voicemail {}: message-summary subscription from {} for {} s", mailbox,
                 tx.flow().remote.toString(), expires);
  notify(stored, "active;expires=" + std::to_string(expires));
}

bool MwiSubscriptions::onInDialog(sip::ServerTransaction& tx) {
  const auto& request = tx.request();
  const auto tag = request.to().tag();
  if (!tag) return false;
  const auto k = key(request.callId(), *tag);
  const auto it = subscriptions_.find(k);
  if (it == subscriptions_.end()) return false;
  auto& s = it->second;
  if (request.method() != sip::Method::Subscribe) {
    tx.respond(sip::makeResponse(request, 405, "Method Not Allowed"));
    return true;
  }
  if (!s.dialog.acceptRemoteCSeq(request)) {
    tx.respond(sip::makeResponse(request, 500, "Server Internal Error"));  // RFC 3261 §12.2.2: out of order
    return true;
  }
  s.dialog.refreshRemoteTarget(request);
  s.dialog.updateFlow(tx.flow());
  const auto expires = grant(request);
  auto response = sip::makeResponse(request, 200, "OK");
  response.setExpires(expires);
  response.setHeader("Server", userAgent_);
  tx.respond(std::move(response));
  if (expires == 0) {
    end(k, "unsubscribed");
    return true;
  }
  arm(k, s, expires);
  notify(s, "active;expires=" + std::to_string(expires));
  return true;
}

void MwiSubscriptions::changed(const std::string& mailbox) {
  const auto now = timers_.clock().steadyNow();
  for (auto& [k, s] : subscriptions_) {
    if (s.mailbox != mailbox) continue;
    const auto left = std::chrono::duration_cast<std::chrono::seconds>(s.expiresAt - now).count();
    notify(s, "active;expires=" + std::to_string(std::max<std::int64_t>(left, 0)));
  }
}

bool MwiSubscriptions::watchedFrom(const std::string& mailbox, const net::SocketAddress& remote) const {
  return std::any_of(subscriptions_.begin(), subscriptions_.end(), [&](const auto& entry) {
    return entry.second.mailbox == mailbox && entry.second.dialog.flow().remote == remote;
  });
}

void MwiSubscriptions::arm(const std::string& k, Subscription& s, std::uint32_t expires) {
  if (s.expiry != TimerId{}) timers_.cancel(s.expiry);
  s.expires = expires;
  s.expiresAt = timers_.clock().steadyNow() + std::chrono::seconds(expires);
  s.expiry = timers_.schedule(std::chrono::seconds(expires), [this, k] {
    if (auto it = subscriptions_.find(k); it != subscriptions_.end()) {
      it->second.expiry = TimerId{};
      end(k, "expired");
    }
  });
}

void MwiSubscriptions::end(const std::string& k, std::string_view reason) {
  auto it = subscriptions_.find(k);
  if (it == subscriptions_.end()) return;
  if (it->second.expiry != TimerId{}) timers_.cancel(it->second.expiry);
  it->second.expiry = TimerId{};
  notify(it->second, "terminated;reason=timeout");
  SB_LOG_VERBOSE("Voicemail {}: message-summary subscription ended ({})", it->second.mailbox, reason);
  subscriptions_.erase(it);
}

void MwiSubscriptions::notify(Subscription& s, std::string_view state) {
  auto request = s.dialog.makeRequest(sip::Method::Notify);
  const auto& flow = s.dialog.flow();
  request.setVias({sip::outgoingVia(flow, routes_)});
  request.addHeader("Event", "message-summary");
  request.addHeader("Subscription-State", std::string(state));
  request.addHeader("User-Agent", userAgent_);
  request.setBody(messageSummary(counts_(s.mailbox), "sip:*97@" + domain_), "application/simple-message-summary");
  transactions_.sendRequest(std::move(request), flow, [](const sip::ClientEvent&) {});
}

}  // namespace sb::voicemail
