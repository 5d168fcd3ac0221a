// SPDX-License-Identifier: MIT
// Transfers: blind (RFC 3515 REFER; the target rung while the transferee hears music, progress
// NOTIFYed as message/sipfrag, §2.4.5) and attended (Refer-To with RFC 3891 Replaces naming the
// transferor's other call, whose far leg is re-INVITEd onto this call's relay, RFC 5589 §7).
#include "engine_harness.h"

namespace sb::call::testing {
namespace {

using sip::Method;

class CallEngineTransfer : public EngineHarness {
 protected:
  FakePhone& alice = addPhone("100");
  FakePhone& bob = addPhone("101");
  FakePhone& carol = addPhone("102");

  // The NOTIFYs `phone` received in dialog `callId`, as their sipfrag status lines.
  std::vector<std::string> notified(const FakePhone& phone, const std::string& callId) {
    std::vector<std::string> out;
    for (const auto& n : phone.requests(Method::Notify)) {
      if (n.callId() != callId) continue;
      EXPECT_EQ(n.header("Event").value_or(""), "refer");
      EXPECT_EQ(n.header("Content-Type").value_or("").substr(0, 15), "message/sipfrag");
      out.push_back(n.body().substr(0, n.body().find('\r')));
    }
    return out;
  }
};

TEST_F(CallEngineTransfer, blind_transfer_by_the_callee_rings_the_target_and_joins_the_caller_to_it) {
  const auto call = connect(alice, bob);
  const auto refer = bob.refer(call.calleeCallId(), "<sip:102@pbx.example>");
  EXPECT_EQ(bob.finalTo(refer).statusCode(), 202);  // RFC 3515 §2.4.2
  EXPECT_EQ(notified(bob, call.calleeCallId()), (std::vector<std::string>{"SIP/2.0 100 Trying"}));

  const auto toCarol = carol.last(Method::Invite);
  EXPECT_EQ(toCarol.from().uri.user, "100") << "the target sees the transferee calling";
  EXPECT_TRUE(toCarol.hasHeader("Referred-By"));  // RFC 3892
  EXPECT_EQ(summarize(toCarol.body()).port, media.last().calleeRelay.port) << "the transferor's relay leg";
  EXPECT_EQ(media.last().lastMusic(), Side::Caller) << "the transferee hears music while the target rings";

  carol.ring(toCarol);
  carol.answer(toCarol);
  EXPECT_TRUE(carol.got(Method::Ack));
  EXPECT_EQ(notified(bob, call.calleeCallId()),
            (std::vector<std::string>{"SIP/2.0 100 Trying", "SIP/2.0 180 Ringing", "SIP/2.0 200 OK"}));
  EXPECT_EQ(bob.last(Method::Notify).header("Subscription-State").value_or("").substr(0, 10), "terminated");
  EXPECT_EQ(bob.last(Method::Bye).callId(), call.calleeCallId()) << "the transferor is hung up";
  EXPECT_EQ(media.last().lastMusic(), std::nullopt);
  EXPECT_EQ(media.last().lastExpected(Side::Callee).rtp, carol.rtp());
  EXPECT_FALSE(alice.got(Method::Invite)) << "the transferee's dialog is not touched";

  // The legs are joined: the transferee's BYE reaches the target in its dialog.
  alice.bye(call.callerCallId());
  EXPECT_EQ(carol.last(Method::Bye).callId(), toCarol.callId());
  EXPECT_EQ(bob.requests(Method::Bye).size(), 1u);
  EXPECT_EQ(engine().size(), 0u);
}

TEST_F(CallEngineTransfer, blind_transfer_by_the_caller_hands_its_leg_to_the_target) {
  const auto call = connect(alice, bob);
  const auto refer = alice.refer(call.callerCallId(), "<sip:102@pbx.example>");
  EXPECT_EQ(alice.finalTo(refer).statusCode(), 202);
  const auto toCarol = carol.last(Method::Invite);
  EXPECT_EQ(toCarol.from().uri.user, "101");
  EXPECT_EQ(summarize(toCarol.body()).port, media.last().callerRelay.port);
  EXPECT_EQ(media.last().lastMusic(), Side::Callee);
  carol.answer(toCarol);
  EXPECT_EQ(alice.last(Method::Bye).callId(), call.callerCallId());
  EXPECT_EQ(media.last().lastExpected(Side::Caller).rtp, carol.rtp());
  bob.bye(call.calleeCallId());
  EXPECT_EQ(carol.last(Method::Bye).callId(), toCarol.callId());
}

TEST_F(CallEngineTransfer, a_busy_target_fails_the_transfer_and_the_call_goes_on) {
  const auto call = connect(alice, bob);
  bob.refer(call.calleeCallId(), "<sip:102@pbx.example>");
  carol.respond(carol.last(Method::Invite), 486);
  EXPECT_EQ(notified(bob, call.calleeCallId()).back(), "SIP/2.0 486 Busy Here");
  EXPECT_EQ(bob.last(Method::Notify).header("Subscription-State").value_or("").substr(0, 10), "terminated");
  EXPECT_EQ(media.last().lastMusic(), std::nullopt) << "the transferee stops hearing music";
  EXPECT_FALSE(bob.got(Method::Bye));
  alice.bye(call.callerCallId());
  EXPECT_EQ(bob.last(Method::Bye).callId(), call.calleeCallId()) << "still bob's call";
}

TEST_F(CallEngineTransfer, an_unanswered_target_is_cancelled_after_the_ring_timeout) {
  const auto call = connect(alice, bob);
  bob.refer(call.calleeCallId(), "<sip:102@pbx.example>");
  carol.ring(carol.last(Method::Invite));
  advance(30s);
  EXPECT_TRUE(carol.got(Method::Cancel));
  EXPECT_EQ(notified(bob, call.calleeCallId()).back(), "SIP/2.0 408 Request Timeout");
  EXPECT_EQ(engine().size(), 1u);
}

TEST_F(CallEngineTransfer, a_refer_to_an_unknown_number_gets_404) {
  const auto call = connect(alice, bob);
  const auto refer = bob.refer(call.calleeCallId(), "<sip:555@pbx.example>");
  EXPECT_EQ(bob.finalTo(refer).statusCode(), 404);
  EXPECT_TRUE(media.last().music.empty());
}

TEST_F(CallEngineTransfer, attended_transfer_joins_the_transferors_two_calls_and_hangs_it_up) {
  const auto first = connect(alice, bob);   // alice -> bob
  const auto second = connect(bob, carol);  // bob -> carol (consultation)
  const auto& firstMedia = *media.opened.at(0);
  const std::string ourTag(bob.finalTo(second.callerInvite).to().tag().value_or(""));
  const std::string bobTag(second.callerInvite.from().tag().value_or(""));
  std::string callId = second.callerCallId();
  callId.replace(callId.find('@'), 1, "%40");
  const auto refer = bob.refer(first.calleeCallId(), "<sip:102@pbx.example?Replaces=" + callId + "%3Bto-tag%3D" +
                                                         ourTag + "%3Bfrom-tag%3D" + bobTag + ">");
  EXPECT_EQ(bob.finalTo(refer).statusCode(), 202);

  // Carol's leg of the second call is re-INVITEd onto the first call's relay (bob's leg there).
  const auto reinvite = carol.last(Method::Invite);
  ASSERT_TRUE(reinvite.to().tag());
  EXPECT_EQ(reinvite.callId(), second.calleeCallId());
  EXPECT_EQ(summarize(reinvite.body()).port, firstMedia.calleeRelay.port);
  carol.respond(reinvite, 200, carol.sdp());
  const auto ack = carol.last(Method::Ack);
  EXPECT_EQ(ack.cseq().number, reinvite.cseq().number);
  EXPECT_EQ(notified(bob, first.calleeCallId()).back(), "SIP/2.0 200 OK");

  std::vector<std::string> byes;
  for (const auto& b : bob.requests(Method::Bye)) byes.push_back(b.callId());
  EXPECT_EQ(byes, (std::vector<std::string>{first.calleeCallId(), second.callerCallId()}))
      << "both of the transferor's legs are hung up";
  EXPECT_FALSE(carol.got(Method::Bye));
  EXPECT_EQ(engine().size(), 1u);
  EXPECT_EQ(firstMedia.lastExpected(Side::Callee).rtp, carol.rtp());

  alice.bye(first.callerCallId());
  EXPECT_EQ(carol.last(Method::Bye).callId(), second.calleeCallId()) << "carol's dialog moved into the call";
  EXPECT_EQ(engine().size(), 0u);
}

TEST_F(CallEngineTransfer, attended_transfer_naming_someone_elses_dialog_fails_with_481) {
  auto& dave = addPhone("103");
  const auto first = connect(alice, bob);
  const auto others = connect(carol, dave);
  const std::string ourTag(carol.finalTo(others.callerInvite).to().tag().value_or(""));
  const std::string carolTag(others.callerInvite.from().tag().value_or(""));
  std::string callId = others.callerCallId();
  callId.replace(callId.find('@'), 1, "%40");
  bob.refer(first.calleeCallId(), "<sip:103@pbx.example?Replaces=" + callId + "%3Bto-tag%3D" + ourTag +
                                      "%3Bfrom-tag%3D" + carolTag + ">");
  EXPECT_EQ(notified(bob, first.calleeCallId()).back(), "SIP/2.0 481 Call/Transaction Does Not Exist");
  EXPECT_EQ(dave.requests(Method::Invite).size(), 1u) << "nobody joins other people's calls";
  EXPECT_EQ(engine().size(), 2u);
}

TEST_F(CallEngineTransfer, after_a_blind_transfer_the_targets_bye_reaches_the_transferee) {
  const auto call = connect(alice, bob);
  bob.refer(call.calleeCallId(), "<sip:102@pbx.example>");
  const auto toCarol = carol.last(Method::Invite);
  carol.answer(toCarol);
  const auto bye = carol.bye(toCarol.callId());
  EXPECT_EQ(carol.finalTo(bye).statusCode(), 200);
  EXPECT_EQ(alice.last(Method::Bye).callId(), call.callerCallId());
  EXPECT_EQ(engine().size(), 0u);
}

TEST_F(CallEngineTransfer, a_second_refer_while_one_is_running_gets_491) {
  const auto call = connect(alice, bob);
  bob.refer(call.calleeCallId(), "<sip:102@pbx.example>");
  const auto again = bob.refer(call.calleeCallId(), "<sip:102@pbx.example>");
  EXPECT_EQ(bob.finalTo(again).statusCode(), 491);  // one transfer at a time
  EXPECT_EQ(carol.requests(Method::Invite).size(), 1u);
}

TEST_F(CallEngineTransfer, the_transferee_hanging_up_while_the_target_rings_cancels_it) {
  const auto call = connect(alice, bob);
  bob.refer(call.calleeCallId(), "<sip:102@pbx.example>");
  carol.ring(carol.last(Method::Invite));
  alice.bye(call.callerCallId());
  EXPECT_TRUE(carol.got(Method::Cancel));
  EXPECT_EQ(bob.last(Method::Bye).callId(), call.calleeCallId());
  EXPECT_EQ(engine().size(), 0u);
}

TEST_F(CallEngineTransfer, a_transferor_hanging_up_right_after_the_202_does_not_end_the_transfer) {
  // RFC 5589 §6: in a blind transfer the transferor may send BYE as soon as the REFER is
  // accepted; the transferee's call to the target goes on.
  const auto call = connect(alice, bob);
  const auto refer = bob.refer(call.calleeCallId(), "<sip:102@pbx.example>");
  ASSERT_EQ(bob.finalTo(refer).statusCode(), 202);
  const auto bye = bob.bye(call.calleeCallId());
  EXPECT_EQ(bob.finalTo(bye).statusCode(), 200);
  EXPECT_FALSE(alice.got(Method::Bye)) << "the transferee stays, hearing music";
  EXPECT_FALSE(carol.got(Method::Cancel));
  const auto toCarol = carol.last(Method::Invite);
  carol.answer(toCarol);
  EXPECT_TRUE(carol.got(Method::Ack));
  EXPECT_FALSE(carol.got(Method::Bye));
  alice.bye(call.callerCallId());
  EXPECT_EQ(carol.last(Method::Bye).callId(), toCarol.callId());
}

TEST_F(CallEngineTransfer, a_failed_transfer_whose_transferor_left_hangs_up_the_transferee) {
  const auto call = connect(alice, bob);
  bob.refer(call.calleeCallId(), "<sip:102@pbx.example>");
  bob.bye(call.calleeCallId());
  const auto notifies = bob.requests(Method::Notify).size();
  carol.respond(carol.last(Method::Invite), 486);
  EXPECT_EQ(bob.requests(Method::Notify).size(), notifies) << "no NOTIFY outside a dialog that ended";
  EXPECT_EQ(alice.last(Method::Bye).callId(), call.callerCallId()) << "nobody is left to talk to";
  EXPECT_EQ(engine().size(), 0u);
}

TEST_F(CallEngineTransfer, the_callers_session_timer_leaves_with_the_caller_after_a_blind_transfer) {
  // RFC 4028: the session interval was agreed with the caller, the refresher. Once its leg is
  // handed to the target (whose dialog we opened, without session timers), nobody refreshes it.
  const auto invite = alice.call("101", alice.sdp(), {{"Session-Expires", "1800"}});
  const auto toBob = bob.last(Method::Invite);
  bob.answer(toBob);
  alice.ack(invite);
  alice.refer(invite.callId(), "<sip:102@pbx.example>");
  carol.answer(carol.last(Method::Invite));
  ASSERT_TRUE(alice.got(Method::Bye));
  advance(1h);
  EXPECT_FALSE(bob.got(Method::Bye)) << "the call ended for a refresh nobody was to send";
  EXPECT_FALSE(carol.got(Method::Bye));
  EXPECT_EQ(engine().size(), 1u);
}

TEST_F(CallEngineTransfer, attended_transfer_from_the_caller_leg_joins_the_callee_to_the_target) {
  const auto first = connect(bob, alice);   // bob -> alice
  const auto second = connect(bob, carol);  // bob -> carol
  const auto& firstMedia = *media.opened.at(0);
  const std::string ourTag(bob.finalTo(second.callerInvite).to().tag().value_or(""));
  const std::string bobTag(second.callerInvite.from().tag().value_or(""));
  std::string callId = second.callerCallId();
  callId.replace(callId.find('@'), 1, "%40");
  const auto refer = bob.refer(first.callerCallId(), "<sip:102@pbx.example?Replaces=" + callId + "%3Bto-tag%3D" +
                                                         ourTag + "%3Bfrom-tag%3D" + bobTag + ">");
  EXPECT_EQ(bob.finalTo(refer).statusCode(), 202);
  const auto reinvite = carol.last(Method::Invite);
  EXPECT_EQ(reinvite.callId(), second.calleeCallId());
  EXPECT_EQ(summarize(reinvite.body()).port, firstMedia.callerRelay.port) << "bob's leg in the first call";
  carol.respond(reinvite, 200, carol.sdp());
  EXPECT_EQ(bob.requests(Method::Bye).size(), 2u);
  EXPECT_EQ(engine().size(), 1u);
  alice.bye(first.calleeCallId());
  EXPECT_EQ(carol.last(Method::Bye).callId(), second.calleeCallId());
  EXPECT_EQ(engine().size(), 0u);
}

}  // namespace
}  // namespace sb::call::testing
