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

// Each subscription cancels its own timer as it goes.
MwiSubscriptions::~MwiSubscriptions() = default;

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

sip::ServerSubscription::Body MwiSubscriptions::summaryOf(const std::string& mailbox) const {
  return {messageSummary(counts_(mailbox), "sip:*97@" + domain_), "application/simple-message-summary"};
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
  const auto k = key(request.callId(), tag);
  sip::SubscriptionContext context{transactions_, timers_, [this](sip::Message& notify, const net::Flow& flow) {
                                     notify.setVias({sip::outgoingVia(flow, routes_)});
                                     notify.addHeader("User-Agent", userAgent_);
                                   }};
  auto usage = std::make_unique<sip::ServerSubscription>(
      sip::Dialog::asUas(request, tag, tx.flow()), "message-summary", std::move(context),
      [this, mailbox] { return summaryOf(mailbox); },
      [this, k, mailbox](std::string_view reason) {
        SB_LOG_VERBOSE("Voicemail {}: message-summary subscription ended ({})", mailbox, reason);
        subscriptions_.erase(k);
      });
  auto& stored = subscriptions_.insert_or_assign(k, Subscription{mailbox, std::move(usage)}).first->second;
  if (expires > 0) {
    SB_LOG_VERBOSE("Voicemail {}: message-summary subscription from {} for {} s", mailbox,
                   tx.flow().remote.toString(), expires);
  }
  // Expires: 0 is a fetch (RFC 6665 §4.4.3): one NOTIFY with the state, and no subscription.
  stored.usage->grant(expires);
}

bool MwiSubscriptions::onInDialog(sip::ServerTransaction& tx) {
  const auto& request = tx.request();
  const auto tag = request.to().tag();
  if (!tag) return false;
  const auto k = key(request.callId(), *tag);
  const auto it = subscriptions_.find(k);
  if (it == subscriptions_.end()) return false;
  auto& usage = *it->second.usage;
  if (request.method() != sip::Method::Subscribe) {
    tx.respond(sip::makeResponse(request, 405, "Method Not Allowed"));
    return true;
  }
  if (!usage.acceptRefresh(request, tx.flow())) {
    tx.respond(sip::makeResponse(request, 500, "Server Internal Error"));  // RFC 3261 §12.2.2: out of order
    return true;
  }
  const auto expires = grant(request);
  auto response = sip::makeResponse(request, 200, "OK");
  response.setExpires(expires);
  response.setHeader("Server", userAgent_);
  tx.respond(std::move(response));
  usage.grant(expires);  // 0: unsubscribed, the final NOTIFY ends it
  return true;
}

void MwiSubscriptions::changed(const std::string& mailbox) {
  std::vector<sip::ServerSubscription*> watching;
  for (auto& [k, s] : subscriptions_) {
    if (s.mailbox == mailbox) watching.push_back(s.usage.get());
  }
  // A NOTIFY failing at once may end its subscription (and erase it) while we go.
  for (auto* usage : watching) usage->notify();
}

bool MwiSubscriptions::watchedFrom(const std::string& mailbox, const net::SocketAddress& remote) const {
  return std::any_of(subscriptions_.begin(), subscriptions_.end(), [&](const auto& entry) {
    return entry.second.mailbox == mailbox && entry.second.usage->dialog().flow().remote == remote;
  });
}

}  // namespace sb::voicemail
