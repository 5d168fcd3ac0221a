// SPDX-License-Identifier: MIT
#include "storage/call_record_repository.h"

#include <sqlite3.h>

#include <algorithm>
#include <limits>

#include "storage/database.h"

namespace sb::storage {
namespace {

constexpr std::string_view kDispositionNames[] = {"ANSWERED", "NO ANSWER", "BUSY", "FAILED",
                                                  "CANCELLED"};
constexpr std::string_view kHangupSideNames[] = {"caller", "callee", "system"};

// SQLite takes LIMIT as a signed 64-bit number and reads a negative one as "no limit".
std::int64_t sqlLimit(std::size_t limit) {
  constexpr auto kMax = static_cast<std::size_t>(std::numeric_limits<std::int64_t>::max());
  return static_cast<std::int64_t>(std::min(limit, kMax));
}

// Reads the rows of a SELECT of every column in table order. A disposition or side this program
// does not know means the row was not written by Switchboard (the table's CHECKs forbid it), so it
// is reported rather than guessed at.
Result<std::vector<CallRecord>> readRecords(Statement& s, std::string_view what) {
  std::vector<CallRecord> records;
  Statement::Step step;
  while ((step = s.step()) == Statement::Step::Row) {
    CallRecord r;
    r.id = s.columnInt(0);
    r.callId = s.columnText(1);
    r.startedAtMs = s.columnInt(2);
    if (!s.columnIsNull(3)) r.answeredAtMs = s.columnInt(3);
    r.endedAtMs = s.columnInt(4);
    r.caller = s.columnText(5);
    r.callerName = s.columnText(6);
    r.callee = s.columnText(7);
    r.dialled = s.columnText(8);
    const std::string disposition = s.columnText(9);
    const auto parsedDisposition = parseDisposition(disposition);
    if (!parsedDisposition)
      return fail(std::string(what) + ": call record " + std::to_string(r.id) +
                  " has an unknown disposition '" + disposition + "'");
    r.disposition = *parsedDisposition;
    r.durationMs = s.columnInt(10);
    r.billableMs = s.columnInt(11);
    r.callerCodec = s.columnText(12);
    r.calleeCodec = s.columnText(13);
    const std::string side = s.columnText(14);
    const auto parsedSide = parseHangupSide(side);
    if (!parsedSide)
      return fail(std::string(what) + ": call record " + std::to_string(r.id) +
                  " has an unknown hang-up side '" + side + "'");
    r.hangupSide = *parsedSide;
    r.hangupCause = s.columnText(15);
    r.sourceAddress = s.columnText(16);
    records.push_back(std::move(r));
  }
  if (step == Statement::Step::Error) return fail(std::string(what) + ": " + s.error());
  return records;
}

}  // namespace

std::string_view dispositionName(Disposition disposition) {
  return kDispositionNames[static_cast<std::size_t>(disposition)];
}

std::string_view hangupSideName(HangupSide side) {
  return kHangupSideNames[static_cast<std::size_t>(side)];
}

std::optional<Disposition> parseDisposition(std::string_view text) {
  for (std::size_t i = 0; i < std::size(kDispositionNames); ++i)
    if (kDispositionNames[i] == text) return static_cast<Disposition>(i);
  return std::nullopt;
}

std::optional<HangupSide> parseHangupSide(std::string_view text) {
  for (std::size_t i = 0; i < std::size(kHangupSideNames); ++i)
    if (kHangupSideNames[i] == text) return static_cast<HangupSide>(i);
  return std::nullopt;
}

// Durability: outside a caller's transaction this INSERT is its own autocommit transaction, and it
// is deliberately not batched. In WAL mode a COMMIT appends the transaction's pages and a commit
// frame to switchboard.db-wal with write() before sqlite3_step() returns. From then on the data
// belongs to the kernel's page cache, not to this process: if the process dies (crash, abort,
// kill -9) the kernel still writes those pages to the file, and the next connection to open the
// database replays every committed frame of the WAL. What synchronous=NORMAL gives up is the
// fsync() of the WAL at each commit (it syncs only at checkpoints), so a power cut or kernel panic
// may lose the last few commits; it never corrupts the database, and a process crash loses
// nothing that was committed (https://www.sqlite.org/pragma.html#pragma_synchronous, "WAL mode").
// Batching would instead keep finished records in this process's memory, where a crash loses them.
Result<std::int64_t> CallRecordRepository::insert(const CallRecord& r) {
  auto s = db_.cached(
      "INSERT INTO call_records (call_id, started_at, answered_at, ended_at, caller, caller_name,"
      " callee, dialled, disposition, duration_ms, billable_ms, caller_codec, callee_codec,"
      " hangup_side, hangup_cause, source_address)"
      " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16)");
  s->bindText(1, r.callId).bindInt(2, r.startedAtMs);
  if (r.answeredAtMs)
    s->bindInt(3, *r.answeredAtMs);
  else
    s->bindNull(3);
  s->bindInt(4, r.endedAtMs).bindText(5, r.caller).bindText(6, r.callerName);
  s->bindText(7, r.callee).bindText(8, r.dialled).bindText(9, dispositionName(r.disposition));
  s->bindInt(10, r.durationMs).bindInt(11, r.billableMs).bindText(12, r.callerCodec);
  s->bindText(13, r.calleeCodec).bindText(14, hangupSideName(r.hangupSide));
  s->bindText(15, r.hangupCause).bindText(16, r.sourceAddress);
  // run() steps to SQLITE_DONE, which is when an autocommit INSERT commits.
  if (auto result = s->run(); !result)
    return fail("saving call record " + r.callId + ": " + result.error());
  return static_cast<std::int64_t>(sqlite3_last_insert_rowid(db_.handle()));
}

Result<std::vector<CallRecord>> CallRecordRepository::recent(std::size_t limit) {
  auto s = db_.cached(
      "SELECT id, call_id, started_at, answered_at, ended_at, caller, caller_name, callee, dialled,"
      " disposition, duration_ms, billable_ms, caller_codec, callee_codec, hangup_side,"
      " hangup_cause, source_address"
      " FROM call_records ORDER BY started_at DESC, id DESC LIMIT ?1");
  s->bindInt(1, sqlLimit(limit));
  return readRecords(*s, "reading recent call records");
}

Result<std::vector<CallRecord>> CallRecordRepository::since(std::int64_t unixMs,
                                                             std::size_t limit) {
  auto s = db_.cached(
      "SELECT id, call_id, started_at, answered_at, ended_at, caller, caller_name, callee, dialled,"
      " disposition, duration_ms, billable_ms, caller_codec, callee_codec, hangup_side,"
      " hangup_cause, source_address"
      " FROM call_records WHERE started_at >= ?1 ORDER BY started_at DESC, id DESC LIMIT ?2");
  s->bindInt(1, unixMs).bindInt(2, sqlLimit(limit));
  return readRecords(*s, "reading call records since " + std::to_string(unixMs));
}

Result<std::size_t> CallRecordRepository::pruneOlderThan(std::int64_t unixMs) {
  auto s = db_.cached("DELETE FROM call_records WHERE started_at < ?1");
  s->bindInt(1, unixMs);
  if (auto result = s->run(); !result) return fail("pruning call records: " + result.error());
  return static_cast<std::size_t>(db_.changes());
}

}  // namespace sb::storage
