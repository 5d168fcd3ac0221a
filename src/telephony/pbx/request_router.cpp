// SPDX-License-Identifier: MIT
#include "telephony/pbx/request_router.h"

#include "sip/message/response_builder.h"
#include "sip/stack/prepared_response.h"
#include "telephony/routing/origin.h"

namespace sb::pbx {

namespace {

std::string allowHeader() {
  std::string out;
  for (auto m : RequestRouter::allowedMethods()) {
    if (!out.empty()) out += ", ";
    out += sip::methodName(m);
  }
  return out;
}

}  // namespace

RequestRouter::RequestRouter(std::string userAgent, RoutedParts parts, RegisteredListener onRegistered)
    : userAgent_(std::move(userAgent)), parts_(parts), onRegistered_(std::move(onRegistered)) {}

const std::vector<sip::Method>& RequestRouter::allowedMethods() {
  static const std::vector<sip::Method> kAllowed = {
      sip::Method::Register, sip::Method::Options, sip::Method::Invite, sip::Method::Ack,
      sip::Method::Cancel,   sip::Method::Bye,     sip::Method::Info,   sip::Method::Refer,
      sip::Method::Subscribe,
  };
  return kAllowed;
}

void RequestRouter::route(sip::ServerTransaction tx) {
  using Step = Verdict (RequestRouter::*)(sip::ServerTransaction&);
  static constexpr Step kPipeline[] = {
      &RequestRouter::handleInDialog,
      &RequestRouter::handleOptions,
      &RequestRouter::handleCancel,
      &RequestRouter::handleRegister,
      &RequestRouter::handleInvite,
      &RequestRouter::handleSubscribe,
      &RequestRouter::refuseTheRest,
  };
  for (Step step : kPipeline) {
    if ((this->*step)(tx) == Verdict::Responded) return;
  }
}

// Requests inside one of our calls' dialogs (a To tag): BYE, re-INVITE, INFO, OPTIONS.
RequestRouter::Verdict RequestRouter::handleInDialog(sip::ServerTransaction& tx) {
  const auto& request = tx.request();
  if (!request.to().tag() || request.method() == sip::Method::Register) return Verdict::Continue;
  return parts_.calls.onInDialogRequest(tx) ? Verdict::Responded : Verdict::Continue;
}

RequestRouter::Verdict RequestRouter::handleOptions(sip::ServerTransaction& tx) {
  const auto& request = tx.request();
  if (request.method() != sip::Method::Options) return Verdict::Continue;
  // RFC 3261 §11.2: say what we can do. Phones and monitors use this as a ping.
  auto response = sip::makeResponse(request, 200, "OK");
  response.addHeader("Allow", allowHeader());
  response.addHeader("Accept", "application/sdp");
  response.addHeader("Supported", "");
  response.addHeader("Server", userAgent_);
  tx.respond(std::move(response));
  return Verdict::Responded;
}

RequestRouter::Verdict RequestRouter::handleCancel(sip::ServerTransaction& tx) {
  if (tx.request().method() != sip::Method::Cancel) return Verdict::Continue;
  return parts_.calls.onCancel(tx) ? Verdict::Responded : Verdict::Continue;
}

RequestRouter::Verdict RequestRouter::handleRegister(sip::ServerTransaction& tx) {
  const auto& request = tx.request();
  if (request.method() != sip::Method::Register) return Verdict::Continue;
  const auto& to = request.to().uri;
  if (!to.isSip() || to.user.empty()) {
    tx.respond(sip::makeResponse(request, 404, "Not Found"));
    return Verdict::Responded;
  }
  const std::string identity = to.userUnescaped();
  auto outcome = parts_.authenticator.authenticate(request, tx.flow(),
                                                   accounts::RequestAuthenticator::Role::Registrar, identity);
  if (!outcome.account) {
    // Every second REGISTER is answered with a challenge: keeping 32 s of transaction state for
    // each would double the registrar's memory and work for nothing (RFC 3261 §8.2.7).
    tx.respondStatelessly(sip::prepareResponse(tx, std::move(*outcome.reply)));
    return Verdict::Responded;
  }
  auto response = parts_.registrar.handleRegister(request, tx.flow(), outcome.account->number);
  response.header("Server", userAgent_);
  tx.respond(sip::prepareResponse(tx, std::move(response)));
  if (onRegistered_) onRegistered_(outcome.account->number);
  return Verdict::Responded;
}

// The extension a request's From names, once the request proves to be from it (RFC 3261 §22.3);
// null when it has been answered with the 407 challenge (or a refusal) instead.
const accounts::Account* RequestRouter::authenticateFromUser(sip::ServerTransaction& tx) {
  const auto& request = tx.request();
  const auto& from = request.from().uri;
  const std::string identity = from.isSip() ? from.userUnescaped() : std::string{};
  auto outcome = parts_.authenticator.authenticate(request, tx.flow(), accounts::RequestAuthenticator::Role::Proxy,
                                                   identity);
  if (!outcome.account) tx.respond(sip::prepareResponse(tx, std::move(*outcome.reply)));
  return outcome.account;
}

// A new call: the caller proves to be one of our extensions (407, RFC 3261 §22.3), then the
// call engine takes the INVITE. The engine's one entry for new calls.
RequestRouter::Verdict RequestRouter::handleInvite(sip::ServerTransaction& tx) {
  const auto& request = tx.request();
  if (request.method() != sip::Method::Invite || request.to().tag()) return Verdict::Continue;
  const auto* caller = authenticateFromUser(tx);
  if (!caller) return Verdict::Responded;
  parts_.calls.startCall(std::move(tx), routing::Origin::extension(caller->number, caller->displayName));
  return Verdict::Responded;
}

// Message-summary subscriptions (RFC 3842): the event is checked before the subscriber must
// prove who it is (407 like an INVITE), the mailbox after.
RequestRouter::Verdict RequestRouter::handleSubscribe(sip::ServerTransaction& tx) {
  const auto& request = tx.request();
  if (request.method() != sip::Method::Subscribe) return Verdict::Continue;
  if (request.to().tag()) {
    parts_.mailboxSubscriptions.onInDialog(tx);
    return Verdict::Responded;
  }
  if (!parts_.mailboxSubscriptions.acceptsEvent(tx)) return Verdict::Responded;
  const auto* subscriber = authenticateFromUser(tx);
  if (!subscriber) return Verdict::Responded;
  parts_.mailboxSubscriptions.subscribe(tx, subscriber->number);
  return Verdict::Responded;
}

RequestRouter::Verdict RequestRouter::refuseTheRest(sip::ServerTransaction& tx) {
  const auto& request = tx.request();
  // BYE and CANCEL reach us only for dialogs and transactions we do not have (RFC 3261 §15.1.2,
  // §9.2): 481. Everything else that got this far is not served yet.
  if (request.method() == sip::Method::Bye || request.method() == sip::Method::Cancel) {
    tx.respond(sip::makeResponse(request, 481, "Call/Transaction Does Not Exist"));
  } else {
    auto response = sip::makeResponse(request, 405, "Method Not Allowed");
    response.addHeader("Allow", allowHeader());
    tx.respond(std::move(response));
  }
  return Verdict::Responded;
}

}  // namespace sb::pbx
