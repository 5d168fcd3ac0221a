// SPDX-License-Identifier: MIT
#include "telephony/security/security_log.h"

#include <spdlog/logger.h>
#include <spdlog/pattern_formatter.h>
#include <spdlog/sinks/basic_file_sink.h>
#include <unistd.h>

#include <cstdio>
#include <ctime>
#include <filesystem>
#include <system_error>

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
  line.append(",").append(name).append("=\"").append(text::sanitizeForLog(value, maxLength)).append("\"");
}

}  // namespace

net::SocketAddress withoutV4Mapping(const net::SocketAddress& address) {
  if (!address.ip.is_v6() || !address.ip.to_v6().is_v4_mapped()) return address;
  return {boost::asio::ip::make_address_v4(boost::asio::ip::v4_mapped, address.ip.to_v6()), address.port};
}

std::string securityAddress(net::TransportKind transport, const net::SocketAddress& address) {
  const boost::asio::ip::address ip = withoutV4Mapping(address).ip;
  std::string out = ip.is_v4() ? "IPV4/" : "IPV6/";
  out.append(net::transportName(transport)).append("/").append(ip.to_string());
  out.append("/").append(std::to_string(address.port));
  return out;
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

std::unique_ptr<SecurityLog> SecurityLog::open(const std::string& dataDir, const Clock& clock,
                                               std::string& error) {
  const std::filesystem::path dir = std::filesystem::path(dataDir) / "log";
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec) {
    error = "cannot create " + dir.string() + ": " + ec.message();
    return nullptr;
  }
  const std::string file = (dir / "security").string();
  try {
    return std::make_unique<SecurityLog>(
        std::make_shared<spdlog::sinks::basic_file_sink_mt>(file, false), clock);
  } catch (const spdlog::spdlog_ex& e) {
    error = "cannot open " + file + ": " + e.what();
    return nullptr;
  }
}

SecurityLog::SecurityLog(std::shared_ptr<spdlog::sinks::sink> sink, const Clock& clock)
    : logger_(std::make_shared<spdlog::logger>("security", std::move(sink))), clock_(clock) {
  // We build the whole line ourselves, time stamps from the injected clock included.
  logger_->set_formatter(std::make_unique<spdlog::pattern_formatter>("%v"));
  logger_->set_level(spdlog::level::trace);
  // Every line at once: fail2ban should see a failure as soon as it happens, and an admin tailing
  // the file should see successes too. One write(2) per event, no fsync.
  logger_->flush_on(spdlog::level::err);
}

SecurityLog::~SecurityLog() { logger_->flush(); }

void SecurityLog::flush() { logger_->flush(); }

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
  char millis[8];
  std::snprintf(millis, sizeof millis, ".%03d", millisOf(now));
  std::string line;
  line.reserve(512);
  line.append("[").append(cachedDate_).append("] SECURITY[").append(threadId);
  line.append("] res_security_log.c: SecurityEvent=\"").append(event).append("\"");
  // Required IEs in Asterisk's order; RemoteAddress is the last required one, and every field
  // after it must match \w+="[^"]*" for fail2ban's filter.
  appendField(line, "EventTV", cachedIsoSeconds_ + millis + cachedZone_);
  appendField(line, "Severity", severity);
  appendField(line, "Service", context.service);
  appendField(line, "EventVersion", "1");
  appendField(line, "AccountID", context.accountId, kMaxAccountIdLength);
  appendField(line, "SessionID", context.sessionId, kMaxSessionIdLength);
  appendField(line, "LocalAddress", securityAddress(context.flow.transport, context.flow.local));
  appendField(line, "RemoteAddress", securityAddress(context.flow.transport, context.flow.remote));
  line.append(extraFields);
  // Failures are flushed at once so fail2ban sees them now; informational lines ride along with
  // the next failure or the server's once-a-second flush().
  logger_->log(severity == "Error" ? spdlog::level::err : spdlog::level::info,
               spdlog::string_view_t(line.data(), line.size()));
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
