// SPDX-License-Identifier: MIT
// Forking to every registered contact of the dialled extension: the first 2xx wins, the others
// are CANCELled once a provisional allows it (RFC 3261 §9.1) or ACKed and hung up when their 2xx
// crosses ours (§13.2.2.4, §15); failures are merged into one answer for the caller (§16.7).
#include "engine_harness.h"

namespace sb::call::testing {
namespace {

using sip::Method;

class CallEngineForking : public EngineHarness {
 protected:
  FakePhone& caller = addPhone("100");
  FakePhone& deskPhone = addPhone("101");
  FakePhone& softPhone = addPhone("101");
};

TEST_F(CallEngineForking, rings_every_contact_of_the_extension_once) {
  caller.call("101");
  ASSERT_EQ(deskPhone.requests(Method::Invite).size(), 1u);
  ASSERT_EQ(softPhone.requests(Method::Invite).size(), 1u);
  EXPECT_EQ(deskPhone.last(Method::Invite).requestUri().toString(), deskPhone.contactUri());
  EXPECT_EQ(softPhone.last(Method::Invite).requestUri().toString(), softPhone.contactUri());
  EXPECT_NE(deskPhone.last(Method::Invite).vias().front().branch(),
            softPhone.last(Method::Invite).vias().front().branch());
  EXPECT_EQ(media.opened.size(), 1u) << "one relay for the call, whichever phone answers";
}

TEST_F(CallEngineForking, the_first_answer_wins_is_acked_and_the_ringing_fork_is_cancelled) {
  const auto invite = caller.call("101");
  const auto toDesk = deskPhone.last(Method::Invite);
  const auto toSoft = softPhone.last(Method::Invite);
  deskPhone.ring(toDesk);
  softPhone.ring(toSoft);
  softPhone.answer(toSoft);

  const auto ack = softPhone.last(Method::Ack);  // RFC 3261 §13.2.2.4: outside any transaction
  EXPECT_EQ(ack.to().tag().value_or(""), softPhone.tagFor(toSoft.callId()));
  EXPECT_EQ(ack.cseq().number, toSoft.cseq().number);
  EXPECT_EQ(softPhone.received().back().path, Sent::Path::Stateless);
  const auto cancel = deskPhone.last(Method::Cancel);
  EXPECT_EQ(cancel.vias().front().branch(), toDesk.vias().front().branch());
  EXPECT_FALSE(softPhone.got(Method::Cancel));

  const auto ok = caller.finalTo(invite);
  EXPECT_EQ(ok.statusCode(), 200);
  const auto answer = summarize(ok.body());
  EXPECT_EQ(answer.address, "127.0.0.1");
  EXPECT_EQ(answer.port, media.last().callerRelay.port);
  EXPECT_EQ(media.last().lastExpected(Side::Callee).rtp, softPhone.rtp());
}

TEST_F(CallEngineForking, a_fork_without_a_provisional_is_cancelled_only_after_its_first_one) {
  caller.call("101");
  const auto toDesk = deskPhone.last(Method::Invite);
  const auto toSoft = softPhone.last(Method::Invite);
  softPhone.answer(toSoft);
  // RFC 3261 §9.1: a CANCEL must not be sent before a provisional response arrived.
  EXPECT_FALSE(deskPhone.got(Method::Cancel));
  deskPhone.respond(toDesk, 100);
  const auto cancel = deskPhone.last(Method::Cancel);
  deskPhone.respond(cancel, 200);
  deskPhone.respond(toDesk, 487);
  // The 487 is ACKed by the INVITE's transaction (§17.1.1.3), in it: same branch.
  const auto ack = deskPhone.last(Method::Ack);
  EXPECT_EQ(ack.vias().front().branch(), toDesk.vias().front().branch());
  EXPECT_FALSE(deskPhone.got(Method::Bye));
}

TEST_F(CallEngineForking, a_late_200_from_another_fork_is_acked_then_hung_up) {
  const auto invite = caller.call("101");
  const auto toDesk = deskPhone.last(Method::Invite);
  const auto toSoft = softPhone.last(Method::Invite);
  deskPhone.ring(toDesk);
  softPhone.ring(toSoft);
  softPhone.answer(toSoft);
  deskPhone.answer(toDesk);  // crossed our CANCEL
  const auto ack = deskPhone.last(Method::Ack);
  const auto bye = deskPhone.last(Method::Bye);
  EXPECT_EQ(ack.to().tag().value_or(""), deskPhone.tagFor(toDesk.callId()));
  EXPECT_EQ(bye.to().tag().value_or(""), deskPhone.tagFor(toDesk.callId()));
  EXPECT_EQ(bye.requestUri().toString(), deskPhone.contactUri()) << "the remote target of its 200";
  std::size_t ackAt = 0, byeAt = 0, i = 0;
  for (const auto& s : deskPhone.received()) {
    ++i;
    if (s.msg.isRequest() && s.msg.method() == Method::Ack) ackAt = i;
    if (s.msg.isRequest() && s.msg.method() == Method::Bye) byeAt = i;
  }
  EXPECT_LT(ackAt, byeAt) << "ACK first, then BYE (RFC 3261 §15)";
  EXPECT_EQ(caller.statusesTo(invite), (std::vector<int>{180, 180, 200})) << "one 200 for the caller";
  EXPECT_FALSE(softPhone.got(Method::Bye));
}

TEST_F(CallEngineForking, busy_everywhere_gives_the_caller_486) {
  const auto invite = caller.call("101");
  deskPhone.respond(deskPhone.last(Method::Invite), 486);
  EXPECT_TRUE(caller.responsesTo(invite).empty()) << "the other phone may still answer";
  softPhone.respond(softPhone.last(Method::Invite), 486);
  EXPECT_EQ(caller.finalTo(invite).statusCode(), 486);
}

TEST_F(CallEngineForking, busy_beats_unavailable_whatever_the_order) {
  const auto first = caller.call("101");
  deskPhone.respond(deskPhone.last(Method::Invite), 486);
  softPhone.respond(softPhone.last(Method::Invite), 480);
  EXPECT_EQ(caller.finalTo(first).statusCode(), 486);

  const auto second = caller.call("101");
  deskPhone.respond(deskPhone.last(Method::Invite), 480);
  softPhone.respond(softPhone.last(Method::Invite), 486);
  EXPECT_EQ(caller.finalTo(second).statusCode(), 486);

  const auto third = caller.call("101");
  deskPhone.respond(deskPhone.last(Method::Invite), 480);
  softPhone.respond(softPhone.last(Method::Invite), 404);
  EXPECT_EQ(caller.finalTo(third).statusCode(), 480) << "any other failure is 'not there'";
}

TEST_F(CallEngineForking, no_answer_within_the_ring_timeout_cancels_the_forks_and_gives_480) {
  const auto invite = caller.call("101");
  const auto start = clock.steadyNow();
  deskPhone.ring(deskPhone.last(Method::Invite));
  softPhone.ring(softPhone.last(Method::Invite));
  advance(29s);
  EXPECT_FALSE(deskPhone.got(Method::Cancel));
  advance(1s);
  EXPECT_TRUE(deskPhone.got(Method::Cancel));
  EXPECT_TRUE(softPhone.got(Method::Cancel));
  const auto sends = caller.sendsOf(invite, 480);
  ASSERT_FALSE(sends.empty());
  EXPECT_EQ(since(start, sends.front().at), 30s);
}

TEST_F(CallEngineForking, an_unusable_answer_fails_the_call_with_488_and_hangs_up_the_callee) {
  const auto invite = caller.call("101");
  const auto toDesk = deskPhone.last(Method::Invite);
  deskPhone.respond(toDesk, 200, deskPhone.sdp("sendrecv", "3"));  // GSM: never offered
  EXPECT_EQ(caller.finalTo(invite).statusCode(), 488);
  EXPECT_TRUE(deskPhone.got(Method::Ack));
  EXPECT_TRUE(deskPhone.got(Method::Bye));
  EXPECT_EQ(engine().size(), 0u);
}

TEST_F(CallEngineForking, the_winners_retransmitted_200_is_acked_again_and_not_hung_up) {
  const auto invite = caller.call("101");
  const auto toSoft = softPhone.last(Method::Invite);
  const auto body = softPhone.sdp();
  softPhone.respond(toSoft, 200, body);
  softPhone.respond(toSoft, 200, body);  // our ACK was lost
  // RFC 3261 §13.2.2.4: every 2xx retransmission is ACKed.
  EXPECT_EQ(softPhone.requests(Method::Ack).size(), 2u);
  EXPECT_FALSE(softPhone.got(Method::Bye));
  EXPECT_EQ(caller.statusesTo(invite), (std::vector<int>{200}));
}

TEST_F(CallEngineForking, a_fork_answering_after_another_ones_early_media_gets_the_relay_set_to_its_codec) {
  const auto invite = caller.call("101");
  const auto toDesk = deskPhone.last(Method::Invite);
  const auto toSoft = softPhone.last(Method::Invite);
  deskPhone.respond(toDesk, 183, deskPhone.sdp("sendrecv", "8 101"));  // early media in PCMA
  const auto early = caller.responsesTo(invite).back();
  softPhone.respond(toSoft, 200, softPhone.sdp("sendrecv", "0 101"));  // answers in PCMU
  const auto ok = caller.finalTo(invite);
  ASSERT_EQ(ok.statusCode(), 200);
  EXPECT_EQ(ok.body(), early.body()) << "the caller keeps the first answer (RFC 3261 §13.2.1)";
  EXPECT_EQ(media.last().lastExpected(Side::Callee).rtp, softPhone.rtp());
  // The relay must speak to the answering phone in the codec its own answer chose.
  ASSERT_FALSE(media.last().codecPlans.empty());
  EXPECT_EQ(media.last().codecPlans.back().callee.name, "PCMU");
  EXPECT_EQ(media.last().codecPlans.back().caller.name, "PCMA");
}

}  // namespace
}  // namespace sb::call::testing
