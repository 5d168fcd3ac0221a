// SPDX-License-Identifier: MIT
// The two client machines (RFC 3261 §17.1.1, §17.1.2) driven through the TransactionLayer.
#include <gtest/gtest.h>

#include <optional>
#include <string>
#include <vector>

#include "sip/transaction/transaction_key.h"
#include "transaction_test_support.h"

namespace sb::sip::test {
namespace {

struct Recorded {
  ClientEvent::Kind kind;
  int status = 0;  // for responses
  long atMs = 0;
};

class ClientTransactionTest : public TransactionLayerTest {
 protected:
  ClientEventHandler recorder() {
    return [this](const ClientEvent& e) {
      events.push_back(Recorded{e.kind, e.response ? e.response->statusCode() : 0,
                                static_cast<long>(elapsed(clock.steadyNow()).count())});
    };
  }
  std::vector<Recorded> events;
};

TEST_F(ClientTransactionTest, retransmits_invite_with_doubling_until_timer_b) {
  const ClientTransactionId id =
      layer.sendRequest(request(Method::Invite, "z9hG4bKinv1"), udpFlow(), recorder());
  EXPECT_NE(id, ClientTransactionId{});
  EXPECT_EQ(layer.stats().live, 1u);

  advance(40s);

  // Timer A: T1, 2T1, 4T1, ... with no cap, until Timer B = 64*T1.
  EXPECT_EQ(allSendTimes(), (std::vector<long>{0, 500, 1500, 3500, 7500, 15500, 31500}));
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0].kind, ClientEvent::Kind::Timeout);
  EXPECT_EQ(events[0].atMs, 32000);
  EXPECT_EQ(layer.stats().timeouts, 1u);
  EXPECT_EQ(layer.stats().live, 0u);
  EXPECT_EQ(timers.pending(), 0u);
}

TEST_F(ClientTransactionTest, invite_stops_retransmitting_once_a_provisional_arrives) {
  const Message invite = request(Method::Invite, "z9hG4bKinv2");
  layer.sendRequest(invite, udpFlow(), recorder());
  advance(600ms);
  layer.onResponse(response(invite, 180), udpFlow());
  advance(60s);

  EXPECT_EQ(allSendTimes(), (std::vector<long>{0, 500}));
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0].status, 180);
  // Proceeding waits for the final as long as it takes: Timer B guards Calling only.
  EXPECT_EQ(layer.stats().timeouts, 0u);
  EXPECT_EQ(layer.stats().live, 1u);
}

TEST_F(ClientTransactionTest, non_invite_retransmission_interval_caps_at_t2_until_timer_f) {
  layer.sendRequest(request(Method::Register, "z9hG4bKreg1"), udpFlow(), recorder());
  advance(40s);

  EXPECT_EQ(allSendTimes(), (std::vector<long>{0, 500, 1500, 3500, 7500, 11500, 15500, 19500,
                                               23500, 27500, 31500}));
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0].kind, ClientEvent::Kind::Timeout);
  EXPECT_EQ(events[0].atMs, 32000);
  EXPECT_EQ(layer.stats().timeouts, 1u);
  EXPECT_EQ(layer.stats().live, 0u);
}

TEST_F(ClientTransactionTest, non_invite_retransmits_every_t2_once_proceeding) {
  const Message options = request(Method::Options, "z9hG4bKopt1");
  layer.sendRequest(options, udpFlow(), recorder());
  advance(600ms);
  layer.onResponse(response(options, 100), udpFlow());
  advance(12s);

  // The pending E (armed at 500 for 1000) still fires at 1500, then every T2.
  EXPECT_EQ(allSendTimes(), (std::vector<long>{0, 500, 1500, 5500, 9500}));
}

TEST_F(ClientTransactionTest, non_invite_absorbs_final_retransmissions_until_timer_k) {
  const Message reg = request(Method::Register, "z9hG4bKreg2");
  layer.sendRequest(reg, udpFlow(), recorder());
  layer.onResponse(response(reg, 200), udpFlow());
  layer.onResponse(response(reg, 200), udpFlow());

  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0].status, 200);
  EXPECT_EQ(layer.stats().retransmissionsAbsorbed, 1u);
  EXPECT_EQ(layer.stats().live, 1u);

  advance(4999ms);
  EXPECT_EQ(layer.stats().live, 1u);
  advance(1ms);  // Timer K = T4
  EXPECT_EQ(layer.stats().live, 0u);
  layer.onResponse(response(reg, 200), udpFlow());
  EXPECT_EQ(layer.stats().strayResponses, 1u);
  EXPECT_EQ(sent.size(), 1u);  // no retransmissions after the final
}

TEST_F(ClientTransactionTest, invite_acks_a_non_2xx_final_itself_with_the_same_branch) {
  Message invite = request(Method::Invite, "z9hG4bKinv3");
  invite.addHeader("Route", "<sip:proxy.example;lr>");
  layer.sendRequest(invite, udpFlow(), recorder());
  layer.onResponse(response(invite, 486, "callee-tag"), udpFlow());

  ASSERT_EQ(sent.size(), 2u);
  const Message& ack = sent[1].msg;
  EXPECT_EQ(ack.method(), Method::Ack);
  EXPECT_EQ(ack.methodName(), "ACK");
  EXPECT_EQ(ack.requestUri().toString(), invite.requestUri().toString());
  ASSERT_EQ(ack.vias().size(), 1u);
  EXPECT_EQ(ack.vias()[0].branch(), "z9hG4bKinv3");
  EXPECT_EQ(ack.cseq().number, invite.cseq().number);
  EXPECT_EQ(ack.cseq().method, "ACK");
  EXPECT_EQ(ack.callId(), invite.callId());
  EXPECT_EQ(ack.from().tag(), invite.from().tag());
  EXPECT_EQ(ack.to().tag(), "callee-tag");
  EXPECT_EQ(ack.header("Route"), "<sip:proxy.example;lr>");
  EXPECT_EQ(sent[1].to.toString(), udpFlow().toString());

  // A retransmitted final is answered with the ACK again and not passed to the TU.
  layer.onResponse(response(invite, 486, "callee-tag"), udpFlow());
  ASSERT_EQ(sent.size(), 3u);
  EXPECT_EQ(sent[2].msg.method(), Method::Ack);
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0].status, 486);
  EXPECT_EQ(layer.stats().retransmissionsAbsorbed, 1u);

  advance(32s);  // Timer D
  EXPECT_EQ(layer.stats().live, 0u);
}

TEST_F(ClientTransactionTest, invite_passes_every_2xx_to_the_tu_until_timer_m) {
  const Message invite = request(Method::Invite, "z9hG4bKinv4");
  layer.sendRequest(invite, udpFlow(), recorder());
  layer.onResponse(response(invite, 200), udpFlow());
  advance(500ms);
  layer.onResponse(response(invite, 200), udpFlow());  // the ACK was lost: the TU re-ACKs

  ASSERT_EQ(events.size(), 2u);
  EXPECT_EQ(events[1].status, 200);
  EXPECT_EQ(sent.size(), 1u);  // the ACK of a 2xx is the TU's, and the INVITE is not repeated

  advance(32s);  // RFC 6026 Timer M
  EXPECT_EQ(layer.stats().live, 0u);
  layer.onResponse(response(invite, 200), udpFlow());
  EXPECT_EQ(events.size(), 2u);
  EXPECT_EQ(layer.stats().strayResponses, 1u);
}

TEST_F(ClientTransactionTest, reliable_transport_sends_the_invite_once_and_still_times_out) {
  layer.sendRequest(request(Method::Invite, "z9hG4bKtcp1"), tcpFlow(), recorder());
  advance(40s);
  EXPECT_EQ(allSendTimes(), (std::vector<long>{0}));
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0].kind, ClientEvent::Kind::Timeout);
  EXPECT_EQ(events[0].atMs, 32000);
}

TEST_F(ClientTransactionTest, reliable_transport_sends_non_invite_once_and_ends_at_the_final) {
  const Message reg = request(Method::Register, "z9hG4bKtcp2");
  layer.sendRequest(reg, tcpFlow(), recorder());
  advance(10s);
  EXPECT_EQ(sent.size(), 1u);
  layer.onResponse(response(reg, 200), tcpFlow());
  EXPECT_EQ(layer.stats().live, 0u);  // Timer K is zero
  EXPECT_EQ(timers.pending(), 0u);
}

TEST_F(ClientTransactionTest, reliable_transport_ends_client_invite_at_the_non_2xx_ack) {
  const Message invite = request(Method::Invite, "z9hG4bKtcp3");
  layer.sendRequest(invite, tcpFlow(), recorder());
  layer.onResponse(response(invite, 603), tcpFlow());
  ASSERT_EQ(sent.size(), 2u);
  EXPECT_EQ(sent[1].msg.method(), Method::Ack);
  EXPECT_EQ(layer.stats().live, 0u);  // Timer D is zero
}

TEST_F(ClientTransactionTest, stray_response_is_dropped_and_counted) {
  const Message invite = request(Method::Invite, "z9hG4bKinv5");
  layer.sendRequest(invite, udpFlow(), recorder());
  layer.onResponse(response(request(Method::Invite, "z9hG4bKnobody"), 200), udpFlow());

  EXPECT_TRUE(events.empty());
  EXPECT_EQ(layer.stats().strayResponses, 1u);
  EXPECT_EQ(layer.stats().live, 1u);
}

TEST_F(ClientTransactionTest, response_to_another_method_with_the_same_branch_is_stray) {
  const Message invite = request(Method::Invite, "z9hG4bKinv6");
  layer.sendRequest(invite, udpFlow(), recorder());
  // RFC 3261 §17.1.3: a CANCEL shares the INVITE's branch; only the CSeq method tells them apart.
  layer.onResponse(response(request(Method::Cancel, "z9hG4bKinv6"), 200), udpFlow());
  EXPECT_TRUE(events.empty());
  EXPECT_EQ(layer.stats().strayResponses, 1u);
}

TEST_F(ClientTransactionTest, gives_a_request_without_branch_a_magic_cookie_branch) {
  Message reg = request(Method::Register, "");
  layer.sendRequest(reg, udpFlow(), recorder());
  ASSERT_EQ(sent.size(), 1u);
  ASSERT_EQ(sent[0].msg.vias().size(), 1u);
  const std::string branch(sent[0].msg.vias()[0].branch());
  EXPECT_TRUE(branch.starts_with("z9hG4bK"));
  EXPECT_GE(branch.size(), 20u);

  // The response carries the branch back and matches.
  layer.onResponse(response(sent[0].msg, 200), udpFlow());
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0].status, 200);

  // Two requests get two different branches.
  layer.sendRequest(request(Method::Register, "", "c2@h"), udpFlow(), recorder());
  ASSERT_EQ(sent.size(), 2u);
  EXPECT_NE(sent[1].msg.vias()[0].branch(), branch);
}

TEST_F(ClientTransactionTest, builds_a_via_from_the_flow_when_the_request_has_none) {
  Message options = request(Method::Options, "");
  options.setVias({});
  layer.sendRequest(options, udpFlow(), recorder());
  ASSERT_EQ(sent.size(), 1u);
  ASSERT_EQ(sent[0].msg.vias().size(), 1u);
  const Via& v = sent[0].msg.vias()[0];
  EXPECT_EQ(v.transport, "UDP");
  EXPECT_EQ(v.host, "192.0.2.1");
  EXPECT_EQ(v.port, std::optional<std::uint16_t>(5060));
  EXPECT_TRUE(v.params.has("rport"));
  EXPECT_TRUE(hasMagicCookie(v.branch()));
}

TEST_F(ClientTransactionTest, transport_error_ends_the_waiting_client_transactions_on_that_flow) {
  layer.sendRequest(request(Method::Invite, "z9hG4bKerr1"), tcpFlow(), recorder());
  net::Flow other = tcpFlow();
  other.remote = address("192.0.2.99:5060");
  layer.sendRequest(request(Method::Options, "z9hG4bKerr2"), other, recorder());

  layer.onTransportError(tcpFlow());

  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0].kind, ClientEvent::Kind::TransportError);
  EXPECT_EQ(layer.stats().live, 1u);
  advance(40s);  // the ended one reports no timeout later
  EXPECT_EQ(events.size(), 2u);
  EXPECT_EQ(events[1].kind, ClientEvent::Kind::Timeout);
}

TEST_F(ClientTransactionTest, a_send_failure_reported_from_inside_the_send_ends_the_request) {
  // SipStack reports an unsendable request at once, from inside the SendFunction.
  TransactionLayer* self = nullptr;
  int attempts = 0;
  int failOn = 1;
  TransactionLayer failing(
      timers,
      [&](const net::Flow& to, const Message& msg) {
        if (msg.isRequest() && ++attempts == failOn) self->onTransportError(to);
        return WireMessage{to, {}};
      },
      [](const WireMessage&) {});
  self = &failing;

  failing.sendRequest(request(Method::Options, "z9hG4bKfail1"), udpFlow(), recorder());
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0].kind, ClientEvent::Kind::TransportError);
  EXPECT_EQ(failing.stats().live, 0u);
  EXPECT_EQ(timers.pending(), 0u);

  attempts = 0;
  failOn = 2;  // the first retransmission fails
  failing.sendRequest(request(Method::Invite, "z9hG4bKfail2"), udpFlow(), recorder());
  advance(500ms);
  ASSERT_EQ(events.size(), 2u);
  EXPECT_EQ(events[1].kind, ClientEvent::Kind::TransportError);
  EXPECT_EQ(failing.stats().live, 0u);
  EXPECT_EQ(timers.pending(), 0u);
  advance(40s);
  EXPECT_EQ(attempts, 2);
  EXPECT_EQ(events.size(), 2u);
}

TEST_F(ClientTransactionTest, refuses_ack_and_a_branch_already_in_use) {
  EXPECT_EQ(layer.sendRequest(request(Method::Ack, "z9hG4bKack1"), udpFlow(), recorder()),
            ClientTransactionId{});
  EXPECT_NE(layer.sendRequest(request(Method::Options, "z9hG4bKdup"), udpFlow(), recorder()),
            ClientTransactionId{});
  EXPECT_EQ(layer.sendRequest(request(Method::Options, "z9hG4bKdup"), udpFlow(), recorder()),
            ClientTransactionId{});
  EXPECT_EQ(sent.size(), 1u);
  EXPECT_EQ(layer.stats().live, 1u);
}

TEST_F(ClientTransactionTest, tu_may_start_a_new_transaction_from_a_timeout_callback) {
  // The timed-out machine is still on the stack while the TU's callback runs; the new
  // transaction must not reuse (and destroy) it.
  // The callback owns heap state, so running it after its machine was destroyed would be a
  // use-after-free the sanitizer build reports.
  int retries = 0;
  ClientEventHandler onEvent = [&, target = std::string(64, 'x')](const ClientEvent& e) {
    if (e.kind == ClientEvent::Kind::Timeout && retries++ == 0 && target.size() == 64) {
      layer.sendRequest(request(Method::Options, "z9hG4bKretry"), udpFlow(), recorder());
    }
  };
  layer.sendRequest(request(Method::Options, "z9hG4bKfirst"), udpFlow(), onEvent);
  advance(32s);
  EXPECT_EQ(layer.stats().live, 1u);
  advance(32s);
  EXPECT_EQ(layer.stats().live, 0u);
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0].kind, ClientEvent::Kind::Timeout);
  EXPECT_EQ(layer.stats().timeouts, 2u);
}

TEST_F(ClientTransactionTest, response_carries_the_transaction_id) {
  const Message reg = request(Method::Register, "z9hG4bKid1");
  std::optional<ClientTransactionId> seen;
  const ClientTransactionId id =
      layer.sendRequest(reg, udpFlow(), [&](const ClientEvent& e) { seen = e.transaction; });
  layer.onResponse(response(reg, 401), udpFlow());
  EXPECT_EQ(seen, id);
}

}  // namespace
}  // namespace sb::sip::test
