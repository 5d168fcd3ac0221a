// SPDX-License-Identifier: MIT
#pragma once
#include "storage/call_record_repository.h"
#include "telephony/call/call_engine.h"

namespace sb::call {

// The call detail record of a finished call, as storage keeps it: times in Unix milliseconds,
// duration from start to end, billable time from answer to end (0 when nobody answered).
storage::CallRecord callRecordOf(const FinishedCall& finished);

// The call engine's CallRecordSink: writes each finished call's record at once (committed before
// the call's ports are freed, so a crash loses no record of a call that ended). Storage knows
// nothing of calls; this is where the engine's words become the table's.
class CallRecordWriter {
 public:
  explicit CallRecordWriter(storage::CallRecordRepository& records) : records_(records) {}

  void write(const FinishedCall& finished);

 private:
  storage::CallRecordRepository& records_;
};

}  // namespace sb::call
