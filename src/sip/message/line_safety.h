// SPDX-License-Identifier: MIT
#pragma once
#include <cstring>
#include <string>
#include <string_view>

namespace sb::sip {

// CR or LF inside a name, value or reason would let the text end a line early and smuggle in
// headers of its own: written as a space instead. Blanks those in out[start..]; text that holds
// none (almost all) is only scanned by memchr, far cheaper than a per-character copy.
inline void blankLineBreaks(std::string& out, std::size_t start) {
  if (start >= out.size()) return;
  const char* p = out.data() + start;
  const std::size_t n = out.size() - start;
  if (std::memchr(p, '\r', n) == nullptr && std::memchr(p, '\n', n) == nullptr) return;
  for (std::size_t i = start; i < out.size(); ++i)
    if (out[i] == '\r' || out[i] == '\n') out[i] = ' ';
}

inline void appendLineSafe(std::string& out, std::string_view s) {
  const std::size_t start = out.size();
  out.append(s);
  blankLineBreaks(out, start);
}

}  // namespace sb::sip
