// SPDX-License-Identifier: MIT
#include "storage/secret_repository.h"

#include "storage/database.h"

namespace sb::storage {
namespace {

SecretRecord readRecord(Statement& s) {
  return SecretRecord{s.columnText(0), s.columnText(1), s.columnText(2), s.columnInt(3)};
}

}  // namespace

Result<std::optional<SecretRecord>> SecretRepository::get(std::string_view kind,
                                                            std::string_view name) {
  auto s = db_.cached(
      "SELECT kind, name, value, created_at FROM secrets WHERE kind = ?1 AND name = ?2");
  s->bindText(1, kind).bindText(2, name);
  switch (s->step()) {
    case Statement::Step::Row: return std::optional<SecretRecord>(readRecord(*s));
    case Statement::Step::Done: return std::optional<SecretRecord>();
    case Statement::Step::Error: break;
  }
  return fail("reading secret " + std::string(kind) + "/" + std::string(name) + ": " + s->error());
}

Status SecretRepository::put(const SecretRecord& record) {
  auto s = db_.cached(
      "INSERT INTO secrets (kind, name, value, created_at) VALUES (?1, ?2, ?3, ?4)"
      " ON CONFLICT (kind, name) DO UPDATE SET value = excluded.value,"
      " created_at = excluded.created_at");
  s->bindText(1, record.kind).bindText(2, record.name).bindText(3, record.value);
  s->bindInt(4, record.createdAt);
  if (auto r = s->run(); !r)
    return fail("saving secret " + record.kind + "/" + record.name + ": " + r.error());
  return {};
}

Result<std::vector<SecretRecord>> SecretRepository::all() {
  auto s = db_.cached("SELECT kind, name, value, created_at FROM secrets ORDER BY kind, name");
  std::vector<SecretRecord> records;
  Statement::Step step;
  while ((step = s->step()) == Statement::Step::Row) records.push_back(readRecord(*s));
  if (step == Statement::Step::Error) return fail("reading secrets: " + s->error());
  return records;
}

}  // namespace sb::storage
