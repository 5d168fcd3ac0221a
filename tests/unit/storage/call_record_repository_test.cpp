// SPDX-License-Identifier: MIT
#include "storage/call_record_repository.h"

#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <csignal>

#include "storage/database.h"
#include "temp_dir.h"

namespace sb::storage {
namespace {

using testing::TempDir;

constexpr std::int64_t kT0 = 1'760'000'000'000;  // unix ms, October 2025

CallRecord answeredCall(std::string callId, std::int64_t startedAtMs) {
  CallRecord r;
  r.callId = std::move(callId);
  r.startedAtMs = startedAtMs;
  r.answeredAtMs = startedAtMs + 4'200;
  r.endedAtMs = startedAtMs + 65'700;
  r.caller = "100";
  r.callerName = "Front Desk";
  r.callee = "101";
  r.dialled = "101";
  r.disposition = Disposition::Answered;
  r.durationMs = 65'700;
  r.billableMs = 61'500;
  r.callerCodec = "G729";
  r.calleeCodec = "PCMU";
  r.hangupSide = HangupSide::Callee;
  r.hangupCause = "BYE";
  r.sourceAddress = "udp:192.168.1.20:5060";
  return r;
}

CallRecord unansweredCall(std::string callId, std::int64_t startedAtMs) {
  CallRecord r;
  r.callId = std::move(callId);
  r.startedAtMs = startedAtMs;
  r.endedAtMs = startedAtMs + 30'000;
  r.caller = "+4930123456";
  r.dialled = "102";
  r.disposition = Disposition::NoAnswer;
  r.durationMs = 30'000;
  r.callerCodec = "PCMA";
  r.hangupSide = HangupSide::System;
  r.hangupCause = "480 Temporarily Unavailable";
  r.sourceAddress = "udp:203.0.113.7:5080";
  return r;
}

std::int64_t queryInt(Database& db, const std::string& sql) {
  Statement s = db.prepare(sql);
  EXPECT_EQ(s.step(), Statement::Step::Row) << s.error();
  return s.columnInt(0);
}

class CallRecordRepositoryTest : public ::testing::Test {
 protected:
  void SetUp() override { open(); }
  void open() {
    auto opened = Database::open(dir_ / "cdr.db");
    ASSERT_TRUE(opened) << opened.error();
    db_ = std::move(*opened);
    repo_ = std::make_unique<CallRecordRepository>(*db_);
  }
  void close() {
    repo_.reset();
    db_.reset();
  }
  // Inserts and returns the record as it should read back: with the id the database gave it.
  CallRecord insert(CallRecord r) {
    auto id = repo_->insert(r);
    EXPECT_TRUE(id) << id.error();
    r.id = id ? *id : 0;
    return r;
  }
  std::vector<CallRecord> recent(std::size_t limit) {
    auto records = repo_->recent(limit);
    EXPECT_TRUE(records) << records.error();
    return records ? *records : std::vector<CallRecord>{};
  }

  TempDir dir_;
  std::unique_ptr<Database> db_;
  std::unique_ptr<CallRecordRepository> repo_;
};

TEST_F(CallRecordRepositoryTest, an_answered_call_reads_back_with_every_field) {
  const CallRecord written = insert(answeredCall("sb-1", kT0));
  EXPECT_GT(written.id, 0);
  const auto records = recent(10);
  ASSERT_EQ(records.size(), 1u);
  EXPECT_EQ(records[0], written);
}

TEST_F(CallRecordRepositoryTest, an_unanswered_call_keeps_answered_at_null) {
  const CallRecord written = insert(unansweredCall("sb-2", kT0));
  EXPECT_EQ(queryInt(*db_, "SELECT COUNT(*) FROM call_records WHERE answered_at IS NULL"), 1);
  EXPECT_EQ(queryInt(*db_, "SELECT billable_ms FROM call_records"), 0);
  const auto records = recent(10);
  ASSERT_EQ(records.size(), 1u);
  EXPECT_FALSE(records[0].answeredAtMs.has_value());
  EXPECT_EQ(records[0], written);
}

TEST_F(CallRecordRepositoryTest, insert_ignores_the_id_it_is_given_and_returns_a_new_one) {
  CallRecord r = answeredCall("sb-1", kT0);
  r.id = 77;
  auto first = repo_->insert(r);
  auto second = repo_->insert(r);
  ASSERT_TRUE(first) << first.error();
  ASSERT_TRUE(second) << second.error();
  EXPECT_NE(*first, *second);
  const auto records = recent(10);
  ASSERT_EQ(records.size(), 2u);
  EXPECT_EQ(records[0].id, *second);
  EXPECT_EQ(records[1].id, *first);
}

TEST_F(CallRecordRepositoryTest, dispositions_and_hangup_sides_are_stored_in_asterisk_vocabulary) {
  const std::pair<Disposition, const char*> dispositions[] = {
      {Disposition::Answered, "ANSWERED"}, {Disposition::NoAnswer, "NO ANSWER"},
      {Disposition::Busy, "BUSY"},         {Disposition::Failed, "FAILED"},
      {Disposition::Cancelled, "CANCELLED"}};
  const std::pair<HangupSide, const char*> sides[] = {
      {HangupSide::Caller, "caller"},
      {HangupSide::Callee, "callee"},
      {HangupSide::System, "system"}};
  for (const auto& [disposition, name] : dispositions) {
    EXPECT_EQ(dispositionName(disposition), name);
    EXPECT_EQ(parseDisposition(name), disposition);
    for (const auto& [side, sideName] : sides) {
      EXPECT_EQ(hangupSideName(side), sideName);
      EXPECT_EQ(parseHangupSide(sideName), side);
      CallRecord r = unansweredCall("sb-x", kT0);
      r.disposition = disposition;
      r.hangupSide = side;
      const auto id = insert(r).id;
      Statement s = db_->prepare("SELECT disposition, hangup_side FROM call_records WHERE id = ?1");
      s.bindInt(1, id);
      ASSERT_EQ(s.step(), Statement::Step::Row) << s.error();
      EXPECT_EQ(s.columnText(0), name);
      EXPECT_EQ(s.columnText(1), sideName);
    }
  }
  const auto records = recent(100);
  ASSERT_EQ(records.size(), 15u);
  EXPECT_EQ(records[0].disposition, Disposition::Cancelled);  // last written, same start time
  EXPECT_EQ(records[0].hangupSide, HangupSide::System);
  EXPECT_EQ(records[14].disposition, Disposition::Answered);
  EXPECT_EQ(records[14].hangupSide, HangupSide::Caller);
  EXPECT_FALSE(parseDisposition("answered"));
  EXPECT_FALSE(parseDisposition("NO_ANSWER"));
  EXPECT_FALSE(parseHangupSide(""));
}

TEST_F(CallRecordRepositoryTest, recent_returns_newest_start_first_and_at_most_the_limit) {
  insert(answeredCall("b", kT0 + 2'000));
  insert(answeredCall("a", kT0 + 1'000));
  insert(answeredCall("d", kT0 + 4'000));
  insert(answeredCall("c1", kT0 + 3'000));
  insert(answeredCall("c2", kT0 + 3'000));  // same start: the later write counts as newer
  auto records = recent(3);
  ASSERT_EQ(records.size(), 3u);
  EXPECT_EQ(records[0].callId, "d");
  EXPECT_EQ(records[1].callId, "c2");
  EXPECT_EQ(records[2].callId, "c1");
  records = recent(100);
  ASSERT_EQ(records.size(), 5u);
  EXPECT_EQ(records[3].callId, "b");
  EXPECT_EQ(records[4].callId, "a");
  EXPECT_TRUE(recent(0).empty());
  EXPECT_EQ(recent(std::numeric_limits<std::size_t>::max()).size(), 5u);
}

TEST_F(CallRecordRepositoryTest, since_returns_calls_started_at_or_after_the_time_newest_first) {
  insert(answeredCall("before", kT0 - 1));
  insert(answeredCall("at", kT0));
  insert(answeredCall("after", kT0 + 1));
  insert(answeredCall("later", kT0 + 50'000));
  auto records = repo_->since(kT0, 10);
  ASSERT_TRUE(records) << records.error();
  ASSERT_EQ(records->size(), 3u);
  EXPECT_EQ((*records)[0].callId, "later");
  EXPECT_EQ((*records)[1].callId, "after");
  EXPECT_EQ((*records)[2].callId, "at");
  records = repo_->since(kT0, 2);
  ASSERT_TRUE(records) << records.error();
  ASSERT_EQ(records->size(), 2u);
  EXPECT_EQ((*records)[1].callId, "after");
  records = repo_->since(kT0 + 50'001, 10);
  ASSERT_TRUE(records) << records.error();
  EXPECT_TRUE(records->empty());
}

TEST_F(CallRecordRepositoryTest, records_survive_closing_and_reopening_the_database) {
  const CallRecord a = insert(answeredCall("sb-1", kT0));
  const CallRecord b = insert(unansweredCall("sb-2", kT0 + 10));
  close();
  open();
  const auto records = recent(10);
  ASSERT_EQ(records.size(), 2u);
  EXPECT_EQ(records[0], b);
  EXPECT_EQ(records[1], a);
}

// The promise of issue 3: a crash loses no finished record. The child process writes a record and
// is killed with SIGKILL before it can close the database, so the record exists only as a
// committed transaction in the WAL; a fresh open must find it.
TEST_F(CallRecordRepositoryTest, a_record_survives_the_process_being_killed_right_after_insert) {
  close();
  const auto file = dir_ / "crash.db";
  const pid_t child = fork();
  ASSERT_NE(child, -1);
  if (child == 0) {
    auto opened = Database::open(file);
    if (!opened) _exit(2);
    CallRecordRepository repo(**opened);
    if (!repo.insert(answeredCall("sb-crash", kT0))) _exit(3);
    raise(SIGKILL);
    _exit(4);
  }
  int status = 0;
  ASSERT_EQ(waitpid(child, &status, 0), child);
  ASSERT_TRUE(WIFSIGNALED(status)) << "child exited with " << WEXITSTATUS(status);
  ASSERT_EQ(WTERMSIG(status), SIGKILL);
  // Not checkpointed into the main file: the record is in the write-ahead log only.
  const auto wal = std::filesystem::path(file.string() + "-wal");
  ASSERT_TRUE(std::filesystem::exists(wal));
  EXPECT_GT(std::filesystem::file_size(wal), 0u);

  auto reopened = Database::open(file);
  ASSERT_TRUE(reopened) << reopened.error();
  CallRecordRepository repo(**reopened);
  auto records = repo.recent(10);
  ASSERT_TRUE(records) << records.error();
  ASSERT_EQ(records->size(), 1u);
  CallRecord expected = answeredCall("sb-crash", kT0);
  expected.id = (*records)[0].id;
  EXPECT_EQ((*records)[0], expected);
}

TEST_F(CallRecordRepositoryTest, prune_deletes_calls_started_before_the_time_and_counts_them) {
  insert(answeredCall("old1", kT0 - 2'000));
  insert(unansweredCall("old2", kT0 - 1));
  insert(answeredCall("edge", kT0));
  insert(answeredCall("new", kT0 + 1'000));
  auto pruned = repo_->pruneOlderThan(kT0);
  ASSERT_TRUE(pruned) << pruned.error();
  EXPECT_EQ(*pruned, 2u);
  auto records = recent(10);
  ASSERT_EQ(records.size(), 2u);
  EXPECT_EQ(records[0].callId, "new");
  EXPECT_EQ(records[1].callId, "edge");
  pruned = repo_->pruneOlderThan(kT0);
  ASSERT_TRUE(pruned) << pruned.error();
  EXPECT_EQ(*pruned, 0u);
}

TEST_F(CallRecordRepositoryTest, hostile_text_is_stored_verbatim) {
  CallRecord r = answeredCall("'); DROP TABLE call_records; --", kT0);
  r.caller = "\"100\" OR 1=1";
  r.callerName = "Zo\u00eb O'Brien \u202e\u05e9\u05dc\u05d5\u05dd \U0001F4DE \u4e2d\u6587";
  r.callee = "\\x00 %s %n $(reboot)";
  r.dialled = "*72#\t\r\n101";
  r.callerCodec = std::string(4096, 'x');
  r.calleeCodec = "";
  r.hangupCause = "500 Server \"Internal\" Error; reason=\u00e4\u00f6\u00fc";
  r.sourceAddress = "[2001:db8::1]:5060";
  const CallRecord written = insert(r);
  const auto records = recent(10);
  ASSERT_EQ(records.size(), 1u);
  EXPECT_EQ(records[0], written);
  EXPECT_EQ(queryInt(*db_, "SELECT COUNT(*) FROM sqlite_master WHERE name = 'call_records'"), 1);
}

TEST_F(CallRecordRepositoryTest, the_table_refuses_a_disposition_outside_the_vocabulary) {
  EXPECT_FALSE(db_->exec(
      "INSERT INTO call_records (call_id, started_at, ended_at, disposition, duration_ms,"
      " billable_ms, hangup_side) VALUES ('x', 1, 2, 'CONGESTION', 1, 0, 'caller')"));
  EXPECT_FALSE(db_->exec(
      "INSERT INTO call_records (call_id, started_at, ended_at, disposition, duration_ms,"
      " billable_ms, hangup_side) VALUES ('x', 1, 2, 'BUSY', 1, 0, 'nobody')"));
  EXPECT_TRUE(recent(10).empty());
}

TEST_F(CallRecordRepositoryTest, a_row_with_an_unknown_disposition_is_reported_not_guessed) {
  insert(answeredCall("good", kT0));
  ASSERT_TRUE(db_->exec(
      "PRAGMA ignore_check_constraints = ON;"
      "INSERT INTO call_records (call_id, started_at, ended_at, disposition, duration_ms,"
      " billable_ms, hangup_side) VALUES ('bad', 1, 2, 'CONGESTION', 1, 0, 'caller');"
      "PRAGMA ignore_check_constraints = OFF;"));
  auto records = repo_->recent(10);
  ASSERT_FALSE(records);
  EXPECT_NE(records.error().find("CONGESTION"), std::string::npos) << records.error();
  auto since = repo_->since(kT0, 10);  // the bad row started earlier: not read, not a failure
  ASSERT_TRUE(since) << since.error();
  EXPECT_EQ(since->size(), 1u);
}

TEST_F(CallRecordRepositoryTest, failures_come_back_as_errors_not_exceptions) {
  ASSERT_TRUE(db_->exec("DROP TABLE call_records"));
  auto id = repo_->insert(answeredCall("sb-1", kT0));
  ASSERT_FALSE(id);
  EXPECT_NE(id.error().find("sb-1"), std::string::npos) << id.error();
  EXPECT_FALSE(repo_->recent(10));
  EXPECT_FALSE(repo_->since(kT0, 10));
  EXPECT_FALSE(repo_->pruneOlderThan(kT0));
}

}  // namespace
}  // namespace sb::storage
