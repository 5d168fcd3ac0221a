// SPDX-License-Identifier: MIT
#include "telephony/accounts/request_authenticator.h"

#include "base/text.h"
#include "sip/message/response_builder.h"
#include "telephony/security/request_failure_notice.h"

namespace sb::accounts {

RequestAuthenticator::RequestAuthenticator(std::string realm, const AccountDirectory& accounts,
                                           sip::auth::DigestAuthenticator& digest,
                                           security::SecurityEvents& securityEvents)
    : realm_(std::move(realm)), accounts_(accounts), digest_(digest), securityEvents_(securityEvents) {}

sip::ResponseWriter RequestAuthenticator::challenge(const sip::Message& request,
                                                    const net::Flow& from, Role role,
                                                    std::string_view accountId, bool stale) {
  auto c = digest_.challenge(realm_, stale);
  const bool registrar = role == Role::Registrar;
  sip::ResponseWriter reply(request, registrar ? 401 : 407);
  for (const auto& value : c.headerValues)
    reply.header(registrar ? "WWW-Authenticate" : "Proxy-Authenticate", value);
  securityEvents_.challengeSent({"SIP", accountId, request.callId(), from}, c.nonce);
  return reply;
}

RequestAuthenticator::Outcome RequestAuthenticator::authenticate(const sip::Message& request,
                                                                 const net::Flow& from, Role role,
                                                                 std::string_view identity) {
  const std::string_view headerName = role == Role::Registrar ? "Authorization" : "Proxy-Authorization";
  // RFC 3261 §22.3: a request may carry credentials for several realms; ours is the one that counts.
  std::optional<sip::auth::Credentials> credentials;
  for (const auto& header : request.headers()) {
    if (!text::iequals(header.name, headerName)) continue;
    auto parsed = sip::auth::parseCredentials(header.value);
    if (parsed && parsed->realm == realm_) {
      credentials = std::move(parsed);
      break;
    }
  }
  if (!credentials) return {nullptr, challenge(request, from, role, identity, false)};

  const Account* account = accounts_.find(credentials->username);
  // The username must be the identity the request acts for: account 101 may not register 100.
  const bool owns = account && credentials->username == identity;
  const std::optional<std::string_view> secret =
      owns ? std::optional<std::string_view>(account->secret) : std::nullopt;
  const auto verdict = digest_.verify(*credentials, request.methodName(), realm_, secret);
  const security::SecurityEventContext context{"SIP", credentials->username, request.callId(), from};
  switch (verdict) {
    case sip::auth::Verdict::Ok:
      securityEvents_.successfulAuth(context, true);
      return {account, std::nullopt};
    case sip::auth::Verdict::Stale:
      return {nullptr, challenge(request, from, role, credentials->username, true)};
    case sip::auth::Verdict::Failed:
      break;
  }
  const auto fromText = request.from().uri.toString();
  if (!account) {
    securityEvents_.invalidAccountId(context);
    security::logRequestFailure(request.methodName(), fromText, from, request.callId(),
                                security::RequestFailure::NoMatchingEndpoint);
  } else {
    securityEvents_.challengeResponseFailed(context, credentials->nonce, credentials->response);
    security::logRequestFailure(request.methodName(), fromText, from, request.callId(),
                                security::RequestFailure::FailedToAuthenticate);
  }
  return {nullptr, challenge(request, from, role, credentials->username, false)};
}

}  // namespace sb::accounts
