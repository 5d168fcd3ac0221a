// SPDX-License-Identifier: MIT
// An answered call: re-INVITEs answered per leg (hold and resume, decision 0006), BYE carried to
// the other side, in-dialog requests the call does or does not take (RFC 3261 §12.2.2, §8.2.1),
// and the calls Switchboard ends itself (session timers, max call length, rtp timeout, shutdown).
#include "engine_harness.h"

namespace sb::call::testing {
namespace {

using sip::Method;

class CallEngineInCall : public EngineHarness {
 protected:
  FakePhone& alice = addPhone("100");
  FakePhone& bob = addPhone("101");
};

TEST_F(CallEngineInCall, caller_hold_and_resume_are_answered_here_and_the_callee_is_not_reinvited) {
  const auto call = connect(alice, bob);
  const auto hold = alice.reInvite(call.callerCallId(), alice.sdp("sendonly"));
  const auto held = alice.finalTo(hold);
  ASSERT_EQ(held.statusCode(), 200);
  const auto answer = summarize(held.body());
  EXPECT_EQ(answer.direction, sdp::Direction::RecvOnly);  // RFC 3264 §6.1
  EXPECT_EQ(answer.address, "127.0.0.1");
  EXPECT_EQ(answer.port, media.last().callerRelay.port);
  EXPECT_EQ(media.last().lastHolds(), std::make_pair(true, false));
  alice.ack(hold);

  const auto resume = alice.reInvite(call.callerCallId(), alice.sdp("sendrecv"));
  const auto resumed = alice.finalTo(resume);
  ASSERT_EQ(resumed.statusCode(), 200);
  EXPECT_EQ(summarize(resumed.body()).direction, sdp::Direction::SendRecv);
  EXPECT_EQ(media.last().lastHolds(), std::make_pair(false, false));
  alice.ack(resume);
  EXPECT_EQ(bob.requests(Method::Invite).size(), 1u) << "decision 0006: the other phone is not disturbed";
}

TEST_F(CallEngineInCall, callee_hold_and_resume_are_answered_here_and_the_caller_is_not_reinvited) {
  const auto call = connect(alice, bob);
  const auto hold = bob.reInvite(call.calleeCallId(), bob.sdp("sendonly"));
  const auto held = bob.finalTo(hold);
  ASSERT_EQ(held.statusCode(), 200);
  EXPECT_EQ(summarize(held.body()).direction, sdp::Direction::RecvOnly);
  EXPECT_EQ(summarize(held.body()).port, media.last().calleeRelay.port);
  EXPECT_EQ(media.last().lastHolds(), std::make_pair(false, true));
  bob.ack(hold);
  const auto resume = bob.reInvite(call.calleeCallId(), bob.sdp());
  EXPECT_EQ(summarize(bob.finalTo(resume).body()).direction, sdp::Direction::SendRecv);
  EXPECT_EQ(media.last().lastHolds(), std::make_pair(false, false));
  bob.ack(resume);
  EXPECT_FALSE(alice.got(Method::Invite));
}

TEST_F(CallEngineInCall, a_reinvite_moving_media_points_the_relay_at_the_new_address) {
  const auto call = connect(alice, bob);
  std::string moved = bob.sdp();
  const auto at = moved.find("m=audio ") + 8;
  moved.replace(at, moved.find(' ', at) - at, "40000");
  const auto reinvite = bob.reInvite(call.calleeCallId(), moved);
  EXPECT_EQ(bob.finalTo(reinvite).statusCode(), 200);
  EXPECT_EQ(media.last().lastExpected(Side::Callee).rtp.port, 40000);
}

TEST_F(CallEngineInCall, a_bye_from_the_caller_is_answered_and_carried_to_the_callee) {
  const auto call = connect(alice, bob);
  const auto bye = alice.bye(call.callerCallId());
  EXPECT_EQ(alice.finalTo(bye).statusCode(), 200);
  const auto carried = bob.last(Method::Bye);
  EXPECT_EQ(carried.callId(), call.calleeCallId());
  EXPECT_EQ(carried.to().tag().value_or(""), bob.tagFor(call.calleeCallId()));
  EXPECT_EQ(carried.from().tag(), call.calleeInvite.from().tag());
  EXPECT_GT(carried.cseq().number, call.calleeInvite.cseq().number);  // RFC 3261 §12.2.1.1
  EXPECT_EQ(engine().size(), 0u);
  EXPECT_TRUE(media.last().closed);
  EXPECT_FALSE(alice.got(Method::Bye));
}

TEST_F(CallEngineInCall, a_bye_from_the_callee_is_answered_and_carried_to_the_caller) {
  const auto call = connect(alice, bob);
  const auto bye = bob.bye(call.calleeCallId());
  EXPECT_EQ(bob.finalTo(bye).statusCode(), 200);
  const auto carried = alice.last(Method::Bye);
  EXPECT_EQ(carried.callId(), call.callerCallId());
  EXPECT_EQ(carried.requestUri().toString(), alice.contactUri()) << "the caller's Contact is its target";
  EXPECT_EQ(carried.to().tag(), call.callerInvite.from().tag());
  EXPECT_EQ(carried.from().tag().value_or(""), alice.finalTo(call.callerInvite).to().tag().value_or("-"));
  EXPECT_EQ(engine().size(), 0u);
}

TEST_F(CallEngineInCall, a_method_the_call_does_not_take_gets_405_with_allow) {
  const auto call = connect(alice, bob);
  const auto subscribe = alice.send(call.callerCallId(), Method::Subscribe, {}, {{"Event", "dialog"}});
  const auto refused = alice.finalTo(subscribe);
  EXPECT_EQ(refused.statusCode(), 405);  // RFC 3261 §8.2.1
  EXPECT_EQ(refused.header("Allow").value_or(""), "INVITE, ACK, CANCEL, BYE, OPTIONS, INFO, REFER");
  EXPECT_EQ(engine().size(), 1u);
}

TEST_F(CallEngineInCall, options_and_info_in_the_dialog_get_200_and_go_no_further) {
  const auto call = connect(alice, bob);
  const auto options = alice.send(call.callerCallId(), Method::Options);
  EXPECT_EQ(alice.finalTo(options).statusCode(), 200);
  const auto info = bob.send(call.calleeCallId(), Method::Info, "Signal=5\r\nDuration=160\r\n", {},
                             "application/dtmf-relay");
  EXPECT_EQ(bob.finalTo(info).statusCode(), 200);
  EXPECT_FALSE(bob.got(Method::Options));
  EXPECT_FALSE(alice.got(Method::Info));
}

TEST_F(CallEngineInCall, a_request_with_a_lower_cseq_gets_500) {
  const auto call = connect(alice, bob);
  alice.send(call.callerCallId(), Method::Options);
  auto stale = sip::Message::request(Method::Options, "OPTIONS", alice.dialog(call.callerCallId()).remoteTarget);
  // The phone's dialog state with its CSeq set back: §12.2.2 says 500.
  const auto& d = alice.dialog(call.callerCallId());
  sip::Via via;
  via.transport = "UDP";
  via.host = alice.address().ip.to_string();
  via.port = alice.address().port;
  via.params.set("branch", "z9hG4bK-stale");
  stale.setVias({via});
  stale.setFrom(d.local);
  stale.setTo(d.remote);
  stale.setCallId(d.callId);
  stale.setCSeq(sip::CSeq{1, "OPTIONS"});
  fromPhone(stale, alice.flow());
  EXPECT_EQ(alice.finalTo(stale).statusCode(), 500);
}

TEST_F(CallEngineInCall, session_timers_the_caller_asked_for_end_an_unrefreshed_call) {
  auto invite = alice.call("101", alice.sdp(), {{"Session-Expires", "1800"}, {"Supported", "timer"}});
  const auto toBob = bob.last(Method::Invite);
  bob.answer(toBob);
  const auto ok = alice.finalTo(invite);
  // RFC 4028 §9: the caller is the refresher; the 200 says so and requires the extension.
  EXPECT_EQ(ok.header("Session-Expires").value_or(""), "1800;refresher=uac");
  EXPECT_EQ(ok.header("Require").value_or(""), "timer");
  alice.ack(invite);
  const auto start = clock.steadyNow();
  // §10: without a refresh the session ends before it expires, at 1800 - min(32, 1800/3) s.
  advance(1767s);
  EXPECT_FALSE(bob.got(Method::Bye));
  advance(1s);
  ASSERT_TRUE(bob.got(Method::Bye));
  EXPECT_TRUE(alice.got(Method::Bye));
  EXPECT_EQ(since(start, bob.firstAt(Method::Bye)), 1768s);
}

TEST_F(CallEngineInCall, a_session_refresh_rearms_the_session_timer) {
  auto invite = alice.call("101", alice.sdp(), {{"Session-Expires", "1800"}});
  bob.answer(bob.last(Method::Invite));
  alice.ack(invite);
  advance(900s);  // §10: the refresher refreshes at half the interval
  const auto refresh = alice.reInvite(invite.callId(), alice.sdp());
  const auto ok = alice.finalTo(refresh);
  EXPECT_EQ(ok.statusCode(), 200);
  EXPECT_EQ(ok.header("Session-Expires").value_or(""), "1800;refresher=uac");
  alice.ack(refresh);
  advance(1767s);
  EXPECT_FALSE(bob.got(Method::Bye)) << "the refresh bought another interval";
  advance(1s);
  EXPECT_TRUE(bob.got(Method::Bye));
}

TEST_F(CallEngineInCall, a_call_reaching_the_max_call_length_is_ended_on_both_sides) {
  settings.maxCallLength = 2h;
  connect(alice, bob);
  advance(2h - 1s);
  EXPECT_FALSE(alice.got(Method::Bye));
  EXPECT_FALSE(bob.got(Method::Bye));
  advance(1s);
  EXPECT_TRUE(alice.got(Method::Bye));
  EXPECT_TRUE(bob.got(Method::Bye));
  EXPECT_EQ(engine().size(), 0u);
}

TEST_F(CallEngineInCall, a_call_without_media_for_the_rtp_timeout_is_ended) {
  settings.rtpTimeout = 60s;
  connect(alice, bob);
  media.last().silentSince = clock.steadyNow();
  const auto start = clock.steadyNow();
  advance(59s);
  EXPECT_FALSE(alice.got(Method::Bye));
  advance(6s);  // checked every 5 s
  ASSERT_TRUE(alice.got(Method::Bye));
  ASSERT_TRUE(bob.got(Method::Bye));
  EXPECT_GE(since(start, bob.firstAt(Method::Bye)), 60s);
  EXPECT_LE(since(start, bob.firstAt(Method::Bye)), 65s);
}

TEST_F(CallEngineInCall, a_held_call_is_not_ended_for_its_silence) {
  settings.rtpTimeout = 60s;
  const auto call = connect(alice, bob);
  const auto hold = alice.reInvite(call.callerCallId(), alice.sdp("sendonly"));
  alice.ack(hold);
  media.last().silentSince = clock.steadyNow();
  advance(10min);
  EXPECT_FALSE(bob.got(Method::Bye));
  EXPECT_EQ(engine().size(), 1u);
}

TEST_F(CallEngineInCall, hang_up_all_ends_answered_calls_with_bye_and_refuses_ringing_ones_with_503) {
  auto& carol = addPhone("102");
  auto& dave = addPhone("103");
  connect(alice, bob);
  const auto ringing = carol.call("103");
  const auto toDave = dave.last(Method::Invite);
  dave.ring(toDave);
  engine().hangUpAll("shutdown");
  EXPECT_TRUE(alice.got(Method::Bye));
  EXPECT_TRUE(bob.got(Method::Bye));
  EXPECT_EQ(carol.finalTo(ringing).statusCode(), 503);
  EXPECT_TRUE(dave.got(Method::Cancel));
  EXPECT_EQ(engine().size(), 0u);
}

TEST_F(CallEngineInCall, an_rfc2543_hold_to_address_0_0_0_0_is_a_hold) {
  const auto call = connect(alice, bob);
  std::string held = bob.sdp();
  const std::string ip = bob.address().ip.to_string();
  for (auto at = held.find("IN IP4 " + ip); at != std::string::npos; at = held.find("IN IP4 " + ip)) {
    held.replace(at + 7, ip.size(), "0.0.0.0");  // the Cisco 7960 way (RFC 3264 §8.4)
  }
  const auto hold = bob.reInvite(call.calleeCallId(), held);
  EXPECT_EQ(bob.finalTo(hold).statusCode(), 200);
  EXPECT_EQ(media.last().lastHolds(), std::make_pair(false, true));
  EXPECT_FALSE(alice.got(Method::Invite));
}

TEST_F(CallEngineInCall, a_reinvite_with_a_new_contact_moves_the_target_of_later_requests) {
  const auto call = connect(alice, bob);
  const auto refresh = bob.reInvite(call.calleeCallId(), bob.sdp(), {{"Contact", "<sip:101@127.0.1.99:5070>"}});
  ASSERT_EQ(bob.finalTo(refresh).statusCode(), 200);
  bob.ack(refresh);
  alice.bye(call.callerCallId());
  // RFC 3261 §12.2: a re-INVITE is a target refresh request.
  EXPECT_EQ(bob.last(Method::Bye).requestUri().toString(), "sip:101@127.0.1.99:5070");
}

TEST_F(CallEngineInCall, an_unusable_reoffer_gets_488_and_the_call_goes_on) {
  const auto call = connect(alice, bob);
  const auto reinvite = alice.reInvite(call.callerCallId(), alice.sdp("sendrecv", "3"));  // GSM only
  EXPECT_EQ(alice.finalTo(reinvite).statusCode(), 488);  // RFC 3261 §14.2: the session is unchanged
  EXPECT_EQ(engine().size(), 1u);
  advance(40s);
  EXPECT_FALSE(alice.got(Method::Bye)) << "a refused re-INVITE awaits no ACK of ours";
  alice.bye(call.callerCallId());
  EXPECT_TRUE(bob.got(Method::Bye));
}

TEST_F(CallEngineInCall, a_reoffer_with_another_codec_switches_that_leg_only) {
  const auto call = connect(alice, bob);
  const auto reinvite = alice.reInvite(call.callerCallId(), alice.sdp("sendrecv", "8 101"));  // PCMA only now
  const auto ok = alice.finalTo(reinvite);
  ASSERT_EQ(ok.statusCode(), 200);
  EXPECT_EQ(summarize(ok.body()).formats.front(), "8");
  ASSERT_FALSE(media.last().codecPlans.empty());
  EXPECT_EQ(media.last().codecPlans.back().caller.name, "PCMA");
  EXPECT_EQ(media.last().codecPlans.back().callee.name, "PCMU") << "the relay transcodes; bob is not re-INVITEd";
  EXPECT_EQ(bob.requests(Method::Invite).size(), 1u);
}

}  // namespace
}  // namespace sb::call::testing
