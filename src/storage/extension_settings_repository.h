// SPDX-License-Identifier: MIT
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "base/result.h"

namespace sb::storage {

class Database;

// The call settings of one extension as its user last set them from the phone.
struct ExtensionSettingsRecord {
  std::string number;
  bool dnd = false;
  std::string forwardAll;       // "" = off
  std::string forwardBusy;
  std::string forwardNoAnswer;
  std::int64_t updatedAt = 0;   // unix seconds
};

// Keeps the per-extension settings feature codes change, so a restart keeps them. Which value wins
// over the configuration is the caller's business (telephony/call's ExtensionSettings).
class ExtensionSettingsRepository {
 public:
  explicit ExtensionSettingsRepository(Database& db) : db_(db) {}
  // Inserts or replaces the row of record.number, committed at once.
  Status put(const ExtensionSettingsRecord& record);
  Result<std::vector<ExtensionSettingsRecord>> all();

 private:
  Database& db_;
};

}  // namespace sb::storage
