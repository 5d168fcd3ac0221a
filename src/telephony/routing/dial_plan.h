// SPDX-License-Identifier: MIT
#pragma once
#include <optional>
#include <string_view>
#include <vector>

#include "telephony/accounts/account_directory.h"
#include "telephony/routing/destination.h"
#include "telephony/routing/feature_codes.h"
#include "telephony/routing/origin.h"
#include "telephony/routing/ring_group.h"

namespace sb::routing {

// From who calls and what they dialled to the destinations to try, in order. The call engine
// executes them and knows no numbers itself: feature codes, ring groups and extensions are data
// here. A list rather than one answer, so a route can fall over to the next (trunks).
class DialPlan {
 public:
  DialPlan(const accounts::AccountDirectory& accounts, std::vector<RingGroup> ringGroups,
           std::vector<FeatureCodeEntry> featureCodes = defaultFeatureCodes());

  // Empty when the number leads nowhere (404).
  std::vector<Destination> route(const Origin& origin, std::string_view dialled) const;
  // Where a forward or a ring group's no-answer target leads: a ring group or an extension
  // (feature codes are for people dialling, not for forwards).
  std::optional<Destination> resolve(std::string_view number) const;

  const RingGroup* ringGroup(std::string_view number) const;
  const std::vector<RingGroup>& ringGroups() const { return ringGroups_; }

 private:
  std::optional<Destination> featureFor(std::string_view dialled) const;

  const accounts::AccountDirectory& accounts_;
  std::vector<RingGroup> ringGroups_;
  std::vector<FeatureCodeEntry> featureCodes_;
};

}  // namespace sb::routing
