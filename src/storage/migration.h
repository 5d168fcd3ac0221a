// SPDX-License-Identifier: MIT
#pragma once
#include <span>
#include <string_view>

#include "base/result.h"

namespace sb::storage {

class Database;

// One schema step, from src/storage/migrations/NNNN_name.sql: version NNNN, applied once, in order.
struct Migration {
  int version;
  std::string_view name;  // "0001_secrets"
  std::string_view sql;
};

// The .sql files embedded at build time (see embed_migrations.cmake), sorted by version.
std::span<const Migration> embeddedMigrations();

// Applies, in version order, every migration not yet recorded in schema_migrations, each in its
// own transaction together with its record. Returns how many ran (0 when the schema is current).
// Refuses a database that records a version this program does not know: it was written by a
// newer Switchboard and old code must not guess at its tables.
Result<int> applyMigrations(Database& db, std::span<const Migration> migrations);

}  // namespace sb::storage
