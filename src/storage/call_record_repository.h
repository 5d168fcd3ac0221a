// SPDX-License-Identifier: MIT
#pragma once
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"

namespace sb::storage {

class Database;

// How a call ended, in Asterisk's CDR vocabulary ("ANSWERED", "NO ANSWER", ...).
enum class Disposition {
  Answered,   // someone picked up; answeredAtMs is set
  NoAnswer,   // rang until the timeout (480) or nobody could be reached
  Busy,       // 486/600 from every callee
  Failed,     // unknown number, routing or protocol failure, no codec in common
  Cancelled,  // the caller hung up before anyone answered
};

// Which side ended the call: a BYE or CANCEL from the caller or the callee, or Switchboard itself
// (RTP timeout, maximum call length, shutdown).
enum class HangupSide { Caller, Callee, System };

// The text stored in the database and shown by `ctl cdr`: "ANSWERED", "NO ANSWER", "BUSY",
// "FAILED", "CANCELLED" and "caller", "callee", "system".
std::string_view dispositionName(Disposition disposition);
std::string_view hangupSideName(HangupSide side);
// The reverse; nullopt for any other text (exact, case-sensitive match).
std::optional<Disposition> parseDisposition(std::string_view text);
std::optional<HangupSide> parseHangupSide(std::string_view text);

// One finished call as written to the call_records table. Timestamps are wall-clock unix
// milliseconds, for display and for finding records; the durations are given separately so the
// call engine can measure them on its monotonic clock, unbent by a wall-clock step mid-call.
struct CallRecord {
  std::int64_t id = 0;  // assigned by insert(); ignored when inserting
  std::string callId;   // Switchboard's own call id
  std::int64_t startedAtMs = 0;
  std::optional<std::int64_t> answeredAtMs;  // empty when nobody answered
  std::int64_t endedAtMs = 0;
  std::string caller;      // extension or number
  std::string callerName;  // display name, may be empty
  std::string callee;      // who answered (e.g. "101"); empty when nobody did
  std::string dialled;     // what the caller dialled
  Disposition disposition = Disposition::Failed;
  std::int64_t durationMs = 0;  // start to end
  std::int64_t billableMs = 0;  // answer to end; 0 when not answered
  std::string callerCodec;      // e.g. "PCMU"; empty when no media was set up
  std::string calleeCodec;
  HangupSide hangupSide = HangupSide::System;
  std::string hangupCause;    // "BYE", "486 Busy Here", "rtp timeout", "max call length", ...
  std::string sourceAddress;  // where the caller's packets came from; opaque to storage

  bool operator==(const CallRecord&) const = default;
};

// Keeps call detail records: writes each one the moment its call ends and reads recent ones back
// for `ctl cdr`. Records are written once and never changed; deciding what goes in them is the
// call engine's job, and deciding how long to keep them (pruneOlderThan) the caller's.
class CallRecordRepository {
 public:
  explicit CallRecordRepository(Database& db) : db_(db) {}

  // Writes the record in its own transaction and returns its id. When this returns ok the record
  // survives a crash of the process (see the .cpp for why). Called inside an open
  // Database::transaction() it joins that transaction and is only safe once that commits.
  Result<std::int64_t> insert(const CallRecord& record);
  // At most `limit` records, newest start first (ties: last written first).
  Result<std::vector<CallRecord>> recent(std::size_t limit);
  // At most `limit` records of calls that started at or after `unixMs`, newest start first.
  Result<std::vector<CallRecord>> since(std::int64_t unixMs, std::size_t limit);
  // Deletes records of calls that started before `unixMs`; returns how many went.
  Result<std::size_t> pruneOlderThan(std::int64_t unixMs);

 private:
  Database& db_;
};

}  // namespace sb::storage
