// SPDX-License-Identifier: MIT
#include "sip/dialog/invite_session.h"

#include <gtest/gtest.h>

#include <optional>
#include <string>

#include "../transaction/transaction_test_support.h"
#include "sip/message/response_builder.h"

namespace sb::sip::test {
namespace {

// A phone's INVITE and the dialog we hold with it as its UAS, on a layer that records the wire.
class InviteSessionTest : public TransactionLayerTest {
 protected:
  InviteSessionTest() {
    layer.setRequestHandler([this](ServerTransaction tx) { incoming.emplace(std::move(tx)); });
  }

  // The phone's INVITE arrives; its server transaction is kept in `incoming`.
  void receiveInvite(std::uint32_t cseq = 1, const net::Flow& flow = udpFlow()) {
    auto invite = request(Method::Invite, "z9hG4bK-invite-" + std::to_string(cseq));
    invite.setCSeq(CSeq{cseq, "INVITE"});
    NameAddr contact;
    contact.uri = sipUri("200", "192.0.2.10");
    invite.setContacts({Contact{false, contact}});
    layer.onRequest(std::move(invite), flow);
    ASSERT_TRUE(incoming.has_value());
  }

  InviteSession& session(InviteSession::Role role = InviteSession::Role::Uas, TransactionLayer* on = nullptr) {
    auto& transactions = on ? *on : layer;
    InviteSessionContext context{transactions, timers,
                                 [this](const Message& m, const net::Flow& to) {
                                   sent.push_back(Sent{clock.steadyNow(), to, m});
                                 },
                                 [](Message& m, const net::Flow&) { m.setVias({via("")}); }};
    session_.emplace(Dialog::asUas(incoming->request(), "our-tag", incoming->flow()), role, std::move(context),
                     [this](std::string_view cause) { endedWith = std::string(cause); });
    return *session_;
  }

  Message ok() { return makeResponse(incoming->request(), 200, "OK", "our-tag"); }

  Message ack(std::uint32_t cseq) {
    auto a = request(Method::Ack, "z9hG4bK-ack-" + std::to_string(cseq));
    a.setCSeq(CSeq{cseq, "ACK"});
    return a;
  }

  std::vector<long> okTimes() {
    return sendTimes([](const Message& m) { return m.isResponse() && m.statusCode() == 200; });
  }
  // Each request we sent, once: the transaction layer's retransmissions (same CSeq) not counted.
  std::vector<const Message*> requestsSent(Method method) {
    std::vector<const Message*> out;
    for (const auto& s : sent) {
      if (!s.msg.isRequest() || s.msg.method() != method) continue;
      if (!out.empty() && out.back()->cseq().number == s.msg.cseq().number) continue;
      out.push_back(&s.msg);
    }
    return out;
  }
  // The far end answers the last request we sent with `status`.
  void answerLast(Method method, int status) {
    const auto requests = requestsSent(method);
    ASSERT_FALSE(requests.empty());
    layer.onResponse(makeResponse(*requests.back(), status, reasonPhrase(status), "phone-tag"), udpFlow());
  }

  std::optional<ServerTransaction> incoming;
  std::optional<InviteSession> session_;
  std::optional<std::string> endedWith;
};

TEST_F(InviteSessionTest, Our2xxGoesAgainFromT1DoublingToT2UntilTheAck) {
  receiveInvite();
  session().answer(*incoming, ok());
  advance(9s);
  // RFC 3261 §13.3.1.4: at once, then 0.5, 1.5, 3.5, 7.5 s (intervals 0.5, 1, 2, 4, capped at T2 = 4).
  EXPECT_EQ(okTimes(), (std::vector<long>{0, 500, 1500, 3500, 7500}));
  EXPECT_TRUE(session_->onAck(ack(1)));
  EXPECT_EQ(session_->unacknowledged(), 0u);
  advance(30s);
  EXPECT_EQ(okTimes().size(), 5u);
  EXPECT_FALSE(endedWith.has_value());
}

TEST_F(InviteSessionTest, NoAckWithin64T1EndsTheSession) {
  receiveInvite();
  session().answer(*incoming, ok());
  advance(31s);
  EXPECT_FALSE(endedWith.has_value());
  advance(2s);
  ASSERT_TRUE(endedWith.has_value());
  EXPECT_EQ(*endedWith, "no ACK");
  const auto count = okTimes().size();
  advance(30s);
  EXPECT_EQ(okTimes().size(), count);
}

TEST_F(InviteSessionTest, AnAckForAnotherCSeqLeavesThe2xxWaiting) {
  receiveInvite();
  session().answer(*incoming, ok());
  EXPECT_FALSE(session_->onAck(ack(7)));
  EXPECT_EQ(session_->unacknowledged(), 1u);
}

TEST_F(InviteSessionTest, OnAReliableTransportThe2xxGoesOnce) {
  receiveInvite(1, tcpFlow());
  session().answer(*incoming, ok());
  advance(40s);
  EXPECT_EQ(okTimes().size(), 1u);
  EXPECT_FALSE(endedWith.has_value());
}

TEST_F(InviteSessionTest, RetransmissionTimingComesFromTheTransactionLayersSettings) {
  TimerSettings fast;
  fast.t1 = Millis(100);
  fast.t2 = Millis(400);
  TransactionLayer quick{timers, [this](const net::Flow& to, const Message& m) { return record(to, m); },
                         [this](const WireMessage& w) { recordResent(w); }, fast};
  quick.setRequestHandler([this](ServerTransaction tx) { incoming.emplace(std::move(tx)); });
  auto invite = request(Method::Invite, "z9hG4bK-fast");
  quick.onRequest(std::move(invite), udpFlow());
  ASSERT_TRUE(incoming.has_value());
  session(InviteSession::Role::Uas, &quick).answer(*incoming, ok());
  advance(Millis(1500));
  EXPECT_EQ(okTimes(), (std::vector<long>{0, 100, 300, 700, 1100, 1500}));
  advance(Millis(5000));
  ASSERT_TRUE(endedWith.has_value());  // 64 * T1 = 6.4 s
  incoming.reset();
  session_.reset();
}

TEST_F(InviteSessionTest, SessionTimerEndsBeforeExpiryUnlessRefreshed) {
  receiveInvite();
  session().expectRefreshWithin(std::chrono::seconds(90));
  advance(59s);
  EXPECT_FALSE(endedWith.has_value());
  session_->expectRefreshWithin(std::chrono::seconds(90));  // the refresh re-arms it from now
  advance(59s);
  EXPECT_FALSE(endedWith.has_value());
  advance(2s);
  ASSERT_TRUE(endedWith.has_value());  // RFC 4028 §10: 90 s less a third
  EXPECT_EQ(*endedWith, "session timer expired");
}

TEST_F(InviteSessionTest, LongSessionIntervalsEndThirtyTwoSecondsEarly) {
  receiveInvite();
  session().expectRefreshWithin(std::chrono::seconds(1800));
  advance(1767s);
  EXPECT_FALSE(endedWith.has_value());
  advance(1s);
  EXPECT_TRUE(endedWith.has_value());
}

TEST_F(InviteSessionTest, StoppedSessionTimerNeverFires) {
  receiveInvite();
  session().expectRefreshWithin(std::chrono::seconds(90));
  session_->stopSessionTimer();
  advance(200s);
  EXPECT_FALSE(endedWith.has_value());
}

TEST_F(InviteSessionTest, ReInviteIsAckedAndReported) {
  receiveInvite();
  int reported = 0;
  ASSERT_TRUE(session().reInvite([](Message& m) { m.setBody("v=0\r\n", "application/sdp"); },
                                 [&](const ClientEvent& e) { reported = e.response ? e.response->statusCode() : -1; }));
  EXPECT_TRUE(session_->glare());
  const auto invites = requestsSent(Method::Invite);
  ASSERT_EQ(invites.size(), 1u);
  EXPECT_EQ(invites[0]->cseq().number, 1u);  // our first request in this dialog
  EXPECT_EQ(invites[0]->body(), "v=0\r\n");
  answerLast(Method::Invite, 200);
  EXPECT_EQ(reported, 200);
  EXPECT_FALSE(session_->glare());
  const auto acks = requestsSent(Method::Ack);
  ASSERT_EQ(acks.size(), 1u);
  EXPECT_EQ(acks[0]->cseq().number, invites[0]->cseq().number);
}

TEST_F(InviteSessionTest, OnlyOneReInviteOfOursAtATime) {
  receiveInvite();
  ASSERT_TRUE(session().reInvite([](Message&) {}, [](const ClientEvent&) {}));
  EXPECT_FALSE(session_->reInvite([](Message&) {}, [](const ClientEvent&) {}));
  EXPECT_EQ(requestsSent(Method::Invite).size(), 1u);
}

TEST_F(InviteSessionTest, A491IsRetriedAfterTheBackOffForTheCallIdsOwner) {
  receiveInvite();
  int reported = 0;
  session(InviteSession::Role::Uac).reInvite([](Message&) {}, [&](const ClientEvent& e) {
    reported = e.response ? e.response->statusCode() : -1;
  });
  answerLast(Method::Invite, 491);
  EXPECT_EQ(reported, 0);  // not the owner's business yet
  EXPECT_TRUE(session_->glare());  // still pending: the far end's re-INVITE goes first
  advance(Millis(2099));
  EXPECT_EQ(requestsSent(Method::Invite).size(), 1u);  // §14.1: not before 2.1 s
  advance(Millis(1901));
  const auto invites = requestsSent(Method::Invite);
  ASSERT_EQ(invites.size(), 2u);  // and by 4 s
  EXPECT_GT(invites[1]->cseq().number, invites[0]->cseq().number);
  answerLast(Method::Invite, 200);
  EXPECT_EQ(reported, 200);
}

TEST_F(InviteSessionTest, TheOtherSideOfAGlareRetriesWithinTwoSeconds) {
  receiveInvite();
  session(InviteSession::Role::Uas).reInvite([](Message&) {}, [](const ClientEvent&) {});
  answerLast(Method::Invite, 491);
  advance(Millis(2000));
  EXPECT_EQ(requestsSent(Method::Invite).size(), 2u);
}

TEST_F(InviteSessionTest, RepeatedGlareIsReportedInTheEnd) {
  receiveInvite();
  int reported = 0;
  session().reInvite([](Message&) {}, [&](const ClientEvent& e) { reported = e.response->statusCode(); });
  for (int i = 0; i <= InviteSession::kMaxGlareRetries; ++i) {
    answerLast(Method::Invite, 491);
    advance(Millis(4000));
  }
  EXPECT_EQ(reported, 491);
  EXPECT_EQ(requestsSent(Method::Invite).size(), 1u + InviteSession::kMaxGlareRetries);
  EXPECT_FALSE(session_->glare());
}

TEST_F(InviteSessionTest, ByeStopsEverything) {
  receiveInvite();
  session().answer(*incoming, ok());
  session_->expectRefreshWithin(std::chrono::seconds(90));
  session_->bye();
  EXPECT_TRUE(session_->ended());
  ASSERT_EQ(requestsSent(Method::Bye).size(), 1u);
  advance(100s);
  EXPECT_EQ(okTimes().size(), 1u);
  EXPECT_FALSE(endedWith.has_value());
  session_->bye();
  EXPECT_EQ(requestsSent(Method::Bye).size(), 1u);
}

TEST_F(InviteSessionTest, AnAnswerArrivingAfterTheSessionIsGoneIsIgnored) {
  receiveInvite();
  int reported = 0;
  session().reInvite([](Message&) {}, [&](const ClientEvent&) { ++reported; });
  session_.reset();
  answerLast(Method::Invite, 200);
  EXPECT_EQ(reported, 0);
  EXPECT_TRUE(requestsSent(Method::Ack).empty());
}

}  // namespace
}  // namespace sb::sip::test
