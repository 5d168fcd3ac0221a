// SPDX-License-Identifier: MIT
// UDP through the real loop on 127.0.0.1; every wait is bounded by runUntil.
#include <gtest/gtest.h>

#include <vector>

#include "sip/transport/transport_layer.h"
#include "socket_peers.h"

namespace sb::sip {
namespace {

using testing::kLoopback;
using testing::runUntil;
using testing::sipRequest;
using testing::UdpPeer;

struct Delivery {
  std::string message;
  net::Flow flow;
};

class UdpTransport : public ::testing::Test {
 protected:
  UdpTransport()
      : layer_(loop_, [this](std::string_view message, const net::Flow& flow) {
          delivered_.push_back({std::string(message), flow});
        }) {}

  net::SocketAddress listenUdp() {
    EXPECT_TRUE(layer_.listen(net::TransportKind::Udp, {kLoopback, 0}).ok());
    return layer_.listeners().back().local;
  }

  net::EventLoop loop_;
  std::vector<Delivery> delivered_;
  TransportLayer layer_;
};

TEST_F(UdpTransport, request_and_response_make_a_round_trip) {
  const auto server = listenUdp();
  ASSERT_NE(server.port, 0);
  UdpPeer phone;
  const auto request = sipRequest("udp-1");
  phone.sendTo(server, request);

  ASSERT_TRUE(runUntil(loop_, [&] { return delivered_.size() == 1; }));
  const auto& got = delivered_.front();
  EXPECT_EQ(got.message, request);
  EXPECT_EQ(got.flow.transport, net::TransportKind::Udp);
  EXPECT_EQ(got.flow.remote, phone.local());
  EXPECT_EQ(got.flow.local, server);
  EXPECT_EQ(got.flow.connectionId, 0u);

  const std::string response = "SIP/2.0 200 OK\r\nContent-Length: 0\r\n\r\n";
  ASSERT_TRUE(layer_.send(got.flow, response));
  std::string answer;
  ASSERT_TRUE(runUntil(loop_, [&] {
    answer = phone.receive();
    return !answer.empty();
  }));
  EXPECT_EQ(answer, response);
  EXPECT_EQ(layer_.stats().datagramsIn, 1u);
  EXPECT_EQ(layer_.stats().datagramsOut, 1u);
}

TEST_F(UdpTransport, a_burst_of_datagrams_is_delivered_whole_and_in_order) {
  const auto server = listenUdp();
  UdpPeer phone;
  std::vector<std::string> sent;
  for (int i = 0; i < 40; ++i) {  // more than one recvmmsg batch
    sent.push_back(sipRequest("burst-" + std::to_string(i), std::string(100 + i, 'b')));
    phone.sendTo(server, sent.back());
  }
  ASSERT_TRUE(runUntil(loop_, [&] { return delivered_.size() == sent.size(); }));
  for (std::size_t i = 0; i < sent.size(); ++i) EXPECT_EQ(delivered_[i].message, sent[i]);
}

TEST_F(UdpTransport, crlf_keepalives_are_not_delivered) {
  const auto server = listenUdp();
  UdpPeer phone;
  phone.sendTo(server, "\r\n\r\n");
  phone.sendTo(server, "\r\n");
  phone.sendTo(server, sipRequest("after-keepalive"));
  ASSERT_TRUE(runUntil(loop_, [&] { return !delivered_.empty(); }));
  loop_.runFor(std::chrono::milliseconds(20));
  ASSERT_EQ(delivered_.size(), 1u);
  EXPECT_EQ(delivered_[0].message, sipRequest("after-keepalive"));
  EXPECT_EQ(layer_.stats().keepalivesIn, 2u);
  EXPECT_TRUE(phone.receive().empty());  // no pong on UDP
}

TEST_F(UdpTransport, datagram_over_the_message_limit_is_dropped) {
  net::EventLoop loop;
  std::vector<Delivery> delivered;
  TransportLimits limits;
  limits.maxMessageBytes = 1000;
  TransportLayer layer(
      loop, [&](std::string_view m, const net::Flow& f) { delivered.push_back({std::string(m), f}); },
      limits);
  ASSERT_TRUE(layer.listen(net::TransportKind::Udp, {kLoopback, 0}).ok());
  UdpPeer phone;
  phone.sendTo(layer.listeners()[0].local, sipRequest("big", std::string(2000, 'x')));
  phone.sendTo(layer.listeners()[0].local, sipRequest("small"));
  ASSERT_TRUE(runUntil(loop, [&] { return !delivered.empty(); }));
  EXPECT_EQ(delivered.size(), 1u);
  EXPECT_EQ(delivered[0].message, sipRequest("small"));
  EXPECT_EQ(layer.stats().oversizeDropped, 1u);
}

TEST_F(UdpTransport, listening_twice_on_one_port_reports_address_in_use) {
  const auto server = listenUdp();
  const auto listened = layer_.listen(net::TransportKind::Udp, server);
  ASSERT_FALSE(listened.ok());
  EXPECT_EQ(listened.error(), "udp:" + server.toString() + ": Address already in use");
  EXPECT_EQ(layer_.listeners().size(), 1u);
}

TEST_F(UdpTransport, send_picks_a_socket_of_the_right_family_or_fails) {
  // No listener at all: nothing to send from.
  EXPECT_FALSE(layer_.send(net::Flow{net::TransportKind::Udp, {kLoopback, 5060}, {}, 0}, "x"));
  const auto server = listenUdp();
  UdpPeer phone;
  // to.local names no socket: the first IPv4 socket sends it.
  ASSERT_TRUE(layer_.send(net::Flow{net::TransportKind::Udp, phone.local(), {}, 0}, "ping-1"));
  std::string got;
  ASSERT_TRUE(runUntil(loop_, [&] {
    got = phone.receive();
    return !got.empty();
  }));
  EXPECT_EQ(got, "ping-1");
  // An IPv6 destination has no IPv6 socket to leave from.
  const auto v6 = *net::SocketAddress::parse("[::1]:5060");
  EXPECT_FALSE(layer_.send(net::Flow{net::TransportKind::Udp, v6, {}, 0}, "x"));
  EXPECT_NE(server.port, 0);
}

TEST_F(UdpTransport, ipv6_listener_round_trip_keeps_the_families_apart) {
  const auto v6 = *net::SocketAddress::parse("[::1]:0");
  if (const auto listened = layer_.listen(net::TransportKind::Udp, v6); !listened) {
    GTEST_SKIP() << "no IPv6 loopback here: " << listened.error();
  }
  const auto v4 = listenUdp();  // same port number is free on v4 because v6 sockets are v6-only
  const auto server6 = layer_.listeners().front().local;
  EXPECT_TRUE(server6.ip.is_v6());
  EXPECT_TRUE(v4.ip.is_v4());

  boost::asio::io_context io;
  boost::asio::ip::udp::socket phone(io, boost::asio::ip::udp::endpoint(v6.ip, 0));
  const auto request = sipRequest("v6");
  phone.send_to(boost::asio::buffer(request), boost::asio::ip::udp::endpoint(server6.ip, server6.port));
  ASSERT_TRUE(runUntil(loop_, [&] { return delivered_.size() == 1; }));
  EXPECT_EQ(delivered_[0].flow.local, server6);
  EXPECT_TRUE(delivered_[0].flow.remote.ip.is_v6());
  EXPECT_EQ(delivered_[0].flow.remote.toString().substr(0, 6), "[::1]:");
  // Sending with an empty local picks the IPv6 socket for an IPv6 destination.
  net::Flow back = delivered_[0].flow;
  back.local = {};
  ASSERT_TRUE(layer_.send(back, "pong-6"));
  std::string got(100, '\0');
  ASSERT_TRUE(runUntil(loop_, [&] {
    const ssize_t n = ::recv(phone.native_handle(), got.data(), got.size(), MSG_DONTWAIT);
    if (n <= 0) return false;
    got.resize(static_cast<std::size_t>(n));
    return true;
  }));
  EXPECT_EQ(got, "pong-6");
}

}  // namespace
}  // namespace sb::sip
