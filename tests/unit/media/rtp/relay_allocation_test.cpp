// SPDX-License-Identifier: MIT
// Proves the relay's steady state allocates nothing per packet: this binary replaces the global
// operator new and counts calls while packets flow both ways, through a transform, with RTCP.
#include <gtest/gtest.h>

#include <array>
#include <atomic>
#include <cstdlib>
#include <new>

#include "media/rtp/relay_session.h"
#include "relay_test_peers.h"

namespace {

std::atomic<bool> counting{false};
std::atomic<std::size_t> allocations{0};

void* allocate(std::size_t size) {
  if (counting.load(std::memory_order_relaxed)) allocations.fetch_add(1, std::memory_order_relaxed);
  if (void* p = std::malloc(size == 0 ? 1 : size)) return p;
  throw std::bad_alloc();
}

}  // namespace

void* operator new(std::size_t size) { return allocate(size); }
void* operator new[](std::size_t size) { return allocate(size); }
void operator delete(void* p) noexcept { std::free(p); }
void operator delete[](void* p) noexcept { std::free(p); }
void operator delete(void* p, std::size_t) noexcept { std::free(p); }
void operator delete[](void* p, std::size_t) noexcept { std::free(p); }

namespace sb::media::rtp {
namespace {

using namespace std::chrono_literals;
using testing::kLoopback;
using testing::Phone;

class SwapPayloadType final : public PacketTransform {
 public:
  std::span<const std::uint8_t> transform(RtpPacketView packet, std::span<std::uint8_t>) override {
    packet.setPayloadType(8);
    return packet.bytes();
  }
};

// Waits, polling the relay, until `phone` has a datagram; reads it into `buffer`.
bool receiveOne(boost::asio::io_context& io, const Phone& phone, std::span<std::uint8_t> buffer) {
  for (int i = 0; i < 100000; ++i) {
    if (phone.receiveInto(buffer) >= 0) return true;
    io.restart();
    io.poll();
  }
  return false;
}

TEST(RelayAllocation, relays_packets_without_allocating_once_both_legs_are_latched) {
  boost::asio::io_context io;
  SocketPoller poller(io);
  ManualClock clock;
  RelayWorkspace workspace;
  PortAllocator ports(kLoopback, 21000, 21999);
  auto a = ports.allocate();
  auto b = ports.allocate();
  ASSERT_TRUE(a.ok() && b.ok());
  RelaySession session(poller, workspace, clock, std::move(*a.lease), std::move(*b.lease));
  Phone phoneA, phoneARtcp, phoneB, phoneBRtcp;
  session.expectRemote(Leg::A, phoneA.address(), phoneARtcp.address());
  session.expectRemote(Leg::B, phoneB.address(), phoneBRtcp.address());
  session.setTransform(Direction::BtoA, std::make_unique<SwapPayloadType>());

  const auto rtpA = testing::rtpPacket(1, 0, 0xa);
  const auto rtpB = testing::rtpPacket(1, 0, 0xb);
  const auto rtcpA = testing::rtcpReceiverReport(0xa);
  const auto toA = session.localRtp(Leg::A);
  const auto toB = session.localRtp(Leg::B);
  const auto toARtcp = session.localRtcp(Leg::A);
  std::array<std::uint8_t, 2048> buffer{};

  const auto exchange = [&](int rounds) {
    for (int i = 0; i < rounds; ++i) {
      phoneA.send(toA, rtpA);
      phoneB.send(toB, rtpB);
      if (!receiveOne(io, phoneB, buffer) || !receiveOne(io, phoneA, buffer)) return false;
      if (i % 10 == 0) {
        phoneARtcp.send(toARtcp, rtcpA);
        if (!receiveOne(io, phoneBRtcp, buffer)) return false;
      }
      clock.advance(20ms);
    }
    return true;
  };
  ASSERT_TRUE(exchange(20));  // latching, first waits: allowed to allocate

  allocations = 0;
  counting = true;
  const bool ok = exchange(500);
  counting = false;
  ASSERT_TRUE(ok);
  EXPECT_EQ(allocations.load(), 0u);
  EXPECT_EQ(session.stats(Direction::AtoB).packets, 520u);
  EXPECT_EQ(session.stats(Direction::BtoA).packets, 520u);
  EXPECT_EQ(session.stats(Direction::AtoB).rtcpPackets, 52u);
}

int* volatile sink = nullptr;

// The counter must see allocations, or the test above proves nothing.
TEST(RelayAllocation, the_counter_sees_an_allocation) {
  allocations = 0;
  counting = true;
  sink = new int(5);  // stored in a volatile global so it cannot be elided
  counting = false;
  delete sink;
  EXPECT_EQ(allocations.load(), 1u);
}

}  // namespace
}  // namespace sb::media::rtp
