// SPDX-License-Identifier: MIT
#include "base/text.h"
#include "sip/message/grammar.h"
#include "sip/message/uri.h"

namespace sb::sip {
namespace {

// A display name written as tokens (`Alice Smith <sip:...>`): only token characters and
// whitespace; anything else (a comma in `Bell, Alexander`, RFC 4475 §3.1.2.15) is an error.
bool validTokenDisplayName(std::string_view s) {
  for (char c : s)
    if (!grammar::isTokenChar(c) && !grammar::isWsp(c)) return false;
  return true;
}

}  // namespace

std::optional<NameAddr> NameAddr::parse(std::string_view input) {
  std::optional<NameAddr> out(std::in_place);
  if (!grammar::parseNameAddrInto(input, *out)) out.reset();
  return out;
}

bool grammar::parseNameAddrInto(std::string_view input, NameAddr& out) {
  const std::string_view s = text::trim(input);
  if (s.empty()) return false;
  std::size_t i = 0;
  std::size_t open = std::string_view::npos;
  if (s[0] == '"') {
    const std::string_view quoted = grammar::takeQuoted(s, i);
    if (quoted.empty()) return false;  // unterminated (RFC 4475 §3.1.2.6)
    out.displayName = grammar::unquote(quoted);
    grammar::skipWsp(s, i);
    if (i >= s.size() || s[i] != '<') return false;
    open = i;
  } else {
    open = s.find('<');
    if (open != std::string_view::npos) {
      // RFC 4475 §3.1.1.6: no LWS is needed between the display name and '<'.
      const std::string_view name = text::trim(s.substr(0, open));
      if (!validTokenDisplayName(name)) return false;
      out.displayName = std::string(name);
    }
  }

  if (open != std::string_view::npos) {
    const std::size_t close = s.find('>', open + 1);
    if (close == std::string_view::npos) return false;
    // No LWS inside the brackets (RFC 4475 §3.1.2.14): Uri::parse refuses spaces.
    if (!grammar::parseUriInto(s.substr(open + 1, close - open - 1), out.uri)) return false;
    i = close + 1;
  } else {
    // addr-spec: RFC 3261 §20.10 — a URI with ',', ';' or '?' must be in <>, so the URI ends at
    // the first ';' or whitespace and its parameters belong to the header.
    std::size_t end = 0;
    while (end < s.size() && s[end] != ';' && !grammar::isWsp(s[end])) ++end;
    const std::string_view spec = s.substr(0, end);
    if (spec.find_first_of("?,") != std::string_view::npos) return false;
    if (!grammar::parseUriInto(spec, out.uri)) return false;
    i = end;
  }

  if (!grammar::parseHeaderParams(s, i, out.params)) return false;
  grammar::skipWsp(s, i);
  return i == s.size();
}

std::string NameAddr::toString() const {
  std::string out;
  out.reserve(displayName.size() + uri.user.size() + uri.host.size() + 64);
  if (!displayName.empty()) {
    grammar::appendQuoted(out, displayName);
    out.push_back(' ');
  }
  out.push_back('<');
  grammar::appendUri(out, uri);
  out.push_back('>');
  params.appendTo(out);
  return out;
}

}  // namespace sb::sip
