// SPDX-License-Identifier: MIT
// KernelForwarder against the real kernel: the process moves into a network namespace of its own
// (root, or a user namespace where that is allowed), so nftables state stays there. Phones and
// relay ports are plain UDP sockets on 127.0.0.1.
#include "media/kernel/kernel_forwarder.h"

#include <gtest/gtest.h>
#include <net/if.h>
#include <netinet/in.h>
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <sys/wait.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <fstream>
#include <functional>
#include <optional>
#include <thread>
#include <vector>

using namespace std::chrono_literals;

namespace sb::media::kernel {
namespace {

const auto kLoopback = boost::asio::ip::make_address("127.0.0.1");

struct Datagram {
  char tag = 0;  // the first byte
  net::SocketAddress from;
};

// A UDP socket on an IPv4 address (a phone, or one of our relay ports), in this thread's network
// namespace or, given one, in that namespace (a socket stays where it was made).
class Socket {
 public:
  explicit Socket(const char* ip = "127.0.0.1", int netns = -1) : ip_(boost::asio::ip::make_address(ip)) {
    const int home = netns >= 0 ? ::open("/proc/thread-self/ns/net", O_RDONLY) : -1;
    if (netns >= 0) ::setns(netns, CLONE_NEWNET);
    fd_ = ::socket(AF_INET, SOCK_DGRAM, 0);
    if (netns >= 0) {
      ::setns(home, CLONE_NEWNET);
      ::close(home);
    }
    sockaddr_in a = toKernel({ip_, 0});
    ::bind(fd_, reinterpret_cast<sockaddr*>(&a), sizeof a);
    socklen_t len = sizeof a;
    ::getsockname(fd_, reinterpret_cast<sockaddr*>(&a), &len);
    port_ = ntohs(a.sin_port);
    timeval tv{0, 200000};
    ::setsockopt(fd_, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
  }
  ~Socket() { ::close(fd_); }
  Socket(const Socket&) = delete;
  Socket& operator=(const Socket&) = delete;
  net::SocketAddress address() const { return {ip_, port_}; }
  void sendTo(const net::SocketAddress& to, char tag) const {
    const sockaddr_in a = toKernel(to);
    std::vector<char> packet(172, tag);
    ::sendto(fd_, packet.data(), packet.size(), 0, reinterpret_cast<const sockaddr*>(&a), sizeof a);
  }
  // The next datagram, if one comes within 200 ms.
  std::optional<Datagram> receive() const {
    char buffer[512];
    sockaddr_in from{};
    socklen_t len = sizeof from;
    const ssize_t n = ::recvfrom(fd_, buffer, sizeof buffer, 0, reinterpret_cast<sockaddr*>(&from), &len);
    if (n <= 0) return std::nullopt;
    return Datagram{buffer[0], {boost::asio::ip::address_v4(ntohl(from.sin_addr.s_addr)), ntohs(from.sin_port)}};
  }

 private:
  static sockaddr_in toKernel(const net::SocketAddress& address) {
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(address.ip.to_v4().to_uint());
    a.sin_port = htons(address.port);
    return a;
  }

  boost::asio::ip::address ip_;
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

// A second network namespace standing for the office LAN, joined to ours by a veth pair: phones
// there (10.77.0.2 and .3) reach the relay at 10.77.0.1, so what the kernel forwards between them
// comes in on an interface and is routed out again, as on a real PBX host, not delivered locally.
class Lan {
 public:
  Lan() {
    int ready[2];
    if (::pipe(ready) != 0) return;
    child_ = ::fork();
    if (child_ == 0) {
      const bool ok = ::unshare(CLONE_NEWNET) == 0;
      [[maybe_unused]] auto n = ::write(ready[1], ok ? "y" : "n", 1);
      ::pause();
      ::_exit(0);
    }
    char answer = 'n';
    [[maybe_unused]] auto n = ::read(ready[0], &answer, 1);
    ::close(ready[0]);
    ::close(ready[1]);
    if (answer != 'y') return;
    const std::string pid = std::to_string(child_);
    up_ = run("ip link add sbpbx0 type veth peer name sblan0 netns " + pid) &&
          run("ip addr add 10.77.0.1/24 dev sbpbx0 && ip link set sbpbx0 up") &&
          run("nsenter -t " + pid + " -n sh -c 'ip link set lo up && ip addr add 10.77.0.2/24 dev sblan0 && "
              "ip addr add 10.77.0.3/24 dev sblan0 && ip link set sblan0 up'");
    netns_ = ::open(("/proc/" + pid + "/ns/net").c_str(), O_RDONLY);
  }
  ~Lan() {
    if (netns_ >= 0) ::close(netns_);
    run("ip link del sbpbx0 2>/dev/null");
    if (child_ > 0) {
      ::kill(child_, SIGKILL);
      ::waitpid(child_, nullptr, 0);
    }
  }
  bool up() const { return up_ && netns_ >= 0; }
  int netns() const { return netns_; }

 private:
  static bool run(const std::string& command) { return std::system(command.c_str()) == 0; }
  pid_t child_ = -1;
  int netns_ = -1;
  bool up_ = false;
};

void setIpForwarding(bool on) { std::ofstream("/proc/sys/net/ipv4/ip_forward") << (on ? "1" : "0"); }

class KernelForwarderTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { inPrivateNetwork = enterPrivateNetwork(); }

  void SetUp() override {
    if (!inPrivateNetwork) GTEST_SKIP() << "no network namespace of our own (needs root or user namespaces)";
    auto opened = KernelForwarder::open({relayA.address().port, 100ms, 300ms});
    ASSERT_TRUE(opened.ok()) << opened.error();
    forwarder = std::move(*opened);
    path = {phoneA.address(), relayA.address(), phoneB.address(), relayB.address()};
  }

  // Sends from `from` to `to` until `at` receives it (the worker applies changes moments later).
  std::optional<Datagram> sendUntilReceived(const Socket& from, const Socket& to,
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
  EXPECT_EQ(atB->tag, 'a');
  EXPECT_EQ(atB->from.port, relayB.address().port);
  phoneB.sendTo(relayB.address(), 'b');
  const auto atA = phoneA.receive();
  ASSERT_TRUE(atA);
  EXPECT_EQ(atA->tag, 'b');
  EXPECT_EQ(atA->from.port, relayA.address().port);
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
  EXPECT_EQ(got->tag, 's');
  EXPECT_EQ(got->from.port, stranger.address().port);
  EXPECT_FALSE(phoneB.receive());
}

TEST_F(KernelForwarderTest, after_removal_packets_reach_our_sockets_again) {
  const auto id = forwarder->install(path);
  ASSERT_TRUE(sendUntilReceived(phoneA, relayA, phoneB, 'a'));
  forwarder->remove(id);
  const auto got = sendUntilReceived(phoneA, relayA, relayA, 'c');
  ASSERT_TRUE(got);
  EXPECT_EQ(got->from.port, phoneA.address().port);
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
  EXPECT_EQ(atC->tag, 'd');
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

TEST_F(KernelForwarderTest, routes_calls_between_phones_on_the_lan_when_the_host_forwards) {
  Lan lan;
  ASSERT_TRUE(lan.up());
  Socket lanA("10.77.0.2", lan.netns()), lanB("10.77.0.3", lan.netns());
  Socket ourA("10.77.0.1"), ourB("10.77.0.1");
  const rtp::OffloadPath lanPath{lanA.address(), ourA.address(), lanB.address(), ourB.address()};
  EXPECT_FALSE(forwarder->canCarry(lanPath)) << "without IP forwarding the kernel would drop them";

  setIpForwarding(true);
  forwarder.reset();
  auto opened = KernelForwarder::open({relayA.address().port, 100ms, 300ms});
  ASSERT_TRUE(opened.ok()) << opened.error();
  forwarder = std::move(*opened);
  ASSERT_TRUE(forwarder->routesForOtherHosts());
  ASSERT_TRUE(forwarder->canCarry(lanPath));
  const auto id = forwarder->install(lanPath);
  const auto atB = sendUntilReceived(lanA, ourA, lanB, 'l');
  ASSERT_TRUE(atB);
  EXPECT_EQ(atB->from, ourB.address()) << "B hears A from our B port";
  for (int i = 0; i < 5; ++i) lanB.sendTo(ourB.address(), 'm');
  for (int i = 0; i < 5; ++i) {
    const auto atA = lanA.receive();
    ASSERT_TRUE(atA);
    EXPECT_EQ(atA->tag, 'm');
    EXPECT_EQ(atA->from, ourA.address()) << "A hears B from our A port";
  }
  EXPECT_FALSE(ourB.receive()) << "nothing reaches our own sockets";
  EXPECT_TRUE(waitFor([&] { return forwarder->counters(id, rtp::Direction::BtoA).packets == 5; }));
  setIpForwarding(false);
}

TEST_F(KernelForwarderTest, its_table_goes_when_it_does) {
  forwarder->install(path);
  ASSERT_TRUE(sendUntilReceived(phoneA, relayA, phoneB, 'a'));
  forwarder.reset();
  while (relayA.receive()) {}
  phoneA.sendTo(relayA.address(), 'f');
  const auto got = relayA.receive();
  ASSERT_TRUE(got);
  EXPECT_EQ(got->tag, 'f');
}

}  // namespace
}  // namespace sb::media::kernel
