// SPDX-License-Identifier: MIT
#include "telephony/voicemail/message_waiting_lamp.h"

#include "base/log.h"
#include "telephony/registrar/binding_request.h"
#include "telephony/voicemail/message_summary.h"

namespace sb::voicemail {

MessageWaitingLamp::MessageWaitingLamp(sip::TransactionLayer& transactions, registrar::BindingTable& bindings,
                                       const MwiSubscriptions& subscriptions, const Voicemail& voicemail,
                                       MwiSubscriptions::CountsOf counts, std::string domain, std::string userAgent)
    : transactions_(transactions),
      bindings_(bindings),
      subscriptions_(subscriptions),
      voicemail_(voicemail),
      counts_(std::move(counts)),
      domain_(std::move(domain)),
      userAgent_(std::move(userAgent)) {}

void MessageWaitingLamp::onRegistered(const std::string& extension) {
  if (!voicemail_.hasMailbox(extension) || counts_(extension).unheard == 0) return;
  show(extension);
}

std::size_t MessageWaitingLamp::show(const std::string& mailbox) {
  const auto counts = counts_(mailbox);
  const auto body = messageSummary(counts, "sip:*97@" + domain_);
  std::size_t sent = 0;
  for (const registrar::Binding* b : bindings_.bindingsOf(mailbox)) {
    if (subscriptions_.watchedFrom(mailbox, b->flow.remote)) continue;  // told in its subscription
    auto notify = registrar::requestToBinding(sip::Method::Notify, "NOTIFY", *b, domain_, userAgent_, routes_);
    notify.addHeader("Event", "message-summary");
    notify.addHeader("Subscription-State", "active");
    notify.setBody(body, "application/simple-message-summary");
    transactions_.sendRequest(std::move(notify), b->flow, [](const sip::ClientEvent&) {});
    ++sent;
  }
  SB_LOG_VERBOSE("Voicemail {}: {} new, {} old; lamp NOTIFY sent to {} contact(s)", mailbox, counts.unheard,
                 counts.heard, sent);
  return sent;
}

}  // namespace sb::voicemail
