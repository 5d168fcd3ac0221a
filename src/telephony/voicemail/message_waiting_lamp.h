// SPDX-License-Identifier: MIT
#pragma once
#include <cstddef>
#include <string>

#include "net/route_source.h"
#include "sip/transaction/transaction_layer.h"
#include "telephony/registrar/binding_table.h"
#include "telephony/voicemail/mwi_subscriptions.h"
#include "telephony/voicemail/voicemail.h"

namespace sb::voicemail {

// The message lamp of phones that never subscribe (the Cisco 79x0): every registered contact of a
// mailbox's extension that does not watch it in a subscription (MwiSubscriptions tells those)
// gets an unsolicited NOTIFY (Event: message-summary, Subscription-State: active, the RFC 3842
// §5.2 body) whenever the counts change, and after each REGISTER while new messages wait (a
// phone that rebooted has forgotten). A NOTIFY outside any subscription is outside RFC 6665, but
// it is what Asterisk's res_pjsip_mwi sends to an endpoint's contacts and what these phones act on.
class MessageWaitingLamp {
 public:
  MessageWaitingLamp(sip::TransactionLayer& transactions, registrar::BindingTable& bindings,
                     const MwiSubscriptions& subscriptions, const Voicemail& voicemail,
                     MwiSubscriptions::CountsOf counts, std::string domain, std::string userAgent);

  // Sends the lamp's state to each registered contact of `mailbox`; how many were sent.
  std::size_t show(const std::string& mailbox);
  // `extension` has just registered: light its lamp if its mailbox has new messages.
  void onRegistered(const std::string& extension);

 private:
  sip::TransactionLayer& transactions_;
  registrar::BindingTable& bindings_;
  const MwiSubscriptions& subscriptions_;
  const Voicemail& voicemail_;
  MwiSubscriptions::CountsOf counts_;
  std::string domain_;
  std::string userAgent_;
  net::RouteSource routes_;
};

}  // namespace sb::voicemail
