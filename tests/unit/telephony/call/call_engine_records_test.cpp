// SPDX-License-Identifier: MIT
// What the engine reports about calls: the record of each finished call (its CallRecordSink,
// stored as the CDR) and the live calls `ctl calls` lists.
#include "engine_harness.h"

namespace sb::call::testing {
namespace {

using sip::Method;

class CallEngineRecords : public EngineHarness {
 protected:
  FakePhone& alice = addPhone("100");
  FakePhone& bob = addPhone("101");
};

TEST_F(CallEngineRecords, an_answered_call_is_recorded_with_its_parties_codecs_times_and_who_hung_up) {
  const auto call = connect(alice, bob);
  const auto answered = clock.systemNow();
  advance(42s);
  bob.bye(call.calleeCallId());
  ASSERT_EQ(records.size(), 1u);
  const auto& r = records.front();
  EXPECT_EQ(r.disposition, Disposition::Answered);
  EXPECT_EQ(r.caller, "100");
  EXPECT_EQ(r.callerName, "Front Desk");
  EXPECT_EQ(r.callee, "101");
  EXPECT_EQ(r.dialled, "101");
  EXPECT_EQ(r.callerCodec, "PCMU");
  EXPECT_EQ(r.calleeCodec, "PCMU");
  EXPECT_EQ(r.hangupSide, "callee");
  ASSERT_TRUE(r.answeredAt);
  EXPECT_EQ(*r.answeredAt, answered);
  EXPECT_EQ(r.endedAt - *r.answeredAt, 42s);
  EXPECT_EQ(r.sourceAddress, alice.flow().remote.toString());
}

TEST_F(CallEngineRecords, unanswered_calls_are_recorded_busy_no_answer_and_cancelled) {
  alice.call("101");
  bob.respond(bob.last(Method::Invite), 486);
  alice.call("101");
  advance(30s);
  const auto cancelled = alice.call("101");
  bob.ring(bob.last(Method::Invite));
  alice.cancel(cancelled);
  ASSERT_EQ(records.size(), 3u);
  EXPECT_EQ(records[0].disposition, Disposition::Busy);
  EXPECT_EQ(records[0].hangupSide, "callee");
  EXPECT_EQ(records[1].disposition, Disposition::NoAnswer);
  EXPECT_EQ(records[2].disposition, Disposition::Cancelled);
  EXPECT_EQ(records[2].hangupSide, "caller");
  for (const auto& r : records) {
    EXPECT_FALSE(r.answeredAt);
    EXPECT_EQ(r.callee, "") << "nobody answered";
  }
}

TEST_F(CallEngineRecords, live_calls_show_ringing_then_up) {
  alice.call("101");
  const auto toBob = bob.last(Method::Invite);
  auto live = engine().liveCalls();
  ASSERT_EQ(live.size(), 1u);
  EXPECT_EQ(live[0].state, "ringing");
  EXPECT_EQ(live[0].caller, "100");
  EXPECT_EQ(live[0].dialled, "101");
  bob.answer(toBob);
  advance(5s);
  live = engine().liveCalls();
  ASSERT_EQ(live.size(), 1u);
  EXPECT_EQ(live[0].state, "up");
  EXPECT_EQ(live[0].callee, "101");
  EXPECT_EQ(live[0].callerCodec, "PCMU");
  EXPECT_EQ(live[0].seconds, 5);
}

}  // namespace
}  // namespace sb::call::testing
