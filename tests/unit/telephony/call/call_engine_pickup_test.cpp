// SPDX-License-Identifier: MIT
// Call pickup: *8 answers the oldest call ringing another extension, **<ext> one ringing that
// extension. The picker's INVITE becomes the ringing call's callee leg; the rung phones are
// cancelled.
#include "engine_harness.h"

namespace sb::call::testing {
namespace {

using sip::Method;

class CallEnginePickup : public EngineHarness {
 protected:
  FakePhone& alice = addPhone("100");
  FakePhone& bob = addPhone("101");
  FakePhone& carol = addPhone("102");
  FakePhone& dave = addPhone("103");
  FakePhone& erin = addPhone("104");
};

TEST_F(CallEnginePickup, star8_answers_a_call_ringing_elsewhere_and_cancels_the_rung_phone) {
  const auto invite = alice.call("101");
  const auto toBob = bob.last(Method::Invite);
  bob.ring(toBob);
  const auto& ringingMedia = media.last();
  const auto pickup = carol.call("*8");
  const auto picked = carol.finalTo(pickup);
  ASSERT_EQ(picked.statusCode(), 200);
  EXPECT_EQ(summarize(picked.body()).port, ringingMedia.calleeRelay.port) << "the call's callee-side relay";
  EXPECT_TRUE(bob.got(Method::Cancel));
  const auto ok = alice.finalTo(invite);
  ASSERT_EQ(ok.statusCode(), 200);
  EXPECT_EQ(summarize(ok.body()).port, ringingMedia.callerRelay.port);
  EXPECT_EQ(ringingMedia.lastExpected(Side::Callee).rtp, carol.rtp());
  EXPECT_EQ(media.opened.size(), 1u) << "the picker's call leases no ports of its own";
  carol.ack(pickup);
  alice.ack(invite);
  alice.bye(invite.callId());
  EXPECT_EQ(carol.last(Method::Bye).callId(), pickup.callId());
  EXPECT_EQ(engine().size(), 0u);
}

TEST_F(CallEnginePickup, star_star_extension_picks_up_the_call_ringing_that_extension) {
  const auto toBobCall = alice.call("101");
  bob.ring(bob.last(Method::Invite));
  const auto toErinCall = dave.call("104");
  erin.ring(erin.last(Method::Invite));
  const auto pickup = carol.call("**104");
  EXPECT_EQ(carol.finalTo(pickup).statusCode(), 200);
  EXPECT_EQ(dave.finalTo(toErinCall).statusCode(), 200);
  EXPECT_TRUE(erin.got(Method::Cancel));
  EXPECT_FALSE(bob.got(Method::Cancel));
  EXPECT_EQ(alice.statusesTo(toBobCall), (std::vector<int>{180}));
}

TEST_F(CallEnginePickup, star8_with_nothing_ringing_gets_480) {
  const auto pickup = carol.call("*8");
  EXPECT_EQ(carol.finalTo(pickup).statusCode(), 480);
}

TEST_F(CallEnginePickup, the_pickers_200_is_retransmitted_until_its_ack) {
  alice.call("101");
  bob.ring(bob.last(Method::Invite));
  const auto pickup = carol.call("*8");
  advance(4s);
  EXPECT_EQ(carol.sendsOf(pickup, 200).size(), 4u) << "0, 0.5, 1.5 and 3.5 s (RFC 3261 §13.3.1.4)";
  carol.ack(pickup);
  advance(10s);
  EXPECT_EQ(carol.sendsOf(pickup, 200).size(), 4u);
}

TEST_F(CallEnginePickup, the_pickers_bye_reaches_the_caller) {
  const auto invite = alice.call("101");
  bob.ring(bob.last(Method::Invite));
  const auto pickup = carol.call("*8");
  carol.ack(pickup);
  alice.ack(invite);
  const auto bye = carol.bye(pickup.callId());
  EXPECT_EQ(carol.finalTo(bye).statusCode(), 200);
  EXPECT_EQ(alice.last(Method::Bye).callId(), invite.callId());
  EXPECT_EQ(engine().size(), 0u);
}

TEST_F(CallEnginePickup, picking_up_a_call_in_early_media_repeats_the_early_answer_in_the_200) {
  const auto invite = alice.call("101");
  bob.respond(bob.last(Method::Invite), 183, bob.sdp("sendrecv", "8 101"));  // PCMA early media
  const auto early = alice.responsesTo(invite).back();
  ASSERT_EQ(early.statusCode(), 183);
  const auto pickup = carol.call("*8");
  ASSERT_EQ(carol.finalTo(pickup).statusCode(), 200);
  // RFC 3261 §13.2.1: the caller takes the first description it receives as the answer and
  // ignores any other in later responses to its INVITE: the 200 must say what the 183 said.
  EXPECT_EQ(alice.finalTo(invite).body(), early.body());
  ASSERT_FALSE(media.last().codecPlans.empty());
  EXPECT_EQ(media.last().codecPlans.back().caller.name, "PCMA") << "the relay speaks to the caller as the 183 said";
}

}  // namespace
}  // namespace sb::call::testing
