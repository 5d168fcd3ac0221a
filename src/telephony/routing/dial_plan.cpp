// SPDX-License-Identifier: MIT
#include "telephony/routing/dial_plan.h"

namespace sb::routing {

DialPlan::DialPlan(const accounts::AccountDirectory& accounts, std::vector<RingGroup> ringGroups,
                   std::vector<FeatureCodeEntry> featureCodes)
    : accounts_(accounts), ringGroups_(std::move(ringGroups)), featureCodes_(std::move(featureCodes)) {}

std::vector<Destination> DialPlan::route(const Origin& origin, std::string_view dialled) const {
  // Feature codes act on the caller's own extension (its mailbox, its forwards) or on calls
  // ringing here: only an extension may dial them.
  if (origin.isExtension()) {
    if (auto service = featureFor(dialled)) return {std::move(*service)};
  }
  if (auto destination = resolve(dialled)) return {std::move(*destination)};
  return {};
}

std::optional<Destination> DialPlan::resolve(std::string_view number) const {
  if (ringGroup(number)) return Destination::ringGroup(std::string(number));
  if (accounts_.find(number)) return Destination::extension(std::string(number));
  return std::nullopt;
}

const RingGroup* DialPlan::ringGroup(std::string_view number) const {
  for (const auto& group : ringGroups_) {
    if (group.number == number) return &group;
  }
  return nullptr;
}

std::optional<Destination> DialPlan::featureFor(std::string_view dialled) const {
  for (const auto& entry : featureCodes_) {
    if (entry.prefix) {
      // A prefix code needs something after it: "**" alone is nobody's extension.
      if (dialled.size() > entry.code.size() && dialled.starts_with(entry.code))
        return Destination::service(entry.feature, std::string(dialled.substr(entry.code.size())));
    } else if (dialled == entry.code) {
      return Destination::service(entry.feature);
    }
  }
  const auto setting = feature::parseFeatureCode(dialled);
  if (!setting.isFeatureCode()) return std::nullopt;
  auto destination = Destination::service(Feature::CallSetting);
  destination.setting = setting.code;
  destination.incomplete = setting.incomplete;
  return destination;
}

}  // namespace sb::routing
