// SPDX-License-Identifier: MIT
#include "app/config/weak_secret.h"

#include <algorithm>
#include <array>

#include "base/text.h"

namespace sb::config {
namespace {

bool isLetter(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

bool isCommon(std::string_view word) {
  const auto list = commonPasswords();
  return std::find(list.begin(), list.end(), word) != list.end();
}

// "2024Password!!" -> "password": what is left when digits and symbols stuck on the ends go.
// '@' and '$' stay: they stand for letters ("@dmin", "pa$$").
std::string stripAffixes(std::string_view s) {
  auto keep = [](char c) { return isLetter(c) || c == '@' || c == '$'; };
  while (!s.empty() && !keep(s.front())) s.remove_prefix(1);
  while (!s.empty() && !keep(s.back())) s.remove_suffix(1);
  return std::string(s);
}

// Undoes the usual letter-for-symbol swaps; `one` is what '1' stands for ('i' or 'l').
std::string deleet(std::string_view s, char one) {
  std::string out(s);
  for (char& c : out) {
    switch (c) {
      case '@': case '4': c = 'a'; break;
      case '3': c = 'e'; break;
      case '0': c = 'o'; break;
      case '$': case '5': c = 's'; break;
      case '7': c = 't'; break;
      case '!': c = 'i'; break;
      case '1': c = one; break;
      default: break;
    }
  }
  return out;
}

bool isCommonWord(std::string_view lower) {
  if (isCommon(lower)) return true;
  const std::string core = stripAffixes(lower);
  if (core.empty()) return false;
  return isCommon(core) || isCommon(deleet(core, 'i')) || isCommon(deleet(core, 'l'));
}

// "abcabcabcabc", "passwordpassword", "!!!!!!!!!!!!": one unit written over and over.
bool isRepeatedPattern(std::string_view s) {
  for (std::size_t unit = 1; unit <= s.size() / 2; ++unit) {
    if (s.size() % unit != 0) continue;
    bool repeats = true;
    for (std::size_t i = unit; i < s.size() && repeats; ++i) repeats = s[i] == s[i - unit];
    if (repeats) return true;
  }
  return false;
}

// Rows and columns people walk on a keyboard, and the digits counting round.
constexpr std::array<std::string_view, 6> kWalks = {
    "1234567890123456789012345678901234567890",
    "qwertyuiopasdfghjklzxcvbnm",
    "qwertzuiopasdfghjklyxcvbnm",
    "azertyuiopqsdfghjklmwxcvbn",
    "1qaz2wsx3edc4rfv5tgb6yhn7ujm8ik9ol0p",
    "!@#$%^&*()_+",
};

bool isSequence(std::string_view s) {
  // Letters or digits counting up or down by one: "abcdefghijkl", "987654321098".
  auto counts = [&](int direction) {
    for (std::size_t i = 1; i < s.size(); ++i) {
      const char a = s[i - 1];
      const char b = s[i];
      const bool digits = a >= '0' && a <= '9' && b >= '0' && b <= '9';
      if (digits) {
        if ((a - '0' + direction + 10) % 10 != b - '0') return false;
      } else if (b - a != direction) {
        return false;
      }
    }
    return true;
  };
  if (counts(1) || counts(-1)) return true;
  for (std::string_view walk : kWalks) {
    std::string reversed(walk.rbegin(), walk.rend());
    if (walk.find(s) != std::string_view::npos || reversed.find(s) != std::string::npos) return true;
  }
  return false;
}

std::string removeAll(std::string s, std::string_view part) {
  for (auto at = s.find(part); at != std::string::npos; at = s.find(part)) s.erase(at, part.size());
  return s;
}

// Weak by its shape alone, whatever extension it belongs to.
std::optional<std::string> shapeReason(std::string_view lower) {
  if (isRepeatedPattern(lower)) return "a repeated pattern";
  if (isSequence(lower)) return "a keyboard or counting sequence";
  if (isCommonWord(lower)) return "a commonly used password";
  return std::nullopt;
}

}  // namespace

std::optional<std::string> weakSecretReason(std::string_view secret, std::string_view number) {
  if (secret.size() < kMinSecretLength)
    return "shorter than " + std::to_string(kMinSecretLength) + " characters";
  const std::string lower = text::lower(secret);
  // Scanners try the extension number itself and simple decorations of it first.
  if (!number.empty() && lower.find(number) != std::string::npos) {
    const std::string rest = removeAll(lower, number);
    if (rest.size() < 8 || stripAffixes(rest).size() < 6 || shapeReason(rest))
      return "made from the extension number";
  }
  return shapeReason(lower);
}

}  // namespace sb::config
