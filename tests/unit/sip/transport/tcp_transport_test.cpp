// SPDX-License-Identifier: MIT
// TCP through the real loop on 127.0.0.1; every wait is bounded by runUntil.
#include <gtest/gtest.h>

#include <memory>
#include <vector>

#include "sip/transport/transport_layer.h"
#include "socket_peers.h"

namespace sb::sip {
namespace {

using namespace std::chrono_literals;
using testing::kLoopback;
using testing::runUntil;
using testing::sipRequest;
using testing::TcpPeer;
using testing::TcpServerPeer;

struct Delivery {
  std::string message;
  net::Flow flow;
};

class TcpTransport : public ::testing::Test {
 protected:
  void start(TransportLimits limits = {}) {
    layer_ = std::make_unique<TransportLayer>(
        loop_,
        [this](std::string_view message, const net::Flow& flow) {
          delivered_.push_back({std::string(message), flow});
        },
        limits);
    layer_->setConnectionClosedHandler([this](std::uint64_t id) { closed_.push_back(id); });
    ASSERT_TRUE(layer_->listen(net::TransportKind::Tcp, {kLoopback, 0}).ok());
    server_ = layer_->listeners().back().local;
    ASSERT_NE(server_.port, 0);
  }

  net::EventLoop loop_;
  std::vector<Delivery> delivered_;
  std::vector<std::uint64_t> closed_;
  std::unique_ptr<TransportLayer> layer_;
  net::SocketAddress server_;
};

TEST_F(TcpTransport, two_pipelined_messages_in_one_write_arrive_as_two) {
  start();
  TcpPeer phone(server_);
  const auto first = sipRequest("pipe-1", "first body");
  const auto second = sipRequest("pipe-2", "");
  phone.write(first + second);
  ASSERT_TRUE(runUntil(loop_, [&] { return delivered_.size() == 2; }));
  EXPECT_EQ(delivered_[0].message, first);
  EXPECT_EQ(delivered_[1].message, second);
  const auto& flow = delivered_[0].flow;
  EXPECT_EQ(flow.transport, net::TransportKind::Tcp);
  EXPECT_NE(flow.connectionId, 0u);
  EXPECT_EQ(flow.connectionId, delivered_[1].flow.connectionId);
  EXPECT_EQ(flow.remote, phone.local());
  EXPECT_EQ(flow.local, server_);
}

TEST_F(TcpTransport, one_message_split_over_three_writes_arrives_once_whole) {
  start();
  TcpPeer phone(server_);
  const auto message = sipRequest("split", "a body that ends after the third write");
  const auto headerEnd = message.find("\r\n\r\n");
  phone.write(message.substr(0, 40));  // inside the start line and first header
  loop_.runFor(20ms);
  phone.write(message.substr(40, headerEnd + 2 - 40));  // up to half of the blank line
  loop_.runFor(20ms);
  EXPECT_TRUE(delivered_.empty());
  phone.write(message.substr(headerEnd + 2));
  ASSERT_TRUE(runUntil(loop_, [&] { return !delivered_.empty(); }));
  loop_.runFor(20ms);
  ASSERT_EQ(delivered_.size(), 1u);
  EXPECT_EQ(delivered_[0].message, message);
}

TEST_F(TcpTransport, endless_headers_get_the_peer_cut_off) {
  start();
  TcpPeer attacker(server_);
  std::string headers = "INVITE sip:100@127.0.0.1 SIP/2.0\r\n";
  while (headers.size() < 20000) headers += "X-Filler: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\r\n";
  attacker.write(headers);
  ASSERT_TRUE(runUntil(loop_, [&] { return attacker.closedByServer(); }));
  EXPECT_TRUE(delivered_.empty());
  EXPECT_EQ(layer_->stats().oversizeDropped, 1u);
  EXPECT_EQ(layer_->connectionCount(), 0u);
  EXPECT_EQ(closed_.size(), 1u);
}

TEST_F(TcpTransport, message_over_the_size_limit_gets_the_peer_cut_off) {
  TransportLimits limits;
  limits.maxMessageBytes = 2000;
  start(limits);
  TcpPeer attacker(server_);
  attacker.write(sipRequest("huge", std::string(5000, 'x')));
  ASSERT_TRUE(runUntil(loop_, [&] { return attacker.closedByServer(); }));
  EXPECT_TRUE(delivered_.empty());
}

TEST_F(TcpTransport, the_33rd_connection_from_one_address_is_refused) {
  start();
  std::vector<std::unique_ptr<TcpPeer>> phones;
  for (int i = 0; i < 32; ++i) phones.push_back(std::make_unique<TcpPeer>(server_));
  ASSERT_TRUE(runUntil(loop_, [&] { return layer_->connectionCount() == 32; }));
  TcpPeer extra(server_);
  ASSERT_TRUE(runUntil(loop_, [&] { return layer_->stats().connectionsRefused == 1; }));
  ASSERT_TRUE(runUntil(loop_, [&] { return extra.closedByServer(); }));
  EXPECT_EQ(layer_->connectionCount(), 32u);
  // The 32 others still work.
  phones.front()->write(sipRequest("still-here"));
  ASSERT_TRUE(runUntil(loop_, [&] { return delivered_.size() == 1; }));
  EXPECT_FALSE(phones.back()->closedByServer());
}

TEST_F(TcpTransport, send_on_a_connection_id_reaches_that_connection_only) {
  start();
  TcpPeer alice(server_);
  TcpPeer bob(server_);
  alice.write(sipRequest("from-alice"));
  bob.write(sipRequest("from-bob"));
  ASSERT_TRUE(runUntil(loop_, [&] { return delivered_.size() == 2; }));
  const auto bobFlow = delivered_[0].flow.remote == bob.local() ? delivered_[0].flow
                                                                 : delivered_[1].flow;
  ASSERT_EQ(bobFlow.remote, bob.local());

  // Only the connection id matters: the remote given is nobody.
  net::Flow to = bobFlow;
  to.remote = {kLoopback, 9};
  ASSERT_TRUE(layer_->send(to, "SIP/2.0 200 OK\r\nContent-Length: 0\r\n\r\n"));
  ASSERT_TRUE(runUntil(loop_, [&] { return !bob.received().empty(); }));
  EXPECT_EQ(bob.received(), "SIP/2.0 200 OK\r\nContent-Length: 0\r\n\r\n");
  loop_.runFor(20ms);
  EXPECT_TRUE(alice.received().empty());
  EXPECT_EQ(layer_->stats().connectionsOutbound, 0u);
}

TEST_F(TcpTransport, send_to_a_remote_with_a_live_connection_reuses_it) {
  start();
  TcpPeer phone(server_);
  phone.write(sipRequest("register"));
  ASSERT_TRUE(runUntil(loop_, [&] { return delivered_.size() == 1; }));
  // No connection id, as for a request to a registered contact: the flow's remote is enough.
  ASSERT_TRUE(layer_->send(net::Flow{net::TransportKind::Tcp, phone.local(), {}, 0}, "OPTIONS"));
  ASSERT_TRUE(runUntil(loop_, [&] { return phone.received() == "OPTIONS"; }));
  EXPECT_EQ(layer_->stats().connectionsOutbound, 0u);
}

TEST_F(TcpTransport, send_to_a_new_destination_opens_one_connection_and_reuses_it) {
  start();
  TcpServerPeer carrier;
  const net::Flow to{net::TransportKind::Tcp, carrier.address(), {}, 0};
  const auto invite = sipRequest("out-1");
  const auto bye = sipRequest("out-2");
  ASSERT_TRUE(layer_->send(to, invite));  // queued while connecting
  ASSERT_TRUE(layer_->send(to, bye));
  std::unique_ptr<TcpPeer> accepted;
  ASSERT_TRUE(runUntil(loop_, [&] {
    if (!accepted) accepted = carrier.tryAccept();
    return accepted && accepted->received().size() == invite.size() + bye.size();
  }));
  EXPECT_EQ(accepted->received(), invite + bye);
  EXPECT_EQ(layer_->stats().connectionsOutbound, 1u);
  EXPECT_TRUE(carrier.tryAccept() == nullptr);  // no second connection

  // What the far end sends back arrives on that same connection.
  const auto reply = sipRequest("in-1");
  accepted->write(reply);
  ASSERT_TRUE(runUntil(loop_, [&] { return delivered_.size() == 1; }));
  EXPECT_EQ(delivered_[0].message, reply);
  EXPECT_EQ(delivered_[0].flow.remote, carrier.address());
  EXPECT_TRUE(layer_->hasConnection(delivered_[0].flow.connectionId));
}

TEST_F(TcpTransport, failed_connect_reports_the_closed_connection) {
  start();
  // A port that was just free: bind, note it, close.
  net::SocketAddress nobody;
  {
    TcpServerPeer gone;
    nobody = gone.address();
  }
  ASSERT_TRUE(layer_->send(net::Flow{net::TransportKind::Tcp, nobody, {}, 0}, "INVITE"));
  ASSERT_TRUE(runUntil(loop_, [&] { return closed_.size() == 1; }));
  EXPECT_EQ(layer_->connectionCount(), 0u);
}

TEST_F(TcpTransport, peer_that_stops_reading_is_cut_off_instead_of_queueing_forever) {
  TransportLimits limits;
  limits.maxQueuedWriteBytes = 1000;
  start(limits);
  TcpPeer phone(server_);
  phone.write(sipRequest("hello"));
  ASSERT_TRUE(runUntil(loop_, [&] { return delivered_.size() == 1; }));
  const auto flow = delivered_[0].flow;
  EXPECT_TRUE(layer_->send(flow, std::string(600, 'a')));
  EXPECT_FALSE(layer_->send(flow, std::string(600, 'b')));  // would hold 1200 unsent bytes
  EXPECT_FALSE(layer_->hasConnection(flow.connectionId));
  EXPECT_EQ(closed_, (std::vector<std::uint64_t>{flow.connectionId}));
}

TEST_F(TcpTransport, closing_a_connection_tells_the_closed_handler) {
  start();
  TcpPeer phone(server_);
  phone.write(sipRequest("hello"));
  ASSERT_TRUE(runUntil(loop_, [&] { return delivered_.size() == 1; }));
  const auto id = delivered_[0].flow.connectionId;
  layer_->closeConnection(id);
  EXPECT_EQ(closed_, (std::vector<std::uint64_t>{id}));
  ASSERT_TRUE(runUntil(loop_, [&] { return phone.closedByServer(); }));
  EXPECT_EQ(layer_->stats().connectionsOpen, 0u);
}

TEST_F(TcpTransport, crlf_ping_gets_a_crlf_pong) {
  start();
  TcpPeer phone(server_);
  phone.write("\r\n\r\n");
  ASSERT_TRUE(runUntil(loop_, [&] { return phone.received() == "\r\n"; }));
  EXPECT_TRUE(delivered_.empty());
  EXPECT_EQ(layer_->stats().keepalivesIn, 1u);
  // A message right behind a ping is still framed.
  phone.write("\r\n\r\n" + sipRequest("after-ping"));
  ASSERT_TRUE(runUntil(loop_, [&] { return delivered_.size() == 1; }));
  EXPECT_EQ(delivered_[0].message, sipRequest("after-ping"));
  EXPECT_EQ(phone.received(), "\r\n\r\n");
}

TEST_F(TcpTransport, peer_that_never_finishes_a_message_is_cut_off) {
  TransportLimits limits;
  limits.messageTimeout = 100ms;
  start(limits);
  TcpPeer phone(server_);
  phone.write(sipRequest("ok"));
  ASSERT_TRUE(runUntil(loop_, [&] { return delivered_.size() == 1; }));
  phone.write("INVITE sip:100@127.0.0.1 SIP/2.0\r\nVia: SIP/2.0/TCP 127.0.0.1");
  const auto partialSent = std::chrono::steady_clock::now();
  ASSERT_TRUE(runUntil(loop_, [&] { return phone.closedByServer(); }));
  EXPECT_GE(std::chrono::steady_clock::now() - partialSent, 90ms);
  EXPECT_EQ(layer_->stats().connectionsTimedOut, 1u);
}

TEST_F(TcpTransport, silent_connection_is_cut_after_the_first_message_timeout) {
  TransportLimits limits;
  limits.firstMessageTimeout = 100ms;
  start(limits);
  TcpPeer silent(server_);
  ASSERT_TRUE(runUntil(loop_, [&] { return silent.closedByServer(); }));
  EXPECT_EQ(layer_->stats().connectionsTimedOut, 1u);
  EXPECT_EQ(layer_->connectionCount(), 0u);
}

TEST_F(TcpTransport, idle_connection_is_cut_but_one_with_traffic_is_kept) {
  TransportLimits limits;
  limits.idleTimeout = 300ms;
  start(limits);
  TcpPeer idle(server_);
  TcpPeer busy(server_);
  idle.write(sipRequest("idle"));
  for (int i = 0; i < 6; ++i) {  // traffic every 100 ms for 600 ms
    busy.write(sipRequest("busy-" + std::to_string(i)));
    loop_.runFor(100ms);
  }
  ASSERT_TRUE(runUntil(loop_, [&] { return idle.closedByServer(); }));
  EXPECT_FALSE(busy.closedByServer());
}

}  // namespace
}  // namespace sb::sip
