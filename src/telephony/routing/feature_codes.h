// SPDX-License-Identifier: MIT
#pragma once
#include <string>
#include <vector>

#include "telephony/routing/destination.h"

namespace sb::routing {

// A feature code as data: what the caller dials and the service it reaches. A prefix code takes
// what follows it as the service's target (**<extension> picks up that extension's call).
struct FeatureCodeEntry {
  std::string code;
  Feature feature = Feature::EchoTest;
  bool prefix = false;
};

// Switchboard's codes, FreePBX style: *43 echo test, *97 own voicemail, *8 pick up any ringing
// call, **<ext> pick up at one extension. The do-not-disturb and forwarding codes (*78, *72...)
// come from feature::parseFeatureCode, which also knows which of them take a number.
std::vector<FeatureCodeEntry> defaultFeatureCodes();

}  // namespace sb::routing
