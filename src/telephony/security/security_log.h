// SPDX-License-Identifier: MIT
#pragma once
#include <memory>
#include <string>
#include <string_view>

#include "base/clock.h"
#include "base/result.h"
#include "net/socket_address.h"
#include "telephony/security/security_events.h"

namespace sb {
class AppendFile;
}

namespace sb::security {

// Writes DATA/log/security in the exact line format of Asterisk's res_security_log
// (res/res_security_log.c, field order from main/security_events.c), so that Debian's stock fail2ban `asterisk` filter bans on
// every failure event and on none of the informational ones. Attacker-supplied text is stripped
// of quotes, backslashes and control characters and bounded in length so it cannot forge fields.
// It decides nothing: callers say which event happened.
class SecurityLog final : public SecurityEvents {
 public:
  static constexpr std::size_t kMaxAccountIdLength = 128;
  static constexpr std::size_t kMaxSessionIdLength = 256;
  static constexpr std::size_t kMaxResponseLength = 128;

  // Opens DATA/log/security for appending, creating DATA/log if missing.
  static Result<std::unique_ptr<SecurityLog>> open(const std::string& dataDir, const Clock& clock);
  SecurityLog(std::unique_ptr<AppendFile> file, const Clock& clock);
  ~SecurityLog();
  SecurityLog(const SecurityLog&) = delete;
  SecurityLog& operator=(const SecurityLog&) = delete;

  void invalidAccountId(const SecurityEventContext& context) override;
  // The expected response is never written (ExpectedResponse="", as res_pjsip does).
  void challengeResponseFailed(const SecurityEventContext& context, std::string_view challenge,
                               std::string_view response) override;
  void challengeSent(const SecurityEventContext& context, std::string_view challenge) override;
  void successfulAuth(const SecurityEventContext& context, bool usingPassword) override;
  void failedAcl(const SecurityEventContext& context, std::string_view aclName) override;

  void flush();

 private:
  void write(std::string_view event, std::string_view severity, const SecurityEventContext& context,
             std::string_view extraFields);

  std::unique_ptr<AppendFile> file_;
  std::string line_;  // reused: building a line allocates nothing once warm
  const Clock& clock_;
  SystemTime cachedSecond_{};
  std::string cachedDate_;
  std::string cachedIsoSeconds_;
  std::string cachedZone_;
};

// An IPv4-mapped IPv6 address (from a dual-stack socket) as the IPv4 address it is, so that a
// ban hits the address the firewall sees; other addresses unchanged.
net::SocketAddress withoutV4Mapping(const net::SocketAddress& address);

// "IPV4/UDP/1.2.3.4/5060" or "IPV6/TCP/2001:db8::1/5061", after withoutV4Mapping.
std::string securityAddress(net::TransportKind transport, const net::SocketAddress& address);
void appendSecurityAddress(std::string& out, net::TransportKind transport,
                           const net::SocketAddress& address);

// Asterisk's log time stamps, local time: "2026-11-26 19:54:49" and, for EventTV,
// "2026-11-26T19:54:49.123+0000".
std::string logDate(SystemTime time);
std::string eventTime(SystemTime time);

}  // namespace sb::security
