// SPDX-License-Identifier: MIT
#include "telephony/routing/feature_codes.h"

namespace sb::routing {

std::vector<FeatureCodeEntry> defaultFeatureCodes() {
  return {
      {"*43", Feature::EchoTest, false},
      {"*97", Feature::ListenToMailbox, false},
      {"*8", Feature::PickUpAny, false},
      {"**", Feature::PickUpExtension, true},
  };
}

}  // namespace sb::routing
