// SPDX-License-Identifier: MIT
#pragma once
#include <string>

#include "sip/transaction/server_transaction.h"
#include "telephony/voicemail/mwi_subscriptions.h"
#include "telephony/voicemail/voicemail.h"

namespace sb::voicemail {

// Who may SUBSCRIBE to what, in front of MwiSubscriptions: only message-summary (RFC 3842), and
// an extension only to its own mailbox. The request router authenticates the subscriber between
// acceptsEvent() and subscribe() (407, RFC 3261 §22.3), so an unauthenticated request learns
// nothing about which mailboxes exist.
class MailboxSubscribeRules {
 public:
  MailboxSubscribeRules(MwiSubscriptions& subscriptions, const Voicemail& voicemail)
      : subscriptions_(subscriptions), voicemail_(voicemail) {}

  // A SUBSCRIBE with a To tag: a refresh or unsubscribe of one of our subscriptions, else 481
  // (RFC 6665 §4.1.2.2: the subscription does not exist).
  void onInDialog(sip::ServerTransaction& tx);
  // A new SUBSCRIBE: true when its Event is message-summary; otherwise answered 489 with
  // Allow-Events (RFC 6665 §8.3.1) and false.
  bool acceptsEvent(sip::ServerTransaction& tx);
  // A new message-summary SUBSCRIBE from authenticated extension `subscriber`. The mailbox is
  // the Request-URI's user (phones subscribe to their own AOR, or to *97, or to the domain):
  // another extension's mailbox gets 403, an extension without a mailbox 404.
  void subscribe(sip::ServerTransaction& tx, const std::string& subscriber);

 private:
  MwiSubscriptions& subscriptions_;
  const Voicemail& voicemail_;
};

}  // namespace sb::voicemail
