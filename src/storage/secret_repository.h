// SPDX-License-Identifier: MIT
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"

namespace sb::storage {

class Database;

struct SecretRecord {
  std::string kind;  // "extension", "phone", "server"
  std::string name;  // extension number, phone MAC, key name
  std::string value;
  std::int64_t createdAt = 0;  // unix seconds
};

// Reads and writes generated secrets, keyed by (kind, name). Deciding when to generate one is the
// SecretStore's job (src/app/config); this class only keeps them.
class SecretRepository {
 public:
  explicit SecretRepository(Database& db) : db_(db) {}

  Result<std::optional<SecretRecord>> get(std::string_view kind, std::string_view name);
  // Inserts, or replaces the value and creation time of an existing (kind, name).
  Status put(const SecretRecord& record);
  Result<std::vector<SecretRecord>> all();  // ordered by kind, then name

 private:
  Database& db_;
};

}  // namespace sb::storage
