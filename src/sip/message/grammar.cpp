// SPDX-License-Identifier: MIT
#include "sip/message/grammar.h"

#include <array>

namespace sb::sip::grammar {
namespace {

// One lookup table per character class: the parsers test characters in tight loops.
constexpr std::array<bool, 256> makeTable(std::string_view extra, bool alnum) {
  std::array<bool, 256> t{};
  if (alnum) {
    for (int c = '0'; c <= '9'; ++c) t[static_cast<std::size_t>(c)] = true;
    for (int c = 'a'; c <= 'z'; ++c) t[static_cast<std::size_t>(c)] = true;
    for (int c = 'A'; c <= 'Z'; ++c) t[static_cast<std::size_t>(c)] = true;
  }
  for (char c : extra) t[static_cast<unsigned char>(c)] = true;
  return t;
}

constexpr auto kToken = makeTable("-.!%*_+`'~", true);
constexpr auto kUnreserved = makeTable("-_.!~*'()", true);
// Header parameter values: token, host (with IPv6 brackets and colons, RFC 5118 §4.5 allows a
// bare IPv6 received=) or quoted-string (handled apart).
constexpr auto kParamValue = makeTable("-.!%*_+`'~:[]", true);
constexpr auto kHostname = makeTable("-._", true);
constexpr auto kIpv6 = makeTable(":.0123456789abcdefABCDEF", false);

inline bool in(const std::array<bool, 256>& table, char c) {
  return table[static_cast<unsigned char>(c)];
}

}  // namespace

bool isTokenChar(char c) { return in(kToken, c); }
bool isUnreserved(char c) { return in(kUnreserved, c); }

bool isToken(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s)
    if (!in(kToken, c)) return false;
  return true;
}

bool allDigits(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s)
    if (!isDigit(c)) return false;
  return true;
}

std::string_view takeToken(std::string_view s, std::size_t& i) {
  const std::size_t start = i;
  while (i < s.size() && in(kToken, s[i])) ++i;
  return s.substr(start, i - start);
}

std::string_view takeQuoted(std::string_view s, std::size_t& i) {
  const std::size_t start = i;
  std::size_t j = i + 1;
  while (j < s.size()) {
    if (s[j] == '\\') {
      // quoted-pair = "\" (%x00-09 / %x0B-0C / %x0E-7F)
      if (j + 1 >= s.size() || s[j + 1] == '\r' || s[j + 1] == '\n') return {};
      j += 2;
    } else if (s[j] == '"') {
      i = j + 1;
      return s.substr(start, i - start);
    } else {
      ++j;
    }
  }
  return {};
}

std::string unquote(std::string_view quoted) {
  std::string out;
  if (quoted.size() < 2) return out;
  const std::string_view inner = quoted.substr(1, quoted.size() - 2);
  out.reserve(inner.size());
  for (std::size_t i = 0; i < inner.size(); ++i) {
    if (inner[i] == '\\' && i + 1 < inner.size()) ++i;
    out.push_back(inner[i]);
  }
  return out;
}

void appendQuoted(std::string& out, std::string_view text) {
  out.push_back('"');
  for (char c : text) {
    if (c == '\r' || c == '\n') continue;
    const auto u = static_cast<unsigned char>(c);
    // qdtext holds neither '"', '\\' nor control characters: those go as quoted-pairs.
    if (c == '"' || c == '\\' || u < 0x20 || u == 0x7f) out.push_back('\\');
    out.push_back(c);
  }
  out.push_back('"');
}

bool parseHeaderParams(std::string_view s, std::size_t& i, ParamList& out) {
  for (;;) {
    std::size_t j = i;
    skipWsp(s, j);
    if (j >= s.size() || s[j] != ';') return true;
    ++j;
    skipWsp(s, j);
    const std::string_view name = takeToken(s, j);
    if (name.empty()) return false;
    std::size_t k = j;
    skipWsp(s, k);
    if (k < s.size() && s[k] == '=') {
      ++k;
      skipWsp(s, k);
      std::string_view value;
      if (k < s.size() && s[k] == '"') {
        value = takeQuoted(s, k);
      } else {
        const std::size_t start = k;
        while (k < s.size() && in(kParamValue, s[k])) ++k;
        value = s.substr(start, k - start);
      }
      if (value.empty()) return false;
      out.append(Param{std::string(name), std::string(value)});
      i = k;
    } else {
      out.append(Param{std::string(name), std::nullopt});
      i = j;
    }
  }
}

bool isHeaderParamValue(std::string_view value) {
  if (value.empty()) return false;
  if (value.front() == '"') {
    std::size_t k = 0;
    return !takeQuoted(value, k).empty() && k == value.size();
  }
  for (char c : value)
    if (!in(kParamValue, c)) return false;
  return true;
}

std::size_t scanHost(std::string_view s, std::size_t i) {
  if (i >= s.size()) return 0;
  if (s[i] == '[') {
    std::size_t j = i + 1;
    bool colon = false;
    while (j < s.size() && in(kIpv6, s[j])) {
      colon = colon || s[j] == ':';
      ++j;
    }
    if (j >= s.size() || s[j] != ']' || !colon) return 0;
    return j + 1 - i;
  }
  std::size_t j = i;
  while (j < s.size() && in(kHostname, s[j])) ++j;
  return j - i;
}

bool parsePort(std::string_view s, std::uint16_t& port) {
  if (s.empty() || s.size() > 5 || !allDigits(s)) return false;
  unsigned value = 0;
  for (char c : s) value = value * 10 + static_cast<unsigned>(c - '0');
  if (value > 65535) return false;
  port = static_cast<std::uint16_t>(value);
  return true;
}

}  // namespace sb::sip::grammar
