// SPDX-License-Identifier: MIT
// What a call leaves behind: every timer the engine arms for a call (ring, max length, media
// check, 2xx retransmission, session timer, voice tick, transfer ring, re-INVITE answers) is
// cancelled when the call ends or the engine goes, since each callback calls into the engine.
#include "engine_harness.h"

namespace sb::call::testing {
namespace {

using sip::Method;

class CallEngineLifetime : public EngineHarness {
 protected:
  FakePhone& alice = addPhone("100");
  FakePhone& bob = addPhone("101");
  FakePhone& carol = addPhone("102");
};

TEST_F(CallEngineLifetime, an_ended_call_leaves_no_engine_timer_armed) {
  const auto call = connect(alice, bob);
  const auto hold = alice.reInvite(call.callerCallId(), alice.sdp("sendonly"));  // its 200 awaits an ACK
  EXPECT_GT(engineTimers.armed(), 0u);
  bob.bye(call.calleeCallId());
  EXPECT_EQ(engineTimers.armed(), 0u);
}

TEST_F(CallEngineLifetime, hang_up_all_leaves_no_engine_timer_armed) {
  mailboxes = {"103"};
  connect(alice, bob);
  carol.call("103");  // voicemail
  engine().hangUpAll("shutdown");
  EXPECT_EQ(engineTimers.armed(), 0u);
}

TEST_F(CallEngineLifetime, destroying_the_engine_during_a_voicemail_call_leaves_no_timer_armed) {
  mailboxes = {"103"};
  const auto invite = alice.call("103");
  ASSERT_EQ(alice.finalTo(invite).statusCode(), 200);
  alice.ack(invite);
  ASSERT_TRUE(media.last().listening);
  destroyEngine();
  EXPECT_EQ(engineTimers.armed(), 0u) << "the voice session's 20 ms tick would call into a destroyed engine";
}

TEST_F(CallEngineLifetime, destroying_the_engine_while_a_transfer_target_rings_leaves_no_timer_armed) {
  const auto call = connect(alice, bob);
  bob.refer(call.calleeCallId(), "<sip:102@pbx.example>");
  carol.ring(carol.last(Method::Invite));
  destroyEngine();
  EXPECT_EQ(engineTimers.armed(), 0u) << "the transfer's ring timer would call into a destroyed engine";
}

}  // namespace
}  // namespace sb::call::testing
