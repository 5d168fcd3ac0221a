// SPDX-License-Identifier: MIT
#pragma once
#include <optional>
#include <string>
#include <string_view>

#include "net/socket_address.h"
#include "sip/auth/digest_authenticator.h"
#include "sip/message/message.h"
#include "sip/message/response_builder.h"
#include "telephony/accounts/account_directory.h"
#include "telephony/security/security_events.h"

namespace sb::accounts {

// Decides whether a request comes from one of our accounts, by digest (RFC 3261 §22, RFC 7616).
// It builds the challenge or the refusal and writes the security events fail2ban reads; it does
// not know what the request is for. A wrong secret, an unknown user and a username that does not
// own the request's identity all get the same answer, so accounts cannot be probed.
class RequestAuthenticator {
 public:
  // RFC 3261 §22.1: a registrar challenges with 401/WWW-Authenticate, a proxy or UA with
  // 407/Proxy-Authenticate.
  enum class Role { Registrar, Proxy };

  struct Outcome {
    const Account* account = nullptr;   // set when authenticated
    // The 401/407 to send when not, written to wire form (the registrar sends one for every
    // other REGISTER); the caller may add headers before finishing it.
    std::optional<sip::ResponseWriter> reply;
  };

  RequestAuthenticator(std::string realm, const AccountDirectory& accounts,
                       sip::auth::DigestAuthenticator& digest, security::SecurityEvents& securityEvents);

  // `identity` is the user the request claims to act for (the To user of a REGISTER, the From
  // user of an INVITE); the credentials' username must be that account.
  Outcome authenticate(const sip::Message& request, const net::Flow& from, Role role,
                       std::string_view identity);

 private:
  sip::ResponseWriter challenge(const sip::Message& request, const net::Flow& from, Role role,
                         std::string_view accountId, bool stale);

  std::string realm_;
  const AccountDirectory& accounts_;
  sip::auth::DigestAuthenticator& digest_;
  security::SecurityEvents& securityEvents_;
};

}  // namespace sb::accounts
