// SPDX-License-Identifier: MIT
#include "telephony/security/request_failure_notice.h"

#include "base/log.h"
#include "telephony/security/security_log.h"

namespace sb::security {
namespace {

constexpr std::size_t kMaxFieldLength = 256;

// fail2ban's prefix regex ends in `[^:]+:(?:(?: in)? [^:]+:)? <content>`: if the first ':' of the
// text is followed by a space, whatever follows it is matched against the failure patterns too,
// and `^<HOST> failed to authenticate` needs no quotes. So ": " never survives, and neither do
// the quote that ends the field, parentheses that end the callid, or control characters.
std::string sanitize(std::string_view s, bool parentheses) {
  std::string out;
  const std::string_view bounded = s.substr(0, kMaxFieldLength);
  out.reserve(bounded.size());
  for (std::size_t i = 0; i < bounded.size(); ++i) {
    const char c = bounded[i];
    const auto u = static_cast<unsigned char>(c);
    const bool control = u < 0x20 || u == 0x7f;
    const bool spaceAfterColon = c == ' ' && i > 0 && bounded[i - 1] == ':';
    const bool paren = parentheses && (c == '(' || c == ')');
    out.push_back((control || c == '\'' || c == '\\' || spaceAfterColon || paren) ? '_' : c);
  }
  return out;
}

}  // namespace

std::string requestFailureNotice(std::string_view method, std::string_view from,
                                 const net::Flow& flow, std::string_view callId,
                                 RequestFailure failure) {
  std::string text = "Request '";
  text.append(sanitize(method, true)).append("' from '").append(sanitize(from, false));
  text.append("' failed for '").append(withoutV4Mapping(flow.remote).toString()).append("' (callid: ");
  text.append(sanitize(callId, true)).append(") - ");
  text.append(failure == RequestFailure::FailedToAuthenticate ? "Failed to authenticate"
                                                               : "No matching endpoint found");
  return text;
}

void logRequestFailure(std::string_view method, std::string_view from, const net::Flow& flow,
                       std::string_view callId, RequestFailure failure) {
  if (!log::enabled(log::Level::Notice)) return;
  log::write(log::Level::Notice, "res_pjsip/pjsip_distributor.c",
             requestFailureNotice(method, from, flow, callId, failure));
}

}  // namespace sb::security
