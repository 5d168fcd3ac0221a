// SPDX-License-Identifier: MIT
#include "telephony/voicemail/mailbox_subscribe_rules.h"

#include "sip/message/response_builder.h"

namespace sb::voicemail {

void MailboxSubscribeRules::onInDialog(sip::ServerTransaction& tx) {
  if (!subscriptions_.onInDialog(tx)) tx.respond(sip::makeResponse(tx.request(), 481, "Subscription Does Not Exist"));
}

bool MailboxSubscribeRules::acceptsEvent(sip::ServerTransaction& tx) {
  if (MwiSubscriptions::isMessageSummary(tx.request())) return true;
  auto response = sip::makeResponse(tx.request(), 489, "Bad Event");
  response.addHeader("Allow-Events", "message-summary");
  tx.respond(std::move(response));
  return false;
}

void MailboxSubscribeRules::subscribe(sip::ServerTransaction& tx, const std::string& subscriber) {
  const auto& request = tx.request();
  const auto& target = request.requestUri();
  const std::string mailbox =
      target.user.empty() || target.userUnescaped() == "*97" ? subscriber : target.userUnescaped();
  if (mailbox != subscriber) {
    tx.respond(sip::makeResponse(request, 403, "Forbidden"));
    return;
  }
  if (!voicemail_.hasMailbox(mailbox)) {
    tx.respond(sip::makeResponse(request, 404, "Not Found"));
    return;
  }
  subscriptions_.subscribe(tx, mailbox);
}

}  // namespace sb::voicemail
