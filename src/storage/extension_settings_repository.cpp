// SPDX-License-Identifier: MIT
#include "storage/extension_settings_repository.h"

#include "storage/database.h"

namespace sb::storage {

Status ExtensionSettingsRepository::put(const ExtensionSettingsRecord& record) {
  auto s = db_.cached(
      "INSERT INTO extension_settings (number, dnd, forward_all, forward_busy, forward_no_answer,"
      " updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6) ON CONFLICT (number) DO UPDATE SET"
      " dnd = excluded.dnd, forward_all = excluded.forward_all, forward_busy = excluded.forward_busy,"
      " forward_no_answer = excluded.forward_no_answer, updated_at = excluded.updated_at");
  s->bindText(1, record.number).bindInt(2, record.dnd ? 1 : 0).bindText(3, record.forwardAll);
  s->bindText(4, record.forwardBusy).bindText(5, record.forwardNoAnswer).bindInt(6, record.updatedAt);
  if (auto r = s->run(); !r) return fail("saving the settings of extension " + record.number + ": " + r.error());
  return {};
}

Result<std::vector<ExtensionSettingsRecord>> ExtensionSettingsRepository::all() {
  auto s = db_.cached(
      "SELECT number, dnd, forward_all, forward_busy, forward_no_answer, updated_at"
      " FROM extension_settings ORDER BY number");
  std::vector<ExtensionSettingsRecord> records;
  Statement::Step step;
  while ((step = s->step()) == Statement::Step::Row) {
    records.push_back({s->columnText(0), s->columnInt(1) != 0, s->columnText(2), s->columnText(3),
                       s->columnText(4), s->columnInt(5)});
  }
  if (step == Statement::Step::Error) return fail("reading extension settings: " + s->error());
  return records;
}

}  // namespace sb::storage
