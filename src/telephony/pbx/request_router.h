// SPDX-License-Identifier: MIT
#pragma once
#include <functional>
#include <string>
#include <vector>

#include "sip/message/method.h"
#include "sip/transaction/server_transaction.h"
#include "telephony/accounts/request_authenticator.h"
#include "telephony/call/call_engine.h"
#include "telephony/registrar/registrar.h"
#include "telephony/voicemail/mailbox_subscribe_rules.h"

namespace sb::pbx {

// The parts a request can be routed to; each must outlive the router.
struct RoutedParts {
  accounts::RequestAuthenticator& authenticator;
  registrar::Registrar& registrar;
  call::CallEngine& calls;
  voicemail::MailboxSubscribeRules& mailboxSubscriptions;
};

// Told of every REGISTER the registrar accepted, with the extension that registered (the
// message lamp relights a phone that rebooted).
using RegisteredListener = std::function<void(const std::string& extension)>;

// Where every new server transaction goes (the transaction layer's request handler). A pipeline
// of steps, in this order, each answering the request or passing it on:
//   in-dialog   a To tag: BYE, re-INVITE, INFO, REFER, OPTIONS of one of our calls
//   OPTIONS     200 with what we can do (RFC 3261 §11.2)
//   CANCEL      of a call still ringing
//   REGISTER    digest 401 (stateless), then the registrar (RFC 3261 §10.3)
//   INVITE      digest 407 for the From user, then the call engine
//   SUBSCRIBE   message-summary to one's own mailbox, after 407 (RFC 3842, RFC 6665)
//   the rest    481 for BYE and CANCEL without dialog or transaction, 405 with Allow otherwise
// The stack has already answered what it must itself (400, 420, 501 with the same Allow list).
class RequestRouter {
 public:
  RequestRouter(std::string userAgent, RoutedParts parts, RegisteredListener onRegistered);

  // The methods Switchboard answers; anything else gets 501 (stack) or 405 (here) with this list.
  static const std::vector<sip::Method>& allowedMethods();

  void route(sip::ServerTransaction tx);

 private:
  // What a pipeline step did with a request.
  enum class Verdict { Continue, Responded };

  Verdict handleInDialog(sip::ServerTransaction& tx);
  Verdict handleOptions(sip::ServerTransaction& tx);
  Verdict handleCancel(sip::ServerTransaction& tx);
  Verdict handleRegister(sip::ServerTransaction& tx);
  Verdict handleInvite(sip::ServerTransaction& tx);
  Verdict handleSubscribe(sip::ServerTransaction& tx);
  Verdict refuseTheRest(sip::ServerTransaction& tx);
  const accounts::Account* authenticateFromUser(sip::ServerTransaction& tx);

  std::string userAgent_;
  RoutedParts parts_;
  RegisteredListener onRegistered_;
};

}  // namespace sb::pbx
