// SPDX-License-Identifier: MIT
#include "media/rtp/port_allocator.h"

#include <fcntl.h>
#include <gtest/gtest.h>

#include <boost/asio/ip/udp.hpp>
#include <set>
#include <vector>

#include "relay_test_peers.h"

namespace sb::media::rtp {
namespace {

using testing::kLoopback;

// Each test owns a few ports far below the ephemeral range (32768+) that other tests bind.
TEST(PortAllocator, hands_out_even_rtp_ports_with_rtcp_on_the_next_one_within_the_range) {
  boost::asio::io_context io;
  PortAllocator ports(kLoopback, 22001, 22010);  // pairs 22002, 22004, 22006, 22008
  EXPECT_EQ(ports.pairCount(), 4u);
  std::vector<PortLease> leases;
  std::set<std::uint16_t> seen;
  for (int i = 0; i < 4; ++i) {
    auto r = ports.allocate();
    ASSERT_TRUE(r.ok()) << r.error;
    const PortLease& lease = *r.lease;
    EXPECT_EQ(lease.rtpPort() % 2, 0);
    EXPECT_GE(lease.rtpPort(), 22002);
    EXPECT_LE(lease.rtcpPort(), 22009);
    EXPECT_EQ(lease.rtcpPort(), lease.rtpPort() + 1);
    EXPECT_EQ(lease.rtpAddress(), (net::SocketAddress{kLoopback, lease.rtpPort()}));
    seen.insert(lease.rtpPort());
    leases.push_back(std::move(*r.lease));
  }
  EXPECT_EQ(seen, (std::set<std::uint16_t>{22002, 22004, 22006, 22008}));
  EXPECT_EQ(ports.pairsInUse(), 4u);
}

std::uint16_t boundPort(int fd) {
  sockaddr_in a{};
  socklen_t length = sizeof a;
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&a), &length);
  return ntohs(a.sin_port);
}

bool nonBlocking(int fd) { return (::fcntl(fd, F_GETFL) & O_NONBLOCK) != 0; }

TEST(PortAllocator, the_leases_sockets_are_bound_and_non_blocking) {
  PortAllocator ports(kLoopback, 22020, 22021);
  auto r = ports.allocate();
  ASSERT_TRUE(r.ok()) << r.error;
  EXPECT_EQ(boundPort(r.lease->rtpSocket()), 22020);
  EXPECT_EQ(boundPort(r.lease->rtcpSocket()), 22021);
  EXPECT_TRUE(nonBlocking(r.lease->rtpSocket()));
  EXPECT_TRUE(nonBlocking(r.lease->rtcpSocket()));
}

TEST(PortAllocator, skips_a_pair_whose_port_another_socket_holds) {
  boost::asio::io_context io;
  boost::asio::ip::udp::socket squatter(io, {kLoopback, 22031});  // RTCP port of pair 22030
  PortAllocator ports(kLoopback, 22030, 22033, /*firstPair=*/0);
  auto r = ports.allocate();
  ASSERT_TRUE(r.ok()) << r.error;
  EXPECT_EQ(r.lease->rtpPort(), 22032);
  EXPECT_EQ(ports.pairsInUse(), 1u);
}

TEST(PortAllocator, reports_exhaustion_as_an_error_naming_the_range) {
  boost::asio::io_context io;
  PortAllocator ports(kLoopback, 22040, 22043);
  auto first = ports.allocate();
  auto second = ports.allocate();
  ASSERT_TRUE(first.ok() && second.ok());
  const auto third = ports.allocate();
  EXPECT_FALSE(third.ok());
  EXPECT_NE(third.error.find("22040-22043"), std::string::npos) << third.error;
  EXPECT_EQ(PortAllocator(kLoopback, 22051, 22052).allocate().ok(), false);  // no even pair
}

TEST(PortAllocator, a_destroyed_lease_gives_its_pair_back_and_unbinds_it) {
  boost::asio::io_context io;
  PortAllocator ports(kLoopback, 22060, 22061);
  {
    auto r = ports.allocate();
    ASSERT_TRUE(r.ok()) << r.error;
    EXPECT_FALSE(ports.allocate().ok());
  }
  EXPECT_EQ(ports.pairsInUse(), 0u);
  auto again = ports.allocate();
  ASSERT_TRUE(again.ok()) << again.error;
  EXPECT_EQ(again.lease->rtpPort(), 22060);
}

TEST(PortAllocator, continues_round_robin_so_a_returned_pair_is_reused_last) {
  boost::asio::io_context io;
  PortAllocator ports(kLoopback, 22070, 22075, /*firstPair=*/1);  // 22070, 22072, 22074
  std::vector<std::uint16_t> order;
  for (int i = 0; i < 4; ++i) {
    auto r = ports.allocate();
    ASSERT_TRUE(r.ok()) << r.error;
    order.push_back(r.lease->rtpPort());
  }  // each lease is returned before the next allocation
  EXPECT_EQ(order, (std::vector<std::uint16_t>{22072, 22074, 22070, 22072}));
}

TEST(PortAllocator, a_moved_lease_gives_its_pair_back_once) {
  boost::asio::io_context io;
  PortAllocator ports(kLoopback, 22080, 22083);
  auto r = ports.allocate();
  ASSERT_TRUE(r.ok()) << r.error;
  PortLease moved = std::move(*r.lease);
  r.lease.reset();
  EXPECT_EQ(ports.pairsInUse(), 1u);
  auto other = ports.allocate();
  ASSERT_TRUE(other.ok());
  moved = std::move(*other.lease);  // the first pair goes back, the second lives on in `moved`
  EXPECT_EQ(ports.pairsInUse(), 1u);
}

}  // namespace
}  // namespace sb::media::rtp
