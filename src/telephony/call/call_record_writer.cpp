// SPDX-License-Identifier: MIT
#include "telephony/call/call_record_writer.h"

#include "base/log.h"

namespace sb::call {

namespace {

std::int64_t unixMillis(SystemTime t) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(t.time_since_epoch()).count();
}

storage::Disposition storedDisposition(Disposition d) {
  switch (d) {
    case Disposition::Answered: return storage::Disposition::Answered;
    case Disposition::NoAnswer: return storage::Disposition::NoAnswer;
    case Disposition::Busy: return storage::Disposition::Busy;
    case Disposition::Cancelled: return storage::Disposition::Cancelled;
    case Disposition::Failed: return storage::Disposition::Failed;
  }
  return storage::Disposition::Failed;
}

storage::HangupSide storedHangupSide(std::string_view side) {
  return side == "caller"   ? storage::HangupSide::Caller
         : side == "callee" ? storage::HangupSide::Callee
                            : storage::HangupSide::System;
}

}  // namespace

storage::CallRecord callRecordOf(const FinishedCall& f) {
  storage::CallRecord record;
  record.callId = f.callId;
  record.startedAtMs = unixMillis(f.startedAt);
  if (f.answeredAt) record.answeredAtMs = unixMillis(*f.answeredAt);
  record.endedAtMs = unixMillis(f.endedAt);
  record.caller = f.caller;
  record.callerName = f.callerName;
  record.callee = f.callee;
  record.dialled = f.dialled;
  record.disposition = storedDisposition(f.disposition);
  record.durationMs = record.endedAtMs - record.startedAtMs;
  record.billableMs = f.answeredAt ? record.endedAtMs - *record.answeredAtMs : 0;
  record.callerCodec = f.callerCodec;
  record.calleeCodec = f.calleeCodec;
  record.hangupSide = storedHangupSide(f.hangupSide);
  record.hangupCause = f.hangupCause;
  record.sourceAddress = f.sourceAddress;
  return record;
}

void CallRecordWriter::write(const FinishedCall& finished) {
  if (auto stored = records_.insert(callRecordOf(finished)); !stored)
    SB_LOG_ERROR("Could not store the record of call {}: {}", finished.callId, stored.error());
}

}  // namespace sb::call
