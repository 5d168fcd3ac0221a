// SPDX-License-Identifier: MIT
#pragma once
#include <charconv>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace sb::text {

inline char toLower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c + 32) : c; }
inline char toUpper(char c) { return (c >= 'a' && c <= 'z') ? static_cast<char>(c - 32) : c; }

bool iequals(std::string_view a, std::string_view b);
std::string lower(std::string_view s);
std::string upper(std::string_view s);
std::string_view trim(std::string_view s);  // spaces and tabs at both ends
bool startsWithI(std::string_view s, std::string_view prefix);

// Splits on sep, ignoring separators inside double quotes and <...> (SIP header value lists).
std::vector<std::string_view> splitOutsideQuotes(std::string_view s, char sep);

// Whole-string unsigned decimal; nullopt on anything else (sign, spaces, overflow).
template <typename T>
std::optional<T> parseUnsigned(std::string_view s) {
  T value{};
  if (s.empty()) return std::nullopt;
  auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), value);
  if (ec != std::errc{} || ptr != s.data() + s.size()) return std::nullopt;
  return value;
}

std::string hex(const std::uint8_t* data, std::size_t size);
// Strips characters that would let attacker-supplied text break a log line or field: quotes,
// control characters and backslashes become '_'.
std::string sanitizeForLog(std::string_view s, std::size_t maxLength = 128);
// The same, appended to `out` (no temporary string on a hot path such as the security log).
void appendSanitizedForLog(std::string& out, std::string_view s, std::size_t maxLength = 128);

}  // namespace sb::text
