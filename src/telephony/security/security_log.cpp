// SPDX-License-Identifier: MIT
#include "telephony/security/security_log.h"

#include <unistd.h>

#include <charconv>

#include <cstdio>
#include <ctime>
#include <filesystem>
#include <system_error>

#include "base/append_file.h"
#include "base/text.h"

namespace sb::security {
namespace {

std::tm localTime(SystemTime time) {
  const std::time_t t = std::chrono::system_clock::to_time_t(time);
  std::tm tm{};
  localtime_r(&t, &tm);
  return tm;
}

// Sub-second part, floored even before 1970 so the printed time never runs ahead.
int millisOf(SystemTime time) {
  const auto ms = std::chrono::floor<std::chrono::milliseconds>(time.time_since_epoch()).count();
  return static_cast<int>(((ms % 1000) + 1000) % 1000);
}

// `name="value"` with the value made safe for a field fail2ban parses as \w+="[^"]*".
void appendField(std::string& line, std::string_view name, std::string_view value,
                 std::size_t maxLength = 128) {
  line.append(",").append(name).append("=\"");
  text::appendSanitizedForLog(line, value, maxLength);
  line.push_back('"');
}

}  // namespace

net::SocketAddress withoutV4Mapping(const net::SocketAddress& address) {
  if (!address.ip.is_v6() || !address.ip.to_v6().is_v4_mapped()) return address;
  return {boost::asio::ip::make_address_v4(boost::asio::ip::v4_mapped, address.ip.to_v6()), address.port};
}

std::string securityAddress(net::TransportKind transport, const net::SocketAddress& address) {
  std::string out;
  appendSecurityAddress(out, transport, address);
  return out;
}

void appendSecurityAddress(std::string& out, net::TransportKind transport,
                           const net::SocketAddress& address) {
  const boost::asio::ip::address ip = withoutV4Mapping(address).ip;
  out.append(ip.is_v4() ? "IPV4/" : "IPV6/").append(net::transportName(transport)).push_back('/');
  out.append(net::ipText(ip)).push_back('/');
  char port[8];
  const auto [end, ec] = std::to_chars(port, port + sizeof port, address.port);
  out.append(port, end);
}

std::string logDate(SystemTime time) {
  const std::tm tm = localTime(time);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%d %H:%M:%S", &tm);
  return buf;
}

std::string eventTime(SystemTime time) {
  const std::tm tm = localTime(time);
  char date[32];
  char zone[8];
  std::strftime(date, sizeof date, "%Y-%m-%dT%H:%M:%S", &tm);
  std::strftime(zone, sizeof zone, "%z", &tm);
  char out[48];
  std::snprintf(out, sizeof out, "%s.%03d%s", date, millisOf(time), zone);
  return out;
}

Result<std::unique_ptr<SecurityLog>> SecurityLog::open(const std::string& dataDir, const Clock& clock) {
  const std::filesystem::path dir = std::filesystem::path(dataDir) / "log";
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec) return fail("cannot create " + dir.string() + ": " + ec.message());
  auto file = AppendFile::open((dir / "security").string());
  if (!file) return file.failure();
  return std::make_unique<SecurityLog>(std::move(*file), clock);
}

SecurityLog::SecurityLog(std::unique_ptr<AppendFile> file, const Clock& clock)
    : file_(std::move(file)), clock_(clock) {
  line_.reserve(512);
}

SecurityLog::~SecurityLog() { file_->flush(); }

void SecurityLog::flush() { file_->flush(); }

void SecurityLog::write(std::string_view event, std::string_view severity,
                        const SecurityEventContext& context, std::string_view extraFields) {
  const SystemTime now = clock_.systemNow();
  // Formatting the date is most of a line's cost; it changes once a second.
  const auto second = std::chrono::floor<std::chrono::seconds>(now);
  if (second != cachedSecond_) {
    cachedSecond_ = second;
    cachedDate_ = logDate(now);
    const std::string iso = eventTime(now);  // 2026-11-26T19:54:49.123+0000
    cachedIsoSeconds_ = iso.substr(0, 19);
    cachedZone_ = iso.substr(23);
  }
  static thread_local const std::string threadId = std::to_string(::gettid());
  const int ms = millisOf(now);
  const char millis[] = {'.', static_cast<char>('0' + ms / 100), static_cast<char>('0' + ms / 10 % 10),
                         static_cast<char>('0' + ms % 10)};
  std::string& line = line_;
  line.clear();
  line.append("[").append(cachedDate_).append("] SECURITY[").append(threadId);
  line.append("] res_security_log.c: SecurityEvent=\"").append(event).append("\"");
  // Required IEs in Asterisk's order; RemoteAddress is the last required one, and every field
  // after it must match \w+="[^"]*" for fail2ban's filter. Our own values (time, addresses)
  // need no sanitising; the attacker's do.
  line.append(",EventTV=\"").append(cachedIsoSeconds_).append(millis, sizeof millis);
  line.append(cachedZone_).append("\"");
  appendField(line, "Severity", severity);
  appendField(line, "Service", context.service);
  line.append(",EventVersion=\"1\"");
  appendField(line, "AccountID", context.accountId, kMaxAccountIdLength);
  appendField(line, "SessionID", context.sessionId, kMaxSessionIdLength);
  line.append(",LocalAddress=\"");
  appendSecurityAddress(line, context.flow.transport, context.flow.local);
  line.append("\",RemoteAddress=\"");
  appendSecurityAddress(line, context.flow.transport, context.flow.remote);
  line.push_back('"');
  line.append(extraFields);
  file_->appendLine(line);
  // Failures reach the file at once so fail2ban sees them now; informational lines ride along
  // with the next failure or the server's once-a-second flush().
  if (severity == "Error") file_->flush();
}

void SecurityLog::invalidAccountId(const SecurityEventContext& context) {
  write("InvalidAccountID", "Error", context, {});
}

void SecurityLog::challengeResponseFailed(const SecurityEventContext& context,
                                          std::string_view challenge, std::string_view response) {
  std::string extra;
  appendField(extra, "Challenge", challenge);
  appendField(extra, "Response", response, kMaxResponseLength);
  appendField(extra, "ExpectedResponse", "");
  write("ChallengeResponseFailed", "Error", context, extra);
}

void SecurityLog::challengeSent(const SecurityEventContext& context, std::string_view challenge) {
  std::string extra;
  appendField(extra, "Challenge", challenge);
  write("ChallengeSent", "Informational", context, extra);
}

void SecurityLog::successfulAuth(const SecurityEventContext& context, bool usingPassword) {
  std::string extra;
  appendField(extra, "UsingPassword", usingPassword ? "1" : "0");
  write("SuccessfulAuth", "Informational", context, extra);
}

void SecurityLog::failedAcl(const SecurityEventContext& context, std::string_view aclName) {
  std::string extra;
  appendField(extra, "ACLName", aclName);
  write("FailedACL", "Error", context, extra);
}

}  // namespace sb::security
