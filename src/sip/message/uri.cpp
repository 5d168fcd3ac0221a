// SPDX-License-Identifier: MIT
#include "sip/message/uri.h"

#include <array>
#include <charconv>

#include "base/text.h"
#include "sip/message/grammar.h"

namespace sb::sip {
namespace {

using grammar::isHex;

constexpr std::array<bool, 256> makeSet(std::string_view extra) {
  std::array<bool, 256> t{};
  for (int c = '0'; c <= '9'; ++c) t[static_cast<std::size_t>(c)] = true;
  for (int c = 'a'; c <= 'z'; ++c) t[static_cast<std::size_t>(c)] = true;
  for (int c = 'A'; c <= 'Z'; ++c) t[static_cast<std::size_t>(c)] = true;
  for (char c : extra) t[static_cast<unsigned char>(c)] = true;
  return t;
}

// RFC 3261 §25.1, each with unreserved = alphanum / "-_.!~*'()"; "%" HEX HEX is checked apart.
constexpr auto kUserChars = makeSet("-_.!~*'()&=+$,;?/");
constexpr auto kPasswordChars = makeSet("-_.!~*'()&=+$,");
constexpr auto kParamChars = makeSet("-_.!~*'()[]/:&+$");
// '@' is not in hnv-unreserved, but phones put call-ids unescaped into Replaces= (RFC 3891).
constexpr auto kHeaderChars = makeSet("-_.!~*'()[]/?:+$=&@");
// absoluteURI (opaque part of any other scheme): reserved / unreserved / escaped.
constexpr auto kUricChars = makeSet("-_.!~*'();/?:@&=+$,[]");

// True if every character is in `set` or part of a well-formed %XX escape.
bool allowedEscaped(std::string_view s, const std::array<bool, 256>& set) {
  for (std::size_t i = 0; i < s.size(); ++i) {
    const char c = s[i];
    if (c == '%') {
      if (i + 2 >= s.size() || !isHex(s[i + 1]) || !isHex(s[i + 2])) return false;
      i += 2;
    } else if (!set[static_cast<unsigned char>(c)]) {
      return false;
    }
  }
  return true;
}

bool validScheme(std::string_view s) {
  if (s.empty() || !grammar::isAlpha(s[0])) return false;
  for (char c : s)
    if (!grammar::isAlnum(c) && c != '+' && c != '-' && c != '.') return false;
  return true;
}

// `;name[=value]` URI parameters (no LWS allowed inside a URI).
bool parseUriParams(std::string_view s, ParamList& out) {
  while (!s.empty()) {
    if (s.front() != ';') return false;
    s.remove_prefix(1);
    const std::size_t end = s.find(';');
    const std::string_view item = s.substr(0, end);
    s = end == std::string_view::npos ? std::string_view{} : s.substr(end);
    const std::size_t eq = item.find('=');
    const std::string_view name = item.substr(0, eq);
    if (name.empty() || !allowedEscaped(name, kParamChars)) return false;
    if (eq == std::string_view::npos) {
      out.append(Param{std::string(name), std::nullopt});
    } else {
      const std::string_view value = item.substr(eq + 1);
      if (value.empty() || !allowedEscaped(value, kParamChars)) return false;
      out.append(Param{std::string(name), std::string(value)});
    }
  }
  return true;
}

// sip:/sips: after the colon: [userinfo "@"] hostport uri-parameters ["?" headers].
bool parseSipPart(std::string_view rest, Uri& uri) {
  // Neither user nor password may hold a bare '@' (§25.1), so the first one ends the userinfo;
  // the user part may hold ';' and '?' (RFC 4475 §3.1.1.2), hence this order.
  const std::size_t at = rest.find('@');
  if (at != std::string_view::npos) {
    const std::string_view userinfo = rest.substr(0, at);
    const std::size_t colon = userinfo.find(':');
    const std::string_view user = userinfo.substr(0, colon);
    if (user.empty() || !allowedEscaped(user, kUserChars)) return false;
    uri.user = std::string(user);
    if (colon != std::string_view::npos) {
      const std::string_view password = userinfo.substr(colon + 1);
      if (!allowedEscaped(password, kPasswordChars)) return false;
      uri.password = std::string(password);
    }
    rest.remove_prefix(at + 1);
  }
  const std::size_t hostLength = grammar::scanHost(rest, 0);
  if (hostLength == 0) return false;
  uri.host = text::lower(rest.substr(0, hostLength));
  rest.remove_prefix(hostLength);
  if (!rest.empty() && rest.front() == ':') {
    const std::size_t end = rest.find_first_of(";?");
    std::uint16_t port = 0;
    if (!grammar::parsePort(rest.substr(1, end == std::string_view::npos ? end : end - 1), port))
      return false;
    uri.port = port;
    rest = end == std::string_view::npos ? std::string_view{} : rest.substr(end);
  }
  const std::size_t question = rest.find('?');
  if (!parseUriParams(rest.substr(0, question), uri.params)) return false;
  if (question != std::string_view::npos) {
    const std::string_view headers = rest.substr(question + 1);
    if (headers.empty() || !allowedEscaped(headers, kHeaderChars)) return false;
    uri.headers = std::string(headers);
  }
  return true;
}

int hexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  return c - 'A' + 10;
}

}  // namespace

bool ParamList::has(std::string_view name) const {
  for (const auto& p : items_)
    if (text::iequals(p.name, name)) return true;
  return false;
}

std::optional<std::string_view> ParamList::get(std::string_view name) const {
  for (const auto& p : items_)
    if (text::iequals(p.name, name))
      return p.value ? std::string_view(*p.value) : std::string_view{};
  return std::nullopt;
}

void ParamList::set(std::string_view name, std::optional<std::string> value) {
  for (auto& p : items_) {
    if (text::iequals(p.name, name)) {
      p.value = std::move(value);
      return;
    }
  }
  items_.push_back(Param{std::string(name), std::move(value)});
}

void ParamList::remove(std::string_view name) {
  std::erase_if(items_, [&](const Param& p) { return text::iequals(p.name, name); });
}

void ParamList::appendTo(std::string& out) const {
  for (const auto& p : items_) {
    out.push_back(';');
    out += p.name;
    if (p.value) {
      out.push_back('=');
      out += *p.value;
    }
  }
}

std::optional<Uri> Uri::parse(std::string_view text) {
  std::optional<Uri> out(std::in_place);
  if (!grammar::parseUriInto(text, *out)) out.reset();
  return out;
}

bool grammar::parseUriInto(std::string_view text, Uri& uri) {
  const std::size_t colon = text.find(':');
  if (colon == std::string_view::npos || !validScheme(text.substr(0, colon))) return false;
  const std::string_view rest = text.substr(colon + 1);
  if (rest.empty()) return false;
  uri.scheme = text::lower(text.substr(0, colon));
  if (uri.isSip()) {
    // Each part is checked against its own character set there.
    return parseSipPart(rest, uri);
  }
  if (!allowedEscaped(rest, kUricChars)) return false;
  uri.opaque = std::string(rest);
  if (uri.scheme == "tel") {
    // RFC 3966: telephone-subscriber *par. The number and its parameters are filled in for
    // convenience; toString() writes the opaque text back unchanged.
    const std::size_t semi = rest.find(';');
    uri.user = std::string(rest.substr(0, semi));
    if (uri.user.empty()) return false;
    if (semi != std::string_view::npos && !parseUriParams(rest.substr(semi), uri.params))
      return false;
  }
  return true;
}

namespace {
std::string percentDecoded(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '%' && i + 2 < text.size() && isHex(text[i + 1]) && isHex(text[i + 2])) {
      out.push_back(static_cast<char>(hexValue(text[i + 1]) * 16 + hexValue(text[i + 2])));
      i += 2;
    } else {
      out.push_back(text[i]);
    }
  }
  return out;
}
}  // namespace

std::string Uri::userUnescaped() const { return percentDecoded(user); }

std::optional<std::string> Uri::header(std::string_view name) const {
  std::string_view rest = headers;
  while (!rest.empty()) {
    const auto amp = rest.find('&');
    const std::string_view field = rest.substr(0, amp);
    rest = amp == std::string_view::npos ? std::string_view{} : rest.substr(amp + 1);
    const auto eq = field.find('=');
    if (text::iequals(percentDecoded(field.substr(0, eq)), name)) {
      return eq == std::string_view::npos ? std::string{} : percentDecoded(field.substr(eq + 1));
    }
  }
  return std::nullopt;
}

std::string Uri::hostPort() const {
  std::string out = host;
  if (port) {
    out.push_back(':');
    out += std::to_string(*port);
  }
  return out;
}

std::string Uri::toString() const {
  std::string out;
  out.reserve(scheme.size() + user.size() + host.size() + opaque.size() + headers.size() + 32);
  grammar::appendUri(out, *this);
  return out;
}

void grammar::appendUri(std::string& out, const Uri& uri) {
  out += uri.scheme;
  out.push_back(':');
  if (!uri.isSip()) {
    out += uri.opaque;
    return;
  }
  if (!uri.user.empty() || uri.password) {
    out += uri.user;
    if (uri.password) {
      out.push_back(':');
      out += *uri.password;
    }
    out.push_back('@');
  }
  out += uri.host;
  if (uri.port) {
    char digits[8];
    const auto written = std::to_chars(digits, digits + sizeof digits, *uri.port);
    out.push_back(':');
    out.append(digits, written.ptr);
  }
  uri.params.appendTo(out);
  if (!uri.headers.empty()) {
    out.push_back('?');
    out += uri.headers;
  }
}

}  // namespace sb::sip
