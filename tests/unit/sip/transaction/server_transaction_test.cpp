// SPDX-License-Identifier: MIT
// The two server machines (RFC 3261 §17.2.1, §17.2.2) and the ServerTransaction handle, driven
// through the TransactionLayer.
#include <gtest/gtest.h>

#include <optional>
#include <vector>

#include "transaction_test_support.h"

namespace sb::sip::test {
namespace {

class ServerTransactionTest : public TransactionLayerTest {
 protected:
  void SetUp() override {
    layer.setRequestHandler([this](ServerTransaction txn) { handles.push_back(std::move(txn)); });
    layer.setAckHandler([this](Message&& ack, const net::Flow&) { dialogAcks.push_back(ack); });
  }

  ServerTransaction& last() { return handles.back(); }

  std::vector<ServerTransaction> handles;
  std::vector<Message> dialogAcks;
};

// Accepts a message when its status code is `code`.
auto status(int code) {
  return [code](const Message& m) { return m.isResponse() && m.statusCode() == code; };
}

TEST_F(ServerTransactionTest, non_invite_absorbs_retransmissions_and_resends_the_final_until_j) {
  const Message reg = request(Method::Register, "z9hG4bKreg1");
  EXPECT_EQ(layer.onRequest(Message(reg), udpFlow()), RequestDisposition::NewTransaction);
  ASSERT_EQ(handles.size(), 1u);
  EXPECT_EQ(last().request().callId(), "c1@h");
  EXPECT_TRUE(last().respond(response(last().request(), 200)));
  ASSERT_EQ(sent.size(), 1u);
  EXPECT_EQ(sent[0].to.toString(), udpFlow().toString());  // the flow the request came on

  advance(1s);
  EXPECT_EQ(layer.onRequest(Message(reg), udpFlow()), RequestDisposition::Absorbed);
  ASSERT_EQ(sent.size(), 2u);
  EXPECT_EQ(sent[1].msg.statusCode(), 200);
  EXPECT_EQ(handles.size(), 1u);
  EXPECT_EQ(layer.stats().retransmissionsAbsorbed, 1u);

  advance(31s);  // Timer J = 64*T1 after the final
  EXPECT_EQ(layer.stats().live, 0u);
  EXPECT_EQ(timers.pending(), 0u);
  // Long after, the same request is new again.
  EXPECT_EQ(layer.onRequest(Message(reg), udpFlow()), RequestDisposition::NewTransaction);
  EXPECT_EQ(handles.size(), 2u);
}

TEST_F(ServerTransactionTest, a_stateless_final_ends_the_transaction_so_a_retransmission_is_new) {
  const Message reg = request(Method::Register, "z9hG4bKreg9");
  layer.onRequest(Message(reg), udpFlow());
  EXPECT_TRUE(last().respondStatelessly(response(last().request(), 401)));
  EXPECT_FALSE(last().respond(response(last().request(), 200)));  // the final has gone out
  ASSERT_EQ(sent.size(), 1u);
  EXPECT_EQ(layer.stats().live, 0u);
  EXPECT_EQ(timers.pending(), 0u);  // no Timer J kept for a challenge
  // RFC 3261 §8.2.7: the retransmission reaches the TU again, which challenges it afresh.
  EXPECT_EQ(layer.onRequest(Message(reg), udpFlow()), RequestDisposition::NewTransaction);
  EXPECT_EQ(handles.size(), 2u);
}

TEST_F(ServerTransactionTest, a_stateless_answer_to_an_invite_stays_stateful_to_absorb_the_ack) {
  const Message invite = request(Method::Invite, "z9hG4bKinv9");
  layer.onRequest(Message(invite), udpFlow());
  EXPECT_TRUE(last().respondStatelessly(response(last().request(), 407)));
  EXPECT_FALSE(last().respondStatelessly(response(last().request(), 100)));
  Message ack = request(Method::Ack, "z9hG4bKinv9");
  ack.setCSeq(CSeq{1, "ACK"});
  EXPECT_EQ(layer.onRequest(Message(ack), udpFlow()), RequestDisposition::Absorbed);
  EXPECT_TRUE(dialogAcks.empty());
}

TEST_F(ServerTransactionTest, non_invite_absorbs_a_retransmission_silently_before_any_response) {
  const Message reg = request(Method::Register, "z9hG4bKreg2");
  layer.onRequest(Message(reg), udpFlow());
  EXPECT_EQ(layer.onRequest(Message(reg), udpFlow()), RequestDisposition::Absorbed);
  EXPECT_TRUE(sent.empty());
  EXPECT_EQ(handles.size(), 1u);
}

TEST_F(ServerTransactionTest, non_invite_repeats_the_latest_provisional_while_proceeding) {
  const Message bye = request(Method::Bye, "z9hG4bKbye1");
  layer.onRequest(Message(bye), udpFlow());
  last().respond(response(last().request(), 183));
  layer.onRequest(Message(bye), udpFlow());
  EXPECT_EQ(sendTimes(status(183)).size(), 2u);
}

TEST_F(ServerTransactionTest, invite_sends_100_trying_when_the_tu_is_silent_for_200ms) {
  layer.onRequest(request(Method::Invite, "z9hG4bKinv1"), udpFlow());
  advance(199ms);
  EXPECT_TRUE(sent.empty());
  advance(1ms);
  ASSERT_EQ(sent.size(), 1u);
  EXPECT_EQ(sent[0].msg.statusCode(), 100);
  EXPECT_FALSE(sent[0].msg.to().tag().has_value());  // RFC 3261 §8.2.6.1: no tag on a 100

  // A retransmitted INVITE gets the latest provisional again.
  layer.onRequest(request(Method::Invite, "z9hG4bKinv1"), udpFlow());
  EXPECT_EQ(sendTimes(status(100)), (std::vector<long>{200, 200}));
}

TEST_F(ServerTransactionTest, invite_sends_no_trying_when_the_tu_answers_quickly) {
  layer.onRequest(request(Method::Invite, "z9hG4bKinv2"), udpFlow());
  advance(50ms);
  last().respond(response(last().request(), 180));
  advance(1s);
  EXPECT_TRUE(sendTimes(status(100)).empty());
  EXPECT_EQ(sendTimes(status(180)), (std::vector<long>{50}));
}

TEST_F(ServerTransactionTest, invite_retransmits_a_non_2xx_final_with_timer_g_until_the_ack) {
  const Message invite = request(Method::Invite, "z9hG4bKinv3");
  layer.onRequest(Message(invite), udpFlow());
  last().respond(response(last().request(), 486));
  advance(8s);
  // Timer G: T1, doubling, capped at T2.
  EXPECT_EQ(sendTimes(status(486)), (std::vector<long>{0, 500, 1500, 3500, 7500}));

  Message ack = request(Method::Ack, "z9hG4bKinv3");
  ack.setCSeq(CSeq{1, "ACK"});
  EXPECT_EQ(layer.onRequest(Message(ack), udpFlow()), RequestDisposition::Absorbed);
  EXPECT_TRUE(dialogAcks.empty());
  // Confirmed: an ACK retransmission is absorbed too, and the final is not repeated.
  EXPECT_EQ(layer.onRequest(Message(ack), udpFlow()), RequestDisposition::Absorbed);
  EXPECT_EQ(layer.stats().retransmissionsAbsorbed, 1u);
  advance(4999ms);
  EXPECT_EQ(sendTimes(status(486)).size(), 5u);
  EXPECT_EQ(layer.stats().live, 1u);
  advance(1ms);  // Timer I = T4
  EXPECT_EQ(layer.stats().live, 0u);
  EXPECT_EQ(layer.stats().timeouts, 0u);
  EXPECT_EQ(timers.pending(), 0u);
}

TEST_F(ServerTransactionTest, invite_gives_up_at_timer_h_when_no_ack_comes) {
  layer.onRequest(request(Method::Invite, "z9hG4bKinv4"), udpFlow());
  last().respond(response(last().request(), 404));
  advance(40s);
  EXPECT_EQ(sendTimes(status(404)), (std::vector<long>{0, 500, 1500, 3500, 7500, 11500, 15500,
                                                         19500, 23500, 27500, 31500}));
  EXPECT_EQ(layer.stats().timeouts, 1u);
  EXPECT_EQ(layer.stats().live, 0u);
}

TEST_F(ServerTransactionTest, a_2xx_ends_the_invite_exchange_and_the_ack_goes_to_the_dialog) {
  const Message invite = request(Method::Invite, "z9hG4bKinv5");
  layer.onRequest(Message(invite), udpFlow());
  last().respond(response(last().request(), 200));
  EXPECT_TRUE(last().finalSent());

  // RFC 6026 Accepted: a retransmitted INVITE is absorbed, not handed up as a new call, and the
  // 2xx is not repeated by the transaction (the TU owns 2xx retransmission, §13.3.1.4).
  advance(500ms);
  EXPECT_EQ(layer.onRequest(Message(invite), udpFlow()), RequestDisposition::Absorbed);
  EXPECT_EQ(handles.size(), 1u);
  EXPECT_EQ(sendTimes(status(200)), (std::vector<long>{0}));

  // The ACK of a 2xx is a transaction of its own (new branch): it goes to the dialog layer.
  Message ack = request(Method::Ack, "z9hG4bKack5");
  ack.setCSeq(CSeq{1, "ACK"});
  EXPECT_EQ(layer.onRequest(std::move(ack), udpFlow()), RequestDisposition::DialogAck);
  ASSERT_EQ(dialogAcks.size(), 1u);
  EXPECT_EQ(dialogAcks[0].vias()[0].branch(), "z9hG4bKack5");

  advance(32s);  // Timer L
  EXPECT_EQ(layer.stats().live, 0u);
  EXPECT_EQ(layer.stats().timeouts, 0u);
  EXPECT_EQ(sent.size(), 1u);
}

TEST_F(ServerTransactionTest, reliable_transport_ends_non_invite_with_its_final) {
  layer.onRequest(request(Method::Register, "z9hG4bKtcp1"), tcpFlow());
  last().respond(response(last().request(), 200));
  EXPECT_EQ(layer.stats().live, 0u);  // Timer J is zero
  EXPECT_EQ(sent.size(), 1u);
  EXPECT_EQ(sent[0].to.connectionId, 7u);
  EXPECT_EQ(timers.pending(), 0u);
}

TEST_F(ServerTransactionTest, reliable_transport_sends_a_non_2xx_once_and_ends_at_the_ack) {
  const Message invite = request(Method::Invite, "z9hG4bKtcp2");
  layer.onRequest(Message(invite), tcpFlow());
  last().respond(response(last().request(), 486));
  advance(10s);
  EXPECT_EQ(sendTimes(status(486)), (std::vector<long>{0}));  // no Timer G
  Message ack = request(Method::Ack, "z9hG4bKtcp2");
  ack.setCSeq(CSeq{1, "ACK"});
  EXPECT_EQ(layer.onRequest(std::move(ack), tcpFlow()), RequestDisposition::Absorbed);
  EXPECT_EQ(layer.stats().live, 0u);  // Timer I is zero
}

TEST_F(ServerTransactionTest, a_dropped_handle_answers_500) {
  layer.setRequestHandler([](ServerTransaction) {});
  layer.onRequest(request(Method::Options, "z9hG4bKopt1"), udpFlow());
  ASSERT_EQ(sent.size(), 1u);
  EXPECT_EQ(sent[0].msg.statusCode(), 500);
  EXPECT_TRUE(sent[0].msg.to().tag().has_value());
  EXPECT_EQ(sent[0].msg.cseq().method, "OPTIONS");
}

TEST_F(ServerTransactionTest, without_a_request_handler_requests_are_answered_500) {
  TransactionLayer bare(
      timers, [this](const net::Flow& to, const Message& m) { return record(to, m); },
      [this](const WireMessage& wire) { recordResent(wire); });
  bare.onRequest(request(Method::Invite, "z9hG4bKinv6"), udpFlow());
  ASSERT_EQ(sent.size(), 1u);
  EXPECT_EQ(sent[0].msg.statusCode(), 500);
}

TEST_F(ServerTransactionTest, a_handle_sends_one_final_only_and_survives_its_transaction) {
  layer.onRequest(request(Method::Register, "z9hG4bKtcp3"), tcpFlow());
  ServerTransaction txn = std::move(last());
  handles.clear();  // the moved-from handle must not answer anything
  EXPECT_TRUE(txn.respond(response(txn.request(), 100)));
  EXPECT_FALSE(txn.respond(Message::response(99, "Bogus")));
  EXPECT_TRUE(txn.respond(response(txn.request(), 200)));
  EXPECT_EQ(layer.stats().live, 0u);  // TCP: gone with the final
  EXPECT_FALSE(txn.respond(response(txn.request(), 486)));
  EXPECT_EQ(sent.size(), 2u);
  {
    ServerTransaction gone = std::move(txn);
  }
  EXPECT_EQ(sent.size(), 2u);  // answered already: no 500
}

TEST_F(ServerTransactionTest, move_assigning_over_an_unanswered_handle_answers_it_500) {
  layer.onRequest(request(Method::Options, "z9hG4bKopt2"), udpFlow());
  layer.onRequest(request(Method::Options, "z9hG4bKopt3"), udpFlow());
  ASSERT_EQ(handles.size(), 2u);
  handles[0] = std::move(handles[1]);
  ASSERT_EQ(sent.size(), 1u);
  EXPECT_EQ(sent[0].msg.statusCode(), 500);
  EXPECT_EQ(sent[0].msg.vias()[0].branch(), "z9hG4bKopt2");
  EXPECT_TRUE(handles[0].respond(response(handles[0].request(), 200)));
  handles.clear();
  EXPECT_EQ(sent.size(), 2u);
}

TEST_F(ServerTransactionTest, an_ack_of_no_transaction_goes_to_the_ack_handler) {
  Message ack = request(Method::Ack, "z9hG4bKlonely");
  ack.setCSeq(CSeq{7, "ACK"});
  EXPECT_EQ(layer.onRequest(std::move(ack), udpFlow()), RequestDisposition::DialogAck);
  ASSERT_EQ(dialogAcks.size(), 1u);
  EXPECT_EQ(dialogAcks[0].cseq().number, 7u);
  EXPECT_EQ(layer.stats().live, 0u);
  EXPECT_TRUE(handles.empty());
}

TEST_F(ServerTransactionTest, a_cancel_is_its_own_transaction_and_finds_its_invite) {
  layer.onRequest(request(Method::Invite, "z9hG4bKinv7"), udpFlow());
  const ServerTransactionId inviteId = last().id();
  Message cancel = request(Method::Cancel, "z9hG4bKinv7");
  EXPECT_EQ(layer.findInviteServerTransactionFor(cancel), inviteId);

  EXPECT_EQ(layer.onRequest(Message(cancel), udpFlow()), RequestDisposition::NewTransaction);
  ASSERT_EQ(handles.size(), 2u);
  EXPECT_NE(handles[1].id(), inviteId);
  EXPECT_EQ(handles[1].request().method(), Method::Cancel);

  EXPECT_FALSE(layer.findInviteServerTransactionFor(request(Method::Cancel, "z9hG4bKother")));
  // Another sender's CANCEL with the same branch is not ours (sent-by differs).
  Message foreign = request(Method::Cancel, "z9hG4bKinv7");
  foreign.setVias({via("z9hG4bKinv7", "198.51.100.7")});
  EXPECT_FALSE(layer.findInviteServerTransactionFor(foreign));
}

TEST_F(ServerTransactionTest, the_same_branch_from_another_sent_by_is_a_new_transaction) {
  Message a = request(Method::Options, "z9hG4bKsame");
  Message b = request(Method::Options, "z9hG4bKsame");
  b.setVias({via("z9hG4bKsame", "198.51.100.7")});
  EXPECT_EQ(layer.onRequest(std::move(a), udpFlow()), RequestDisposition::NewTransaction);
  EXPECT_EQ(layer.onRequest(std::move(b), udpFlow()), RequestDisposition::NewTransaction);
  EXPECT_EQ(layer.stats().live, 2u);
}

TEST_F(ServerTransactionTest, rfc2543_requests_without_the_cookie_are_matched_on_their_fields) {
  const Message invite = request(Method::Invite, "");  // no branch at all
  layer.onRequest(Message(invite), udpFlow());
  EXPECT_EQ(layer.onRequest(Message(invite), udpFlow()), RequestDisposition::Absorbed);
  Message next = request(Method::Invite, "");
  next.setCSeq(CSeq{2, "INVITE"});
  EXPECT_EQ(layer.onRequest(std::move(next), udpFlow()), RequestDisposition::NewTransaction);

  handles[0].respond(response(handles[0].request(), 486));
  Message ack = request(Method::Ack, "");
  ack.setCSeq(CSeq{1, "ACK"});
  EXPECT_EQ(layer.onRequest(std::move(ack), udpFlow()), RequestDisposition::Absorbed);
  advance(6s);
  EXPECT_EQ(sendTimes(status(486)), (std::vector<long>{0}));  // the ACK stopped Timer G
}

TEST_F(ServerTransactionTest, a_request_without_via_is_dropped_and_counted) {
  Message bad = request(Method::Options, "z9hG4bKx");
  bad.setVias({});
  EXPECT_EQ(layer.onRequest(std::move(bad), udpFlow()), RequestDisposition::Dropped);
  EXPECT_EQ(layer.stats().malformed, 1u);
  EXPECT_TRUE(handles.empty());
  EXPECT_TRUE(sent.empty());
}

TEST_F(ServerTransactionTest, a_slot_is_reused_without_confusing_old_and_new_ids) {
  layer.onRequest(request(Method::Register, "z9hG4bKold"), tcpFlow());
  ServerTransaction old = std::move(last());
  handles.clear();
  const ServerTransactionId oldId = old.id();
  old.respond(response(old.request(), 200));  // TCP: ends now, slot freed
  layer.onRequest(request(Method::Register, "z9hG4bKnew"), tcpFlow());
  EXPECT_NE(last().id(), oldId);
  EXPECT_EQ(layer.stats().live, 1u);
}

}  // namespace
}  // namespace sb::sip::test
