// SPDX-License-Identifier: MIT
// Setting a call up: routing the dialled number and the refusals a caller hears before anything
// rings (RFC 3261 §8.2, §13.3.1), provisional responses relayed, and CANCEL (§9).
#include "engine_harness.h"

namespace sb::call::testing {
namespace {

using sip::Method;

class CallEngineSetup : public EngineHarness {};

TEST_F(CallEngineSetup, an_unknown_number_gets_404_and_takes_no_ports) {
  auto& caller = addPhone("100");
  const auto invite = caller.call("555");
  EXPECT_EQ(caller.finalTo(invite).statusCode(), 404);
  EXPECT_TRUE(media.opened.empty()) << "an unroutable INVITE must not lease relay ports";
  EXPECT_EQ(engine().size(), 0u);
}

TEST_F(CallEngineSetup, an_extension_with_no_contact_and_no_mailbox_gets_480) {
  auto& caller = addPhone("100");
  const auto invite = caller.call("101");
  EXPECT_EQ(caller.finalTo(invite).statusCode(), 480);
  EXPECT_TRUE(media.opened.empty());
}

TEST_F(CallEngineSetup, no_media_ports_left_gets_503) {
  auto& caller = addPhone("100");
  auto& callee = addPhone("101");
  media.portsLeft = false;
  const auto invite = caller.call("101");
  EXPECT_EQ(caller.finalTo(invite).statusCode(), 503);
  EXPECT_FALSE(callee.got(Method::Invite)) << "nothing rings without a relay";
}

TEST_F(CallEngineSetup, an_offer_without_a_codec_we_speak_gets_488) {
  auto& caller = addPhone("100");
  auto& callee = addPhone("101");
  const auto invite = caller.call("101", caller.sdp("sendrecv", "3"));  // GSM only
  EXPECT_EQ(caller.finalTo(invite).statusCode(), 488);
  EXPECT_FALSE(callee.got(Method::Invite));
}

TEST_F(CallEngineSetup, an_invite_without_an_offer_gets_488_and_a_body_that_is_not_sdp_415_with_accept) {
  auto& caller = addPhone("100");
  addPhone("101");
  const auto bare = caller.call("101", "");
  EXPECT_EQ(caller.finalTo(bare).statusCode(), 488);
  const auto text = caller.call("101", "hello", {}, "text/plain");
  const auto refused = caller.finalTo(text);
  EXPECT_EQ(refused.statusCode(), 415);
  EXPECT_EQ(refused.header("Accept").value_or(""), "application/sdp");  // RFC 3261 §8.2.3
}

TEST_F(CallEngineSetup, a_session_interval_below_90_s_gets_422_with_min_se) {
  auto& caller = addPhone("100");
  addPhone("101");
  const auto invite = caller.call("101", caller.sdp(), {{"Session-Expires", "60"}});
  const auto refused = caller.finalTo(invite);
  EXPECT_EQ(refused.statusCode(), 422);  // RFC 4028 §6
  EXPECT_EQ(refused.header("Min-SE").value_or(""), "90");
}

TEST_F(CallEngineSetup, the_callee_invite_goes_to_the_contact_as_registered_with_our_relay_in_the_offer) {
  auto& caller = addPhone("100");
  auto& callee = addPhone("101");
  caller.call("101");
  const auto invite = callee.last(Method::Invite);
  EXPECT_EQ(invite.requestUri().toString(), callee.contactUri());  // RFC 3261 §8.1.1
  EXPECT_EQ(invite.from().uri.user, "100");
  EXPECT_EQ(invite.from().displayName, "Front Desk");
  EXPECT_EQ(invite.to().uri.user, "101");
  const auto offer = summarize(invite.body());
  EXPECT_EQ(offer.address, "127.0.0.1") << "our relay, never the caller's address";
  EXPECT_EQ(offer.port, media.last().calleeRelay.port);
  ASSERT_GE(offer.formats.size(), 2u);
  EXPECT_EQ(offer.formats[0], "0") << "the caller's codecs first, with its numbers";
  EXPECT_EQ(offer.formats[1], "8");
  EXPECT_EQ(media.last().lastExpected(Side::Caller).rtp, caller.rtp());
}

TEST_F(CallEngineSetup, a_180_reaches_the_caller_with_our_own_to_tag_and_no_body) {
  auto& caller = addPhone("100");
  auto& callee = addPhone("101");
  const auto invite = caller.call("101");
  const auto forked = callee.last(Method::Invite);
  callee.ring(forked);
  const auto responses = caller.responsesTo(invite);
  ASSERT_FALSE(responses.empty());
  const auto& ringing = responses.back();
  EXPECT_EQ(ringing.statusCode(), 180);
  ASSERT_TRUE(ringing.to().tag());
  EXPECT_NE(*ringing.to().tag(), callee.tagFor(forked.callId())) << "a B2BUA's dialog has its own tag";
  EXPECT_TRUE(ringing.body().empty());
}

TEST_F(CallEngineSetup, a_183_with_sdp_opens_early_media_on_the_caller_side_relay) {
  auto& caller = addPhone("100");
  auto& callee = addPhone("101");
  const auto invite = caller.call("101");
  const auto forked = callee.last(Method::Invite);
  callee.respond(forked, 183, callee.sdp());
  const auto early = caller.responsesTo(invite).back();
  EXPECT_EQ(early.statusCode(), 183);  // RFC 3960
  const auto answer = summarize(early.body());
  EXPECT_EQ(answer.address, "127.0.0.1");
  EXPECT_EQ(answer.port, media.last().callerRelay.port);
  EXPECT_EQ(media.last().lastExpected(Side::Callee).rtp, callee.rtp());
}

TEST_F(CallEngineSetup, cancel_while_ringing_gets_200_then_487_and_cancels_the_callee) {
  auto& caller = addPhone("100");
  auto& callee = addPhone("101");
  const auto invite = caller.call("101");
  const auto forked = callee.last(Method::Invite);
  callee.ring(forked);
  const auto cancel = caller.cancel(invite);
  EXPECT_EQ(caller.finalTo(cancel).statusCode(), 200);  // RFC 3261 §9.2
  EXPECT_EQ(caller.finalTo(invite).statusCode(), 487);
  const auto cancelled = callee.last(Method::Cancel);
  EXPECT_EQ(cancelled.cseq().number, forked.cseq().number);  // §9.1: the INVITE's CSeq and top Via
  EXPECT_EQ(cancelled.vias().front().branch(), forked.vias().front().branch());
  callee.respond(cancelled, 200);
  callee.respond(forked, 487);
  EXPECT_EQ(engine().size(), 0u);
}

TEST_F(CallEngineSetup, a_cancel_crossing_our_200_leaves_the_call_up) {
  auto& caller = addPhone("100");
  auto& callee = addPhone("101");
  const auto invite = caller.call("101");
  const auto forked = callee.last(Method::Invite);
  callee.answer(forked);
  ASSERT_EQ(caller.finalTo(invite).statusCode(), 200);
  const auto cancel = caller.cancel(invite);
  // RFC 3261 §9.2: the INVITE's transaction still exists, so the CANCEL gets 200 and has no effect.
  EXPECT_EQ(caller.finalTo(cancel).statusCode(), 200);
  EXPECT_EQ(caller.statusesTo(invite), (std::vector<int>{200}));
  EXPECT_FALSE(callee.got(Method::Cancel));
  EXPECT_FALSE(callee.got(Method::Bye));
  caller.ack(invite);
  EXPECT_EQ(engine().size(), 1u);
}

TEST_F(CallEngineSetup, a_retransmitted_invite_is_absorbed_and_rings_nobody_twice) {
  auto& caller = addPhone("100");
  auto& callee = addPhone("101");
  const auto invite = caller.call("101");
  fromPhone(invite, caller.flow());  // RFC 3261 §17.2.1: the transaction absorbs it
  EXPECT_EQ(callee.requests(Method::Invite).size(), 1u);
  EXPECT_EQ(engine().size(), 1u);
  EXPECT_EQ(media.opened.size(), 1u);
}

TEST_F(CallEngineSetup, the_200_after_early_media_repeats_the_early_answer) {
  auto& caller = addPhone("100");
  auto& callee = addPhone("101");
  const auto invite = caller.call("101");
  const auto forked = callee.last(Method::Invite);
  callee.respond(forked, 183, callee.sdp());
  const auto early = caller.responsesTo(invite).back();
  ASSERT_EQ(early.statusCode(), 183);
  callee.answer(forked);
  const auto ok = caller.finalTo(invite);
  ASSERT_EQ(ok.statusCode(), 200);
  // One offer, one answer (RFC 3264 §4): the 200 carries the answer the 183 previewed, same o=.
  EXPECT_EQ(ok.body(), early.body());
  EXPECT_EQ(ok.to().tag(), early.to().tag()) << "one dialog with the caller";
}

TEST_F(CallEngineSetup, a_200_crossing_our_cancel_is_acked_then_hung_up) {
  auto& caller = addPhone("100");
  auto& callee = addPhone("101");
  const auto invite = caller.call("101");
  const auto forked = callee.last(Method::Invite);
  callee.ring(forked);
  caller.cancel(invite);
  ASSERT_EQ(caller.finalTo(invite).statusCode(), 487);
  callee.answer(forked);  // sent before our CANCEL reached the phone
  // RFC 3261 §9.1/§15: the dialog the 200 created is confirmed and ended at once.
  EXPECT_EQ(callee.last(Method::Ack).to().tag().value_or(""), callee.tagFor(forked.callId()));
  EXPECT_EQ(callee.last(Method::Bye).to().tag().value_or(""), callee.tagFor(forked.callId()));
  EXPECT_EQ(caller.statusesTo(invite), (std::vector<int>{180, 487})) << "the caller gets no 200";
}

}  // namespace
}  // namespace sb::call::testing
