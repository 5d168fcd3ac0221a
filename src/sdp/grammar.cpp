// SPDX-License-Identifier: MIT
#include "sdp/grammar.h"

#include "base/text.h"

namespace sb::sdp::grammar {

bool isTokenChar(char c) {
  const auto u = static_cast<unsigned char>(c);
  if (u <= 0x20 || u >= 0x7f) return false;
  switch (c) {
    case '"':
    case '(':
    case ')':
    case ',':
    case '/':
    case ':':
    case ';':
    case '<':
    case '=':
    case '>':
    case '?':
    case '@':
    case '[':
    case '\\':
    case ']':
    case '{':
    case '}': return false;
    default: return true;
  }
}

bool isToken(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s)
    if (!isTokenChar(c)) return false;
  return true;
}

bool isNonWs(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s) {
    const auto u = static_cast<unsigned char>(c);
    if (u <= 0x20 || u == 0x7f) return false;
  }
  return true;
}

std::vector<std::string_view> splitFields(std::string_view s, std::size_t maxFields) {
  std::vector<std::string_view> fields;
  std::size_t i = 0;
  while (i < s.size()) {
    while (i < s.size() && s[i] == ' ') ++i;
    if (i == s.size()) break;
    if (fields.size() == maxFields) {
      fields.emplace_back();
      break;
    }
    const std::size_t start = i;
    while (i < s.size() && s[i] != ' ') ++i;
    fields.push_back(s.substr(start, i - start));
  }
  return fields;
}

bool splitFmtp(std::string_view value, std::string_view& format, std::string_view& parameters) {
  value = text::trim(value);
  const std::size_t space = value.find(' ');
  format = value.substr(0, space);
  parameters = space == std::string_view::npos ? std::string_view{} : text::trim(value.substr(space));
  return isNonWs(format);
}

}  // namespace sb::sdp::grammar
