// SPDX-License-Identifier: MIT
#include "telephony/call/call_record_writer.h"

#include <gtest/gtest.h>

#include <filesystem>

#include "storage/database.h"

namespace sb::call {
namespace {

using namespace std::chrono_literals;

FinishedCall answeredCall() {
  FinishedCall f;
  f.callId = "7";
  f.startedAt = SystemTime(1'800'000'000'000ms);
  f.answeredAt = f.startedAt + 4'500ms;
  f.endedAt = f.startedAt + 64'500ms;
  f.caller = "100";
  f.callerName = "Ann";
  f.callee = "101";
  f.dialled = "101";
  f.disposition = Disposition::Answered;
  f.callerCodec = "PCMU";
  f.calleeCodec = "G722";
  f.hangupSide = "callee";
  f.hangupCause = "BYE";
  f.sourceAddress = "UDP 192.0.2.10:5060";
  return f;
}

TEST(CallRecordOf, maps_times_to_unix_milliseconds_and_counts_billable_time_from_the_answer) {
  const auto r = callRecordOf(answeredCall());
  EXPECT_EQ(r.callId, "7");
  EXPECT_EQ(r.startedAtMs, 1'800'000'000'000);
  EXPECT_EQ(r.answeredAtMs, std::optional<std::int64_t>(1'800'000'004'500));
  EXPECT_EQ(r.endedAtMs, 1'800'000'064'500);
  EXPECT_EQ(r.durationMs, 64'500);
  EXPECT_EQ(r.billableMs, 60'000);
  EXPECT_EQ(r.caller, "100");
  EXPECT_EQ(r.callerName, "Ann");
  EXPECT_EQ(r.callee, "101");
  EXPECT_EQ(r.dialled, "101");
  EXPECT_EQ(r.disposition, storage::Disposition::Answered);
  EXPECT_EQ(r.callerCodec, "PCMU");
  EXPECT_EQ(r.calleeCodec, "G722");
  EXPECT_EQ(r.hangupSide, storage::HangupSide::Callee);
  EXPECT_EQ(r.hangupCause, "BYE");
  EXPECT_EQ(r.sourceAddress, "UDP 192.0.2.10:5060");
}

TEST(CallRecordOf, an_unanswered_call_has_no_answer_time_and_nothing_billable) {
  auto f = answeredCall();
  f.answeredAt.reset();
  f.callee.clear();
  f.disposition = Disposition::NoAnswer;
  f.hangupSide = "system";
  const auto r = callRecordOf(f);
  EXPECT_FALSE(r.answeredAtMs.has_value());
  EXPECT_EQ(r.billableMs, 0);
  EXPECT_EQ(r.durationMs, 64'500);
  EXPECT_EQ(r.disposition, storage::Disposition::NoAnswer);
  EXPECT_EQ(r.hangupSide, storage::HangupSide::System);
}

TEST(CallRecordOf, maps_every_disposition_and_hangup_side) {
  auto f = answeredCall();
  const std::pair<Disposition, storage::Disposition> dispositions[] = {
      {Disposition::Answered, storage::Disposition::Answered},   {Disposition::NoAnswer, storage::Disposition::NoAnswer},
      {Disposition::Busy, storage::Disposition::Busy},           {Disposition::Cancelled, storage::Disposition::Cancelled},
      {Disposition::Failed, storage::Disposition::Failed},
  };
  for (const auto& [engine, stored] : dispositions) {
    f.disposition = engine;
    EXPECT_EQ(callRecordOf(f).disposition, stored) << dispositionName(engine);
  }
  f.hangupSide = "caller";
  EXPECT_EQ(callRecordOf(f).hangupSide, storage::HangupSide::Caller);
}

TEST(CallRecordWriter, stores_the_record_at_once) {
  const auto dir = std::filesystem::temp_directory_path() / ("sb-cdr-writer-" + std::to_string(::getpid()));
  std::filesystem::remove_all(dir);
  {
    auto opened = storage::Database::openInDirectory(dir);
    ASSERT_TRUE(opened.ok()) << opened.error();
    storage::CallRecordRepository repository(*opened.value());
    CallRecordWriter writer(repository);
    writer.write(answeredCall());
    auto recent = repository.recent(10);
    ASSERT_TRUE(recent.ok()) << recent.error();
    ASSERT_EQ(recent.value().size(), 1u);
    auto expected = callRecordOf(answeredCall());
    expected.id = recent.value()[0].id;
    EXPECT_EQ(recent.value()[0], expected);
  }
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace sb::call
