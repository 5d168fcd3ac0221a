// SPDX-License-Identifier: MIT
#pragma once
#include <string>
#include <string_view>
#include <unordered_map>

#include "base/clock.h"
#include "storage/extension_settings_repository.h"
#include "telephony/feature/forward/feature_code.h"

namespace sb::feature {

// Do not disturb and the three forwards of one extension ("" = off).
struct CallSettings {
  bool dnd = false;
  std::string forwardAll;
  std::string forwardBusy;
  std::string forwardNoAnswer;
};

// Every extension's call settings: the configuration's values, overridden by what its user set
// from the phone (kept in SQLite, so a restart keeps them). It decides nothing about calls; the
// call engine asks it.
class CallSettingsBook {
 public:
  CallSettingsBook(storage::ExtensionSettingsRepository& repository, const Clock& clock);

  void setConfigured(const std::string& number, CallSettings settings);
  // Reads what users set before the last stop; an error leaves the configured values.
  Status loadStored();

  CallSettings of(std::string_view number) const;
  // Applies a feature code dialled by `number` and stores the result. A forward to the extension
  // itself is refused (false), as is a store failure.
  bool apply(const std::string& number, const FeatureCode& code);

 private:
  storage::ExtensionSettingsRepository& repository_;
  const Clock& clock_;
  std::unordered_map<std::string, CallSettings> configured_;
  std::unordered_map<std::string, CallSettings> stored_;
};

}  // namespace sb::feature
