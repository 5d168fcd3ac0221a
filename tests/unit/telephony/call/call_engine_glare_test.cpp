// SPDX-License-Identifier: MIT
// Re-INVITE glare (RFC 3261 §14.1): a re-INVITE arriving on a leg while our own re-INVITE on it
// is pending gets 491; a 491 to ours is retried after a random back-off (2.1-4 s when we chose
// the dialog's Call-ID, 0-2 s otherwise). The engine sends a re-INVITE of its own only for an
// attended transfer, so that is where glare can happen today.
#include "engine_harness.h"

namespace sb::call::testing {
namespace {

using sip::Method;

class CallEngineGlare : public EngineHarness {
 protected:
  FakePhone& alice = addPhone("100");
  FakePhone& bob = addPhone("101");
  FakePhone& carol = addPhone("102");

  // alice -> bob, bob -> carol, then bob's attended transfer: carol's leg is being re-INVITEd.
  struct Glare {
    Connected first, second;
    sip::Message reinvite;
  };
  Glare transferPending() {
    Glare g{connect(alice, bob), connect(bob, carol), {}};
    const std::string ourTag(bob.finalTo(g.second.callerInvite).to().tag().value_or(""));
    const std::string bobTag(g.second.callerInvite.from().tag().value_or(""));
    std::string callId = g.second.callerCallId();
    callId.replace(callId.find('@'), 1, "%40");
    bob.refer(g.first.calleeCallId(), "<sip:102@pbx.example?Replaces=" + callId + "%3Bto-tag%3D" + ourTag +
                                          "%3Bfrom-tag%3D" + bobTag + ">");
    g.reinvite = carol.last(Method::Invite);
    return g;
  }
};

TEST_F(CallEngineGlare, a_reinvite_crossing_our_pending_reinvite_gets_491) {
  const auto g = transferPending();
  ASSERT_TRUE(g.reinvite.to().tag());
  const auto crossing = carol.reInvite(g.second.calleeCallId(), carol.sdp("sendonly"));
  EXPECT_EQ(carol.finalTo(crossing).statusCode(), 491);
}

TEST_F(CallEngineGlare, our_reinvite_refused_with_491_is_retried_after_the_back_off) {
  const auto g = transferPending();
  carol.respond(g.reinvite, 491);
  const auto refusedAt = clock.steadyNow();
  advance(2100ms - 1ms);
  EXPECT_EQ(carol.requests(Method::Invite).size(), 2u) << "no retry before 2.1 s: we chose this Call-ID";
  advance(1901ms);
  const auto invites = carol.requests(Method::Invite);
  ASSERT_EQ(invites.size(), 3u);
  EXPECT_GT(invites.back().cseq().number, g.reinvite.cseq().number);
  EXPECT_GE(since(refusedAt, carol.received().back().at), 2100ms);
}

}  // namespace
}  // namespace sb::call::testing
