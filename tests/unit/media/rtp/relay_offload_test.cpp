// SPDX-License-Identifier: MIT
// How a RelaySession hands a call to an Offloader and takes it back. The offloader here records
// what it is asked (the real one, media/kernel's KernelForwarder, needs CAP_NET_ADMIN and is
// tested against the kernel by tests/integration/test_kernel_forwarding.py); packets go over
// real UDP on 127.0.0.1 as in relay_session_test.
#include <gtest/gtest.h>

#include <map>
#include <memory>
#include <vector>

#include "media/rtp/relay_session.h"
#include "relay_test_peers.h"

using namespace std::chrono_literals;

namespace sb::media::rtp {
namespace {

using testing::kLoopback;
using testing::Phone;
using testing::rtpPacket;

class RecordingOffloader final : public Offloader {
 public:
  bool canCarry(const OffloadPath&) const override { return carries; }
  Id install(const OffloadPath& path) override {
    installed[++lastId] = path;
    return lastId;
  }
  void remove(Id id) override {
    installed.erase(id);
    ++removals;
  }
  OffloadCounters counters(Id id, Direction direction) const override {
    const auto found = kernel.find({id, direction});
    return found == kernel.end() ? OffloadCounters{} : found->second;
  }
  std::chrono::milliseconds counterDelay() const override { return 2000ms; }

  std::optional<OffloadPath> only() const {
    if (installed.size() != 1) return std::nullopt;
    return installed.begin()->second;
  }

  bool carries = true;
  Id lastId = 0;
  int removals = 0;
  std::map<Id, OffloadPath> installed;
  std::map<std::pair<Id, Direction>, OffloadCounters> kernel;
};

class RelayOffloadTest : public ::testing::Test {
 protected:
  explicit RelayOffloadTest(boost::asio::ip::address bind = kLoopback) : ports(bind, 22000, 22999) {
    auto a = ports.allocate();
    auto b = ports.allocate();
    if (!a.ok() || !b.ok()) throw std::runtime_error(a.error + b.error);
    session = std::make_unique<RelaySession>(poller, workspace, clock, std::move(*a.lease), std::move(*b.lease),
                                             LatchPolicy{1000ms, 5000ms}, &offloader);
  }

  void expectPhones() {
    session->expectRemote(Leg::A, phoneA.address());
    session->expectRemote(Leg::B, phoneB.address());
  }
  net::SocketAddress relay(Leg leg) const {
    auto address = session->localRtp(leg);
    if (address.ip.is_unspecified()) address.ip = kLoopback;
    return address;
  }
  void deliver(const Phone& from, Leg to, const std::vector<std::uint8_t>& packet) {
    const auto handled = [&] {
      const DirectionStats s = session->stats(directionFrom(to));
      return s.packets + s.malformed + s.foreign + s.notForwarded + s.sendFailed;
    };
    const auto before = handled();
    from.send(relay(to), packet);
    ASSERT_TRUE(testing::pumpUntil(io, [&] { return handled() > before; }));
  }
  void latchBoth() {
    expectPhones();
    deliver(phoneA, Leg::A, rtpPacket(1));
    deliver(phoneB, Leg::B, rtpPacket(1));
  }

  boost::asio::io_context io;
  SocketPoller poller{io};
  ManualClock clock;
  RelayWorkspace workspace;
  PortAllocator ports;
  RecordingOffloader offloader;
  Phone phoneA, phoneB, stranger;
  std::unique_ptr<RelaySession> session;
};

TEST_F(RelayOffloadTest, hands_the_call_to_the_kernel_once_both_phones_are_latched) {
  expectPhones();
  deliver(phoneA, Leg::A, rtpPacket(1));
  EXPECT_FALSE(session->offloaded());
  EXPECT_TRUE(offloader.installed.empty());
  deliver(phoneB, Leg::B, rtpPacket(1));
  ASSERT_TRUE(session->offloaded());
  EXPECT_EQ(offloader.only(),
            (OffloadPath{phoneA.address(), session->localRtp(Leg::A), phoneB.address(), session->localRtp(Leg::B)}));
}

TEST_F(RelayOffloadTest, keeps_relaying_itself_when_the_kernel_cannot_carry_the_path) {
  offloader.carries = false;
  latchBoth();
  EXPECT_FALSE(session->offloaded());
  EXPECT_TRUE(offloader.installed.empty());
}

TEST_F(RelayOffloadTest, takes_the_call_back_for_a_transform_or_music_and_hands_it_over_again) {
  latchBoth();
  ASSERT_TRUE(session->offloaded());
  session->setForwarding(Direction::AtoB, false);  // music on hold for B
  EXPECT_FALSE(session->offloaded());
  EXPECT_TRUE(offloader.installed.empty());
  session->setForwarding(Direction::AtoB, true);
  EXPECT_TRUE(session->offloaded());
  struct Keep final : PacketTransform {
    std::span<const std::uint8_t> transform(RtpPacketView packet, std::span<std::uint8_t>) override {
      return packet.bytes();
    }
  };
  session->setTransform(Direction::BtoA, std::make_unique<Keep>());
  EXPECT_FALSE(session->offloaded());
  session->setTransform(Direction::BtoA, nullptr);
  EXPECT_TRUE(session->offloaded());
  EXPECT_EQ(offloader.removals, 2);
}

TEST_F(RelayOffloadTest, takes_the_call_back_when_a_phone_holds_with_no_address) {
  latchBoth();
  session->expectRemote(Leg::B, {boost::asio::ip::make_address("0.0.0.0"), phoneB.address().port});
  EXPECT_FALSE(session->offloaded());
  EXPECT_TRUE(offloader.installed.empty());
}

TEST_F(RelayOffloadTest, counts_what_the_kernel_forwarded_also_after_it_gave_the_call_back) {
  latchBoth();
  const auto id = offloader.lastId;
  clock.advance(10s);
  offloader.kernel[{id, Direction::AtoB}] = {500, 500 * 172, clock.steadyNow()};
  EXPECT_EQ(session->stats(Direction::AtoB).packets, 501u);  // one relayed before, 500 in the kernel
  EXPECT_EQ(session->stats(Direction::AtoB).bytes, 501u * 172);
  EXPECT_EQ(session->idleFor(Direction::AtoB, clock.steadyNow()), 0s);
  EXPECT_EQ(session->idleFor(Direction::BtoA, clock.steadyNow()), 10s);  // B's counter never moved
  session->setForwarding(Direction::BtoA, false);
  offloader.kernel.clear();
  EXPECT_EQ(session->stats(Direction::AtoB).packets, 501u);
  clock.advance(3s);
  EXPECT_EQ(session->idleFor(Direction::AtoB, clock.steadyNow()), 3s);
}

TEST_F(RelayOffloadTest, a_stranger_cannot_take_the_stream_while_the_counters_show_the_phone_sending) {
  latchBoth();
  const auto id = offloader.lastId;
  // The phone keeps sending through the kernel; the last reading that showed it is 1.5 s old.
  // Without the counters the relay would think it silent for 4 s.
  clock.advance(4s);
  offloader.kernel[{id, Direction::AtoB}] = {200, 200 * 172, clock.steadyNow() - 1500ms};
  deliver(stranger, Leg::A, rtpPacket(50));
  EXPECT_EQ(session->latchedRtp(Leg::A), phoneA.address());
  EXPECT_EQ(session->stats(Direction::AtoB).foreign, 1u);
  EXPECT_TRUE(session->offloaded());
}

TEST_F(RelayOffloadTest, a_phone_that_really_moved_is_followed_and_the_new_path_installed) {
  latchBoth();
  const auto id = offloader.lastId;
  clock.advance(10s);
  // The phone's old address fell silent 3.5 s ago: past the policy's second and the counters' delay.
  offloader.kernel[{id, Direction::AtoB}] = {300, 300 * 172, clock.steadyNow() - 3500ms};
  Phone moved;
  deliver(moved, Leg::A, rtpPacket(60));
  EXPECT_EQ(session->latchedRtp(Leg::A), moved.address());
  EXPECT_EQ(offloader.only()->phoneA, moved.address());
  EXPECT_EQ(session->stats(Direction::AtoB).packets, 302u);  // 1 + 300 in the kernel + the moved one
}

TEST_F(RelayOffloadTest, gives_the_path_back_when_destroyed) {
  latchBoth();
  session.reset();
  EXPECT_TRUE(offloader.installed.empty());
}

class WildcardRelayOffloadTest : public RelayOffloadTest {
 protected:
  WildcardRelayOffloadTest() : RelayOffloadTest(boost::asio::ip::make_address("0.0.0.0")) {}
};

TEST_F(WildcardRelayOffloadTest, waits_for_the_address_the_sdp_names_for_each_leg) {
  latchBoth();
  EXPECT_FALSE(session->offloaded());
  session->announce(Leg::A, kLoopback);
  EXPECT_FALSE(session->offloaded());
  session->announce(Leg::B, kLoopback);
  ASSERT_TRUE(session->offloaded());
  EXPECT_EQ(offloader.only()->relayA, relay(Leg::A));
  EXPECT_EQ(offloader.only()->relayB, relay(Leg::B));
}

}  // namespace
}  // namespace sb::media::rtp
