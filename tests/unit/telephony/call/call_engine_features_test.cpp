// SPDX-License-Identifier: MIT
// Calls Switchboard answers itself (feature codes with a tone, the echo test) and the settings
// the codes store (do not disturb, forward all / busy / no answer) steering later calls.
#include "engine_harness.h"

namespace sb::call::testing {
namespace {

using sip::Method;

class CallEngineFeatures : public EngineHarness {
 protected:
  FakePhone& alice = addPhone("100");
  FakePhone& bob = addPhone("101");
  FakePhone& carol = addPhone("102");

  // Bob dials a feature code; the call is answered, the tone played, the call hung up.
  Clip dialCode(const std::string& code) {
    const auto invite = bob.call(code);
    const auto ok = bob.finalTo(invite);
    EXPECT_EQ(ok.statusCode(), 200) << code;
    bob.ack(invite);
    const auto& log = media.last();
    EXPECT_EQ(log.loops.size(), 1u) << code;
    if (log.loops.empty()) return nullptr;
    EXPECT_EQ(log.loops.front().first, Side::Caller);
    return log.loops.front().second;
  }
  // What a fresh book over the same database reads: the stored settings, as after a restart.
  feature::CallSettings storedFor(const std::string& number) {
    feature::CallSettingsBook reread(*extensionSettings, clock);
    EXPECT_TRUE(reread.loadStored());
    return reread.of(number);
  }
};

TEST_F(CallEngineFeatures, a_feature_code_is_answered_with_a_tone_then_hung_up) {
  const auto invite = bob.call("*78");
  const auto ok = bob.finalTo(invite);
  ASSERT_EQ(ok.statusCode(), 200);
  const auto answer = summarize(ok.body());
  EXPECT_EQ(answer.port, media.last().callerRelay.port);
  EXPECT_EQ(answer.formats.front(), "0") << "the caller's first codec";
  bob.ack(invite);
  ASSERT_EQ(media.last().loops.size(), 1u);
  EXPECT_GT(media.last().loops.front().second->size(), 1000u);
  const auto start = clock.steadyNow();
  advance(3s);
  ASSERT_TRUE(bob.got(Method::Bye));
  EXPECT_EQ(since(start, bob.firstAt(Method::Bye)), 3s);
}

TEST_F(CallEngineFeatures, do_not_disturb_from_star78_refuses_calls_with_486_until_star79) {
  dialCode("*78");
  EXPECT_TRUE(storedFor("101").dnd);
  const auto refused = alice.call("101");
  EXPECT_EQ(alice.finalTo(refused).statusCode(), 486);
  EXPECT_TRUE(bob.requests(Method::Invite).empty()) << "a phone on DND does not ring";
  dialCode("*79");
  EXPECT_FALSE(storedFor("101").dnd);
  alice.call("101");
  EXPECT_EQ(bob.requests(Method::Invite).size(), 1u);
}

TEST_F(CallEngineFeatures, forward_all_from_star72_rings_the_target_instead_until_star73) {
  dialCode("*72102");
  EXPECT_EQ(storedFor("101").forwardAll, "102");
  alice.call("101");
  EXPECT_TRUE(bob.requests(Method::Invite).empty());
  ASSERT_EQ(carol.requests(Method::Invite).size(), 1u);
  EXPECT_EQ(carol.last(Method::Invite).from().uri.user, "100") << "the caller's identity, not the forwarder's";
  dialCode("*73");
  EXPECT_EQ(storedFor("101").forwardAll, "");
  alice.call("101");
  EXPECT_EQ(bob.requests(Method::Invite).size(), 1u);
}

TEST_F(CallEngineFeatures, forward_busy_from_star90_rings_the_target_when_the_phone_is_busy) {
  dialCode("*90102");
  EXPECT_EQ(storedFor("101").forwardBusy, "102");
  const auto invite = alice.call("101");
  bob.respond(bob.last(Method::Invite), 486);
  ASSERT_EQ(carol.requests(Method::Invite).size(), 1u);
  EXPECT_TRUE(alice.responsesTo(invite).empty()) << "no 486 for the caller: the forward rings";
  carol.answer(carol.last(Method::Invite));
  EXPECT_EQ(alice.finalTo(invite).statusCode(), 200);
}

TEST_F(CallEngineFeatures, forward_no_answer_from_star52_rings_the_target_after_the_ring_timeout) {
  dialCode("*52102");
  EXPECT_EQ(storedFor("101").forwardNoAnswer, "102");
  alice.call("101");
  bob.ring(bob.last(Method::Invite));
  advance(29s);
  EXPECT_TRUE(carol.requests(Method::Invite).empty());
  advance(1s);
  EXPECT_TRUE(bob.got(Method::Cancel));
  EXPECT_EQ(carol.requests(Method::Invite).size(), 1u);
}

TEST_F(CallEngineFeatures, do_not_disturb_with_forward_busy_forwards_instead_of_refusing) {
  dialCode("*78");
  dialCode("*90102");
  const auto invite = alice.call("101");
  EXPECT_TRUE(bob.requests(Method::Invite).empty());
  EXPECT_EQ(carol.requests(Method::Invite).size(), 1u);
  EXPECT_TRUE(alice.responsesTo(invite).empty());
}

TEST_F(CallEngineFeatures, a_refused_code_plays_another_tone_and_changes_nothing) {
  const auto confirm = dialCode("*73");
  const auto refuse = dialCode("*72101");  // a forward to itself is refused
  ASSERT_TRUE(confirm && refuse);
  EXPECT_NE(*confirm, *refuse);
  EXPECT_EQ(storedFor("101").forwardAll, "");
}

TEST_F(CallEngineFeatures, a_forward_code_without_its_number_gets_484) {
  const auto invite = bob.call("*72");
  EXPECT_EQ(bob.finalTo(invite).statusCode(), 484);  // RFC 3261 §21.4.22
}

TEST_F(CallEngineFeatures, the_echo_test_star43_is_answered_and_echoes_until_the_caller_hangs_up) {
  const auto invite = bob.call("*43");
  const auto ok = bob.finalTo(invite);
  ASSERT_EQ(ok.statusCode(), 200);
  EXPECT_EQ(summarize(ok.body()).port, media.last().callerRelay.port);
  bob.ack(invite);
  EXPECT_TRUE(media.last().echoing);
  advance(30s);
  EXPECT_FALSE(bob.got(Method::Bye)) << "the echo test lasts as long as the caller wants";
  const auto bye = bob.bye(invite.callId());
  EXPECT_EQ(bob.finalTo(bye).statusCode(), 200);
  EXPECT_EQ(engine().size(), 0u);
}

TEST_F(CallEngineFeatures, star97_without_a_mailbox_gets_404) {
  const auto invite = bob.call("*97");
  EXPECT_EQ(bob.finalTo(invite).statusCode(), 404);
}

TEST_F(CallEngineFeatures, a_loop_of_forwards_stops_at_the_hop_limit_and_rings) {
  dialCode("*72102");
  const auto carolsCode = carol.call("*72101");
  carol.ack(carolsCode);
  const auto invite = alice.call("101");
  // 101 -> 102 -> 101 -> 102 -> 101 -> 102, then five hops are enough: 102 rings.
  EXPECT_EQ(carol.requests(Method::Invite).size(), 1u);
  EXPECT_TRUE(bob.requests(Method::Invite).empty());
  EXPECT_TRUE(alice.responsesTo(invite).empty()) << "still ringing, not refused";
}

}  // namespace
}  // namespace sb::call::testing
