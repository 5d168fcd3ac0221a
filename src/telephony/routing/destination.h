// SPDX-License-Identifier: MIT
#pragma once
#include <cstdint>
#include <optional>
#include <string>

#include "telephony/feature/forward/feature_code.h"

namespace sb::routing {

// A service Switchboard itself answers, reached by a feature code.
enum class Feature : std::uint8_t {
  EchoTest,         // what the caller says comes back
  ListenToMailbox,  // the caller's own voicemail
  PickUpAny,        // answer the oldest call ringing anywhere
  PickUpExtension,  // answer a call ringing at one extension (Destination::target)
  CallSetting,      // do not disturb and forwards (Destination::setting)
};

// One thing a dialled number can lead to. The call engine tries a call's destinations in order;
// every kind but Extension and RingGroup is answered by Switchboard.
struct Destination {
  enum class Kind : std::uint8_t { Extension, RingGroup, Feature };

  Kind kind = Kind::Extension;
  std::string target;  // Extension: its number; RingGroup: the group's number; PickUpExtension: whose
  Feature feature = Feature::EchoTest;  // Kind::Feature
  std::optional<feature::FeatureCode> setting;  // Feature::CallSetting
  bool incomplete = false;  // a feature code without the number it needs ("*72"): 484

  static Destination extension(std::string number) { return {Kind::Extension, std::move(number)}; }
  static Destination ringGroup(std::string number) { return {Kind::RingGroup, std::move(number)}; }
  static Destination service(Feature which, std::string target = {}) {
    return {Kind::Feature, std::move(target), which};
  }
};

}  // namespace sb::routing
