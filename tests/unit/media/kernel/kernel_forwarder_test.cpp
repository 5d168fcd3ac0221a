// SPDX-License-Identifier: MIT
// KernelForwarder against the real kernel: the process moves into a network namespace of its own
// (root, or a user namespace where that is allowed), so nftables state stays there. Phones and
// relay ports are plain UDP sockets on 127.0.0.1.
#include "media/kernel/kernel_forwarder.h"

#include <gtest/gtest.h>
#include <net/if.h>
#include <netinet/in.h>
#include <sched.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <fstream>
#include <functional>
#include <optional>
#include <thread>
#include <vector>

using namespace std::chrono_literals;

namespace sb::media::kernel {
namespace {

const auto kLoopback = boost::asio::ip::make_address("127.0.0.1");

// A UDP socket on 127.0.0.1 (a phone, or one of our relay ports).
class Socket {
 public:
  Socket() {
    fd_ = ::socket(AF_INET, SOCK_DGRAM, 0);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    ::bind(fd_, reinterpret_cast<sockaddr*>(&a), sizeof a);
    socklen_t len = sizeof a;
    ::getsockname(fd_, reinterpret_cast<sockaddr*>(&a), &len);
    port_ = ntohs(a.sin_port);
    timeval tv{0, 200000};
    ::setsockopt(fd_, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
  }
  ~Socket() { ::close(fd_); }
  net::SocketAddress address() const { return {kLoopback, port_}; }
  void sendTo(const net::SocketAddress& to, char tag) const {
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    a.sin_port = htons(to.port);
    std::vector<char> packet(172, tag);
    ::sendto(fd_, packet.data(), packet.size(), 0, reinterpret_cast<sockaddr*>(&a), sizeof a);
  }
  // The first byte and the sender's port of the next datagram, if one comes within 200 ms.
  std::optional<std::pair<char, std::uint16_t>> receive() const {
    char buffer[512];
    sockaddr_in from{};
    socklen_t len = sizeof from;
    const ssize_t n = ::recvfrom(fd_, buffer, sizeof buffer, 0, reinterpret_cast<sockaddr*>(&from), &len);
    if (n <= 0) return std::nullopt;
    return std::pair(buffer[0], ntohs(from.sin_port));
  }

 private:
  int fd_ = -1;
  std::uint16_t port_ = 0;
};

bool enterPrivateNetwork() {
  if (::unshare(CLONE_NEWNET) != 0) {
    const uid_t uid = ::getuid();
    const gid_t gid = ::getgid();
    if (::unshare(CLONE_NEWUSER | CLONE_NEWNET) != 0) return false;
    std::ofstream("/proc/self/setgroups") << "deny";
    std::ofstream("/proc/self/uid_map") << "0 " << uid << " 1";
    std::ofstream("/proc/self/gid_map") << "0 " << gid << " 1";
  }
  const int s = ::socket(AF_INET, SOCK_DGRAM, 0);
  ifreq ifr{};
  std::strncpy(ifr.ifr_name, "lo", IFNAMSIZ - 1);
  ::ioctl(s, SIOCGIFFLAGS, &ifr);
  ifr.ifr_flags |= IFF_UP;
  const bool up = ::ioctl(s, SIOCSIFFLAGS, &ifr) == 0;
  ::close(s);
  return up;
}

class KernelForwarderTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { inPrivateNetwork = enterPrivateNetwork(); }

  void SetUp() override {
    if (!inPrivateNetwork) GTEST_SKIP() << "no network namespace of our own (needs root or user namespaces)";
    std::string why;
    forwarder = KernelForwarder::open({relayA.address().port, 100ms, 300ms}, why);
    ASSERT_TRUE(forwarder) << why;
    path = {phoneA.address(), relayA.address(), phoneB.address(), relayB.address()};
  }

  // Sends from `from` to `to` until `at` receives it (the worker applies changes moments later).
  std::optional<std::pair<char, std::uint16_t>> sendUntilReceived(const Socket& from, const Socket& to,
                                                                  const Socket& at, char tag) {
    for (int i = 0; i < 25; ++i) {
      from.sendTo(to.address(), tag);
      if (auto got = at.receive()) return got;
    }
    return std::nullopt;
  }

  static inline bool inPrivateNetwork = false;
  Socket phoneA, relayA, phoneB, relayB, stranger;
  std::unique_ptr<KernelForwarder> forwarder;
  rtp::OffloadPath path;
};

TEST_F(KernelForwarderTest, forwards_both_ways_from_our_other_port_and_counts_it) {
  ASSERT_TRUE(forwarder->canCarry(path));
  const auto id = forwarder->install(path);
  ASSERT_NE(id, 0u);
  // A's packet to our A port arrives at B from our B port; nothing reaches our sockets.
  const auto atB = sendUntilReceived(phoneA, relayA, phoneB, 'a');
  ASSERT_TRUE(atB);
  EXPECT_EQ(atB->first, 'a');
  EXPECT_EQ(atB->second, relayB.address().port);
  phoneB.sendTo(relayB.address(), 'b');
  const auto atA = phoneA.receive();
  ASSERT_TRUE(atA);
  EXPECT_EQ(atA->first, 'b');
  EXPECT_EQ(atA->second, relayA.address().port);
  for (int i = 0; i < 9; ++i) phoneB.sendTo(relayB.address(), 'b');
  for (int i = 0; i < 9; ++i) EXPECT_TRUE(phoneA.receive());
  EXPECT_FALSE(relayB.receive());

  const auto deadline = std::chrono::steady_clock::now() + 3s;
  while (forwarder->counters(id, rtp::Direction::BtoA).packets < 10 && std::chrono::steady_clock::now() < deadline)
    std::this_thread::sleep_for(50ms);
  const auto fromB = forwarder->counters(id, rtp::Direction::BtoA);
  EXPECT_EQ(fromB.packets, 10u);
  EXPECT_EQ(fromB.payloadBytes, 10u * 172);
  EXPECT_TRUE(fromB.lastIncrease);
  EXPECT_GE(forwarder->counters(id, rtp::Direction::AtoB).packets, 1u);
}

TEST_F(KernelForwarderTest, a_stranger_reaches_our_socket_and_keeps_its_source) {
  ASSERT_NE(forwarder->install(path), 0u);
  ASSERT_TRUE(sendUntilReceived(phoneA, relayA, phoneB, 'a'));
  while (relayA.receive()) {}  // A's packets sent before the path was in place
  stranger.sendTo(relayA.address(), 's');
  const auto got = relayA.receive();
  ASSERT_TRUE(got);
  EXPECT_EQ(got->first, 's');
  EXPECT_EQ(got->second, stranger.address().port);
  EXPECT_FALSE(phoneB.receive());
}

TEST_F(KernelForwarderTest, after_removal_packets_reach_our_sockets_again) {
  const auto id = forwarder->install(path);
  ASSERT_TRUE(sendUntilReceived(phoneA, relayA, phoneB, 'a'));
  forwarder->remove(id);
  const auto got = sendUntilReceived(phoneA, relayA, relayA, 'c');
  ASSERT_TRUE(got);
  EXPECT_EQ(got->second, phoneA.address().port);
  EXPECT_EQ(forwarder->installed(), 0u);
}

TEST_F(KernelForwarderTest, a_new_path_for_the_same_source_is_not_caught_by_the_old_ones_conntrack_entry) {
  const auto first = forwarder->install(path);
  ASSERT_TRUE(sendUntilReceived(phoneA, relayA, phoneB, 'a'));
  forwarder->remove(first);
  Socket phoneC;
  auto moved = path;
  moved.phoneB = phoneC.address();
  ASSERT_NE(forwarder->install(moved), 0u);
  const auto atC = sendUntilReceived(phoneA, relayA, phoneC, 'd');
  ASSERT_TRUE(atC);
  EXPECT_EQ(atC->first, 'd');
  while (phoneB.receive()) {}  // what went there before the change
  phoneA.sendTo(relayA.address(), 'e');
  EXPECT_FALSE(phoneB.receive());
}

TEST_F(KernelForwarderTest, carries_only_ipv4_paths_and_phones_it_can_route_to) {
  auto v6 = path;
  v6.phoneA.ip = boost::asio::ip::make_address("::1");
  EXPECT_FALSE(forwarder->canCarry(v6));
  auto remote = path;
  remote.phoneB.ip = boost::asio::ip::make_address("192.0.2.55");  // not this host's
  EXPECT_EQ(forwarder->canCarry(remote), forwarder->routesForOtherHosts());
}

bool waitFor(const std::function<bool()>& done) {
  const auto deadline = std::chrono::steady_clock::now() + 3s;
  while (!done()) {
    if (std::chrono::steady_clock::now() > deadline) return false;
    std::this_thread::sleep_for(20ms);
  }
  return true;
}

TEST_F(KernelForwarderTest, its_table_is_in_the_kernel_only_while_it_forwards_calls) {
  EXPECT_FALSE(forwarder->tableLoaded());
  const auto id = forwarder->install(path);
  EXPECT_TRUE(waitFor([&] { return forwarder->tableLoaded(); }));
  forwarder->remove(id);
  std::this_thread::sleep_for(100ms);
  EXPECT_TRUE(forwarder->tableLoaded());  // kept a while for the next call
  EXPECT_TRUE(waitFor([&] { return !forwarder->tableLoaded(); }));
  // And back for the next call.
  forwarder->install(path);
  EXPECT_TRUE(sendUntilReceived(phoneA, relayA, phoneB, 'g'));
}

TEST_F(KernelForwarderTest, its_table_goes_when_it_does) {
  forwarder->install(path);
  ASSERT_TRUE(sendUntilReceived(phoneA, relayA, phoneB, 'a'));
  forwarder.reset();
  while (relayA.receive()) {}
  phoneA.sendTo(relayA.address(), 'f');
  const auto got = relayA.receive();
  ASSERT_TRUE(got);
  EXPECT_EQ(got->first, 'f');
}

}  // namespace
}  // namespace sb::media::kernel
