// SPDX-License-Identifier: MIT
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace sb::feature {

// A feature code dialled from a phone, FreePBX style: *78/*79 do not disturb on/off, *72<number>
// / *73 forward every call, *90<number> / *91 forward when busy, *52<number> / *53 forward when
// not answered.
struct FeatureCode {
  enum class Kind : std::uint8_t {
    DndOn, DndOff, ForwardAllOn, ForwardAllOff, ForwardBusyOn, ForwardBusyOff,
    ForwardNoAnswerOn, ForwardNoAnswerOff,
  };
  Kind kind;
  std::string target;  // the number to forward to (the *On forwarding codes only)
};

// What a dialled string is as a feature code: not one (nullopt), or one, or one that lacks its
// number ("*72" alone), which a phone should be told is incomplete (484).
struct FeatureCodeParse {
  std::optional<FeatureCode> code;
  bool incomplete = false;
  bool isFeatureCode() const { return code.has_value() || incomplete; }
};

FeatureCodeParse parseFeatureCode(std::string_view dialled);

}  // namespace sb::feature
