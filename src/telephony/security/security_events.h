// SPDX-License-Identifier: MIT
#pragma once
#include <string_view>

#include "net/socket_address.h"

namespace sb::security {

// The fields every security event carries (Asterisk's required IEs after Service).
struct SecurityEventContext {
  std::string_view service = "SIP";
  std::string_view accountId;  // the name the client tried (From/To user or digest username)
  std::string_view sessionId;  // the SIP Call-ID
  // local = the socket the request arrived on; remote = the packet's source address. Never take
  // the remote address from From, Contact or Via: fail2ban bans whatever is written here.
  net::Flow flow;
};

// Where the parts that judge requests report what happened (Asterisk's security events,
// main/security_events.c): the code that decides (RequestAuthenticator) depends on this, not on
// who listens. SecurityLog writes them for fail2ban; SecurityEventFanOut hands each to several
// listeners, so a ban engine can listen next to the log. Listeners run on the signalling thread
// and must not block it. The string views live only for the call.
class SecurityEvents {
 public:
  virtual ~SecurityEvents() = default;

  // No account by that name (res_pjsip: "No matching endpoint found").
  virtual void invalidAccountId(const SecurityEventContext& context) = 0;
  // A digest response that does not match; `challenge` is the nonce answered.
  virtual void challengeResponseFailed(const SecurityEventContext& context, std::string_view challenge,
                                       std::string_view response) = 0;
  // A 401/407 went out with this nonce.
  virtual void challengeSent(const SecurityEventContext& context, std::string_view challenge) = 0;
  virtual void successfulAuth(const SecurityEventContext& context, bool usingPassword) = 0;
  // The source address is not allowed (e.g. outside the permitted networks).
  virtual void failedAcl(const SecurityEventContext& context, std::string_view aclName) = 0;
};

}  // namespace sb::security
