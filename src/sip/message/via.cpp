// SPDX-License-Identifier: MIT
#include <charconv>

#include "base/text.h"
#include "sip/message/grammar.h"
#include "sip/message/uri.h"

namespace sb::sip {

// Via = sent-protocol LWS sent-by *( SEMI via-params ), with SLASH = SWS "/" SWS (§25.1), so
// "SIP  /   2.0 /UDP" is valid (RFC 4475 §3.1.1.1). Any protocol name and version are accepted:
// a request with SIP/7.0 must reach the core to be answered 505, not 400.
std::optional<Via> Via::parse(std::string_view s) {
  std::optional<Via> out(std::in_place);
  if (!grammar::parseViaInto(s, *out)) out.reset();
  return out;
}

bool grammar::parseViaInto(std::string_view s, Via& via) {
  std::size_t i = 0;
  skipWsp(s, i);
  const std::string_view name = takeToken(s, i);
  skipWsp(s, i);
  if (name.empty() || i >= s.size() || s[i] != '/') return false;
  ++i;
  skipWsp(s, i);
  const std::string_view version = takeToken(s, i);
  skipWsp(s, i);
  if (version.empty() || i >= s.size() || s[i] != '/') return false;
  ++i;
  skipWsp(s, i);
  const std::string_view transport = takeToken(s, i);
  if (transport.empty() || i >= s.size() || !isWsp(s[i])) return false;
  skipWsp(s, i);
  const std::size_t hostLength = scanHost(s, i);
  if (hostLength == 0) return false;
  via.protocol = text::upper(name);
  via.protocol.push_back('/');
  via.protocol += version;
  via.transport = text::upper(transport);
  via.host = std::string(s.substr(i, hostLength));
  i += hostLength;
  std::size_t j = i;
  skipWsp(s, j);
  if (j < s.size() && s[j] == ':') {
    ++j;
    skipWsp(s, j);
    const std::size_t start = j;
    while (j < s.size() && isDigit(s[j])) ++j;
    std::uint16_t port = 0;
    if (!parsePort(s.substr(start, j - start), port)) return false;
    via.port = port;
    i = j;
  }
  if (!parseHeaderParams(s, i, via.params)) return false;
  skipWsp(s, i);
  return i == s.size();
}

std::string Via::toString() const {
  std::string out;
  out.reserve(protocol.size() + transport.size() + host.size() + 64);
  out += protocol;
  out.push_back('/');
  out += transport;
  out.push_back(' ');
  out += host;
  if (port) {
    out.push_back(':');
    out += std::to_string(*port);
  }
  params.appendTo(out);
  return out;
}

// CSeq = 1*DIGIT LWS Method (§20.16); the number must fit 32 bits (RFC 4475 §3.1.2.4), leading
// zeros are fine (§3.1.1.1).
std::optional<CSeq> CSeq::parse(std::string_view s) {
  using namespace grammar;
  std::size_t i = 0;
  skipWsp(s, i);
  const std::size_t start = i;
  while (i < s.size() && isDigit(s[i])) ++i;
  if (i == start || i >= s.size() || !isWsp(s[i])) return std::nullopt;
  CSeq out;
  const auto [ptr, ec] = std::from_chars(s.data() + start, s.data() + i, out.number);
  if (ec != std::errc{} || ptr != s.data() + i) return std::nullopt;
  skipWsp(s, i);
  const std::string_view method = takeToken(s, i);
  if (method.empty()) return std::nullopt;
  skipWsp(s, i);
  if (i != s.size()) return std::nullopt;
  out.method = std::string(method);
  return out;
}

std::string CSeq::toString() const {
  std::string out = std::to_string(number);
  out.push_back(' ');
  out += method;
  return out;
}

}  // namespace sb::sip
