// SPDX-License-Identifier: MIT
#include "sip/message/replaces.h"

#include "base/text.h"

namespace sb::sip {

std::optional<Replaces> Replaces::parse(std::string_view value) {
  Replaces out;
  bool haveTo = false;
  bool haveFrom = false;
  std::size_t start = 0;
  bool first = true;
  while (start <= value.size()) {
    const auto semi = value.find(';', start);
    const std::string_view field =
        text::trim(value.substr(start, semi == std::string_view::npos ? std::string_view::npos : semi - start));
    if (first) {
      out.callId = std::string(field);
      first = false;
    } else {
      const auto eq = field.find('=');
      const std::string_view name = text::trim(field.substr(0, eq));
      const std::string_view param =
          eq == std::string_view::npos ? std::string_view{} : text::trim(field.substr(eq + 1));
      if (text::iequals(name, "to-tag")) {
        out.toTag = std::string(param);
        haveTo = true;
      } else if (text::iequals(name, "from-tag")) {
        out.fromTag = std::string(param);
        haveFrom = true;
      } else if (text::iequals(name, "early-only")) {
        out.earlyOnly = true;
      }
    }
    if (semi == std::string_view::npos) break;
    start = semi + 1;
  }
  if (out.callId.empty() || !haveTo || !haveFrom || out.toTag.empty() || out.fromTag.empty()) {
    return std::nullopt;
  }
  return out;
}

}  // namespace sb::sip
