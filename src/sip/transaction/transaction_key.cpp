// SPDX-License-Identifier: MIT
#include "sip/transaction/transaction_key.h"

#include <charconv>

#include "base/text.h"

namespace sb::sip {
namespace {

// '|' is not a token character (RFC 3261 §25.1), so it cannot occur in a branch, host or method.
constexpr char kSep = '|';

// Parameter values compare case-insensitively (RFC 3261 §7.3.1), so branch and host are folded.
void appendLower(std::string& out, std::string_view s) {
  for (char c : s) out.push_back(text::toLower(c));
}

void appendNumber(std::string& out, std::uint32_t n) {
  char buf[16];
  auto [end, ec] = std::to_chars(buf, buf + sizeof buf, n);
  out.append(buf, end);
}

void appendSentBy(std::string& out, const Via& via) {
  appendLower(out, via.host);
  if (via.port) {
    out.push_back(':');
    appendNumber(out, *via.port);
  }
}

bool clientKey(std::string_view branch, std::string_view method, std::string& out) {
  out.clear();
  if (branch.empty() || method.empty()) return false;
  appendLower(out, branch);
  out.push_back(kSep);
  out.append(method);
  return true;
}

}  // namespace

bool hasMagicCookie(std::string_view branch) {
  return branch.size() > kMagicCookie.size() && text::startsWithI(branch, kMagicCookie);
}

bool serverTransactionKey(const Message& request, std::string_view method, std::string& out) {
  out.clear();
  if (!request.isRequest() || request.vias().empty() || method.empty()) return false;
  const Via& top = request.vias().front();
  if (top.host.empty()) return false;
  const std::string_view branch = top.branch();
  if (hasMagicCookie(branch)) {
    appendLower(out, branch);
    out.push_back(kSep);
    appendSentBy(out, top);
    out.push_back(kSep);
    out.append(method);
    return true;
  }
  // RFC 2543 fallback (§17.2.3). The prefix cannot start an RFC 3261 key, which begins with the
  // folded magic cookie.
  if (request.callId().empty()) return false;
  out.append("2543");
  out.push_back(kSep);
  out.append(request.requestUri().toString());
  out.push_back(kSep);
  out.append(request.from().tag().value_or(std::string_view{}));
  out.push_back(kSep);
  out.append(request.callId());
  out.push_back(kSep);
  appendNumber(out, request.cseq().number);
  out.push_back(kSep);
  out.append(method);
  out.push_back(kSep);
  appendLower(out, top.transport);
  out.push_back(kSep);
  appendSentBy(out, top);
  return true;
}

bool clientTransactionKeyForResponse(const Message& response, std::string& out) {
  if (!response.isResponse() || response.vias().empty()) {
    out.clear();
    return false;
  }
  return clientKey(response.vias().front().branch(), response.cseq().method, out);
}

bool clientTransactionKeyForRequest(const Message& request, std::string& out) {
  if (!request.isRequest() || request.vias().empty()) {
    out.clear();
    return false;
  }
  return clientKey(request.vias().front().branch(), request.methodName(), out);
}

}  // namespace sb::sip
