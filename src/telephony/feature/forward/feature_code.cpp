// SPDX-License-Identifier: MIT
#include "telephony/feature/forward/feature_code.h"

#include <algorithm>
#include <array>
#include <cctype>

namespace sb::feature {

namespace {

struct Entry {
  std::string_view prefix;
  FeatureCode::Kind kind;
  bool takesNumber;
};

constexpr std::array<Entry, 8> kCodes{{
    {"*78", FeatureCode::Kind::DndOn, false},
    {"*79", FeatureCode::Kind::DndOff, false},
    {"*72", FeatureCode::Kind::ForwardAllOn, true},
    {"*73", FeatureCode::Kind::ForwardAllOff, false},
    {"*90", FeatureCode::Kind::ForwardBusyOn, true},
    {"*91", FeatureCode::Kind::ForwardBusyOff, false},
    {"*52", FeatureCode::Kind::ForwardNoAnswerOn, true},
    {"*53", FeatureCode::Kind::ForwardNoAnswerOff, false},
}};

bool allDigits(std::string_view s) {
  return std::all_of(s.begin(), s.end(), [](unsigned char c) { return std::isdigit(c) != 0; });
}

}  // namespace

FeatureCodeParse parseFeatureCode(std::string_view dialled) {
  FeatureCodeParse out;
  for (const auto& entry : kCodes) {
    if (!dialled.starts_with(entry.prefix)) continue;
    const auto rest = dialled.substr(entry.prefix.size());
    if (!entry.takesNumber) {
      if (rest.empty()) out.code = FeatureCode{entry.kind, {}};
      return out;
    }
    if (rest.empty()) {
      out.incomplete = true;
    } else if (rest.size() <= 15 && allDigits(rest)) {
      out.code = FeatureCode{entry.kind, std::string(rest)};
    }
    return out;
  }
  return out;
}

}  // namespace sb::feature
