// SPDX-License-Identifier: MIT
#include "storage/voicemail_repository.h"

#include <sqlite3.h>

#include "storage/database.h"

namespace sb::storage {
namespace {

constexpr const char* kColumns = "id, mailbox, caller, caller_name, received_at, duration_ms, file, heard";

VoicemailRecord readRow(const Statement& s) {
  return {s.columnInt(0), s.columnText(1), s.columnText(2), s.columnText(3),
          s.columnInt(4), s.columnInt(5), s.columnText(6), s.columnInt(7) != 0};
}

}  // namespace

Result<std::int64_t> VoicemailRepository::insert(const VoicemailRecord& r) {
  auto s = db_.cached(
      "INSERT INTO voicemail_messages (mailbox, caller, caller_name, received_at, duration_ms, file, heard)"
      " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)");
  s->bindText(1, r.mailbox).bindText(2, r.caller).bindText(3, r.callerName).bindInt(4, r.receivedAtMs);
  s->bindInt(5, r.durationMs).bindText(6, r.file).bindInt(7, r.heard ? 1 : 0);
  if (auto done = s->run(); !done) return fail("saving a voicemail message for " + r.mailbox + ": " + done.error());
  return static_cast<std::int64_t>(sqlite3_last_insert_rowid(db_.handle()));
}

Result<std::vector<VoicemailRecord>> VoicemailRepository::inMailbox(const std::string& mailbox) {
  auto s = db_.cached(std::string("SELECT ") + kColumns +
                      " FROM voicemail_messages WHERE mailbox = ?1 ORDER BY heard, received_at, id");
  s->bindText(1, mailbox);
  std::vector<VoicemailRecord> records;
  Statement::Step step;
  while ((step = s->step()) == Statement::Step::Row) records.push_back(readRow(*s));
  if (step == Statement::Step::Error) return fail("reading mailbox " + mailbox + ": " + s->error());
  return records;
}

Result<std::optional<VoicemailRecord>> VoicemailRepository::find(std::int64_t id) {
  auto s = db_.cached(std::string("SELECT ") + kColumns + " FROM voicemail_messages WHERE id = ?1");
  s->bindInt(1, id);
  const auto step = s->step();
  if (step == Statement::Step::Error) return fail("reading voicemail message " + std::to_string(id) + ": " + s->error());
  if (step != Statement::Step::Row) return std::optional<VoicemailRecord>{};
  return std::optional<VoicemailRecord>{readRow(*s)};
}

Result<VoicemailCounts> VoicemailRepository::counts(const std::string& mailbox) {
  auto s = db_.cached(
      "SELECT COALESCE(SUM(heard = 0), 0), COALESCE(SUM(heard != 0), 0) FROM voicemail_messages WHERE mailbox = ?1");
  s->bindText(1, mailbox);
  if (s->step() != Statement::Step::Row) return fail("counting mailbox " + mailbox + ": " + s->error());
  return VoicemailCounts{static_cast<int>(s->columnInt(0)), static_cast<int>(s->columnInt(1))};
}

Status VoicemailRepository::markHeard(std::int64_t id) {
  auto s = db_.cached("UPDATE voicemail_messages SET heard = 1 WHERE id = ?1");
  s->bindInt(1, id);
  if (auto done = s->run(); !done) return fail("marking voicemail message heard: " + done.error());
  return {};
}

Status VoicemailRepository::remove(std::int64_t id) {
  auto s = db_.cached("DELETE FROM voicemail_messages WHERE id = ?1");
  s->bindInt(1, id);
  if (auto done = s->run(); !done) return fail("deleting voicemail message: " + done.error());
  return {};
}

Result<std::vector<std::string>> VoicemailRepository::mailboxes() {
  auto s = db_.cached("SELECT DISTINCT mailbox FROM voicemail_messages ORDER BY mailbox");
  std::vector<std::string> names;
  Statement::Step step;
  while ((step = s->step()) == Statement::Step::Row) names.push_back(s->columnText(0));
  if (step == Statement::Step::Error) return fail("listing mailboxes: " + s->error());
  return names;
}

}  // namespace sb::storage
