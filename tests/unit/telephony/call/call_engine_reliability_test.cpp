// SPDX-License-Identifier: MIT
// Our 2xx to an INVITE is retransmitted by the engine itself, not the transaction (RFC 3261
// §13.3.1.4, §17.2.1): from T1, doubling up to T2, until the ACK; no ACK within 64*T1 ends the
// call with BYE. T1 and T2 are the transaction layer's TimerSettings.
#include "engine_harness.h"

namespace sb::call::testing {
namespace {

using sip::Method;

class CallEngineReliability : public EngineHarness {
 protected:
  FakePhone& alice = addPhone("100");
  FakePhone& bob = addPhone("101");

  // When the 200 to `request` went to `phone`, in ms after the first send.
  std::vector<long> sendTimes(const FakePhone& phone, const sip::Message& request) const {
    std::vector<long> out;
    const auto sends = phone.sendsOf(request, 200);
    for (const auto& s : sends) out.push_back(static_cast<long>(since(sends.front().at, s.at).count()));
    return out;
  }
  // T1, 2*T1, 4*T1... capped at T2 (§17.1.1.2 applied to the 2xx by §13.3.1.4), as offsets from
  // the first send, for every retransmission due within `window`.
  std::vector<long> expectedTimes(Millis window) {
    const auto& t = transactions().settings();
    std::vector<long> out{0};
    Millis at{0}, interval = t.t1;
    while (at + interval <= window) {
      at += interval;
      out.push_back(static_cast<long>(at.count()));
      interval = std::min(interval * 2, t.t2);
    }
    return out;
  }
};

TEST_F(CallEngineReliability, our_200_is_retransmitted_from_t1_doubling_to_t2_until_the_ack) {
  const auto invite = alice.call("101");
  bob.answer(bob.last(Method::Invite));
  advance(12s);
  EXPECT_EQ(sendTimes(alice, invite), expectedTimes(12s));  // 0, 500, 1500, 3500, 7500, 11500
  const auto sends = alice.sendsOf(invite, 200);
  for (std::size_t i = 1; i < sends.size(); ++i) EXPECT_EQ(sends[i].path, Sent::Path::Stateless) << i;
  alice.ack(invite);
  const auto count = alice.sendsOf(invite, 200).size();
  advance(60s);
  EXPECT_EQ(alice.sendsOf(invite, 200).size(), count) << "the ACK stops the retransmissions";
  EXPECT_FALSE(alice.got(Method::Bye));
  EXPECT_EQ(engine().size(), 1u);
}

TEST_F(CallEngineReliability, no_ack_within_64_t1_ends_the_call_with_bye_to_both_sides) {
  const auto invite = alice.call("101");
  bob.answer(bob.last(Method::Invite));
  const auto start = clock.steadyNow();
  const auto& t = transactions().settings();
  advance(64 * t.t1 - 1ms);
  EXPECT_FALSE(alice.got(Method::Bye));
  EXPECT_FALSE(bob.got(Method::Bye));
  advance(t.t2 + 1ms);
  ASSERT_TRUE(bob.got(Method::Bye));
  ASSERT_TRUE(alice.got(Method::Bye));  // §13.3.1.4: the dialog is confirmed, then ended
  // Ended at the first retransmission slot at or after 64*T1 (the check runs on that timer).
  const auto byeAt = since(start, alice.firstAt(Method::Bye));
  EXPECT_GE(byeAt, 64 * t.t1);
  EXPECT_LE(byeAt, 64 * t.t1 + t.t2);
  EXPECT_EQ(engine().size(), 0u);
}

TEST_F(CallEngineReliability, the_200_to_a_reinvite_is_retransmitted_until_its_ack) {
  const auto call = connect(alice, bob);
  const auto hold = bob.reInvite(call.calleeCallId(), bob.sdp("sendonly"));
  advance(8s);
  EXPECT_EQ(sendTimes(bob, hold), expectedTimes(8s));  // 0, 500, 1500, 3500, 7500
  bob.ack(hold);
  const auto count = bob.sendsOf(hold, 200).size();
  advance(40s);
  EXPECT_EQ(bob.sendsOf(hold, 200).size(), count);
  EXPECT_EQ(engine().size(), 1u);
}

TEST_F(CallEngineReliability, an_unacknowledged_answer_to_a_reinvite_ends_the_call) {
  const auto call = connect(alice, bob);
  alice.reInvite(call.callerCallId(), alice.sdp("sendonly"));
  const auto& t = transactions().settings();
  advance(64 * t.t1 - 1ms);
  EXPECT_FALSE(bob.got(Method::Bye));
  advance(t.t2 + 1ms);
  EXPECT_TRUE(bob.got(Method::Bye));
  EXPECT_TRUE(alice.got(Method::Bye));
  EXPECT_EQ(engine().size(), 0u);
}

TEST_F(CallEngineReliability, retransmissions_follow_the_configured_t1_and_t2) {
  timerSettings.t1 = 250ms;
  timerSettings.t2 = 2s;
  const auto invite = alice.call("101");
  bob.answer(bob.last(Method::Invite));
  advance(6s);
  EXPECT_EQ(sendTimes(alice, invite), expectedTimes(6s));  // 0, 250, 750, 1750, 3750, 5750
  advance(10s - 1ms);
  EXPECT_FALSE(alice.got(Method::Bye)) << "64*T1 = 16 s";
  advance(1ms);
  ASSERT_TRUE(alice.got(Method::Bye)) << "no ACK within 64*T1 = 16 s ends the call then";
}

TEST_F(CallEngineReliability, over_tcp_the_200_is_still_retransmitted_until_the_ack) {
  alice.useTcp();
  const auto invite = alice.call("101");
  bob.answer(bob.last(Method::Invite));
  advance(8s);
  // RFC 3261 §13.3.1.4: "independent of the transport protocol": the 2xx and its ACK go end to
  // end, and a hop beyond the phone's TCP connection may be UDP.
  EXPECT_EQ(sendTimes(alice, invite), expectedTimes(8s));
  alice.ack(invite);
  const auto count = alice.sendsOf(invite, 200).size();
  advance(40s);
  EXPECT_EQ(alice.sendsOf(invite, 200).size(), count);
  EXPECT_EQ(engine().size(), 1u);
}

TEST_F(CallEngineReliability, over_tcp_no_ack_within_64_t1_still_ends_the_call) {
  alice.useTcp();
  alice.call("101");
  bob.answer(bob.last(Method::Invite));
  const auto& t = transactions().settings();
  advance(64 * t.t1 + t.t2);
  EXPECT_TRUE(alice.got(Method::Bye));
  EXPECT_TRUE(bob.got(Method::Bye));
  EXPECT_EQ(engine().size(), 0u);
}

}  // namespace
}  // namespace sb::call::testing
