// SPDX-License-Identifier: MIT
#include <algorithm>
#include <cassert>
#include <set>
#include <string>

#include "storage/database.h"
#include "storage/migration.h"

namespace sb::storage {

Result<int> applyMigrations(Database& db, std::span<const Migration> migrations) {
  assert(std::is_sorted(migrations.begin(), migrations.end(),
                        [](const Migration& a, const Migration& b) { return a.version < b.version; }));
  if (auto s = db.exec(
          "CREATE TABLE IF NOT EXISTS schema_migrations ("
          " version INTEGER PRIMARY KEY,"
          " name TEXT NOT NULL,"
          " applied_at INTEGER NOT NULL)");
      !s)
    return fail("cannot create schema_migrations: " + s.error());

  std::set<std::int64_t> applied;
  {
    Statement select = db.prepare("SELECT version FROM schema_migrations");
    Statement::Step step;
    while ((step = select.step()) == Statement::Step::Row) applied.insert(select.columnInt(0));
    if (step == Statement::Step::Error) return fail(select.error());
  }
  const int newestKnown = migrations.empty() ? 0 : migrations.back().version;
  if (!applied.empty() && *applied.rbegin() > newestKnown)
    return fail("the database has schema version " + std::to_string(*applied.rbegin()) +
                ", newer than this program knows (" + std::to_string(newestKnown) +
                "); it was written by a newer Switchboard");

  int count = 0;
  for (const Migration& migration : migrations) {
    if (applied.count(migration.version)) continue;
    Transaction tx = db.transaction();
    if (!tx.began()) return fail("migration " + std::string(migration.name) + ": " + tx.commit().error());
    if (auto s = db.exec(migration.sql); !s)
      return fail("migration " + std::string(migration.name) + " failed: " + s.error());
    Statement record = db.prepare(
        "INSERT INTO schema_migrations (version, name, applied_at)"
        " VALUES (?1, ?2, CAST(strftime('%s','now') AS INTEGER))");
    record.bindInt(1, migration.version).bindText(2, migration.name);
    if (auto s = record.run(); !s)
      return fail("migration " + std::string(migration.name) + ": " + s.error());
    if (auto s = tx.commit(); !s)
      return fail("migration " + std::string(migration.name) + ": " + s.error());
    ++count;
  }
  return count;
}

}  // namespace sb::storage
