// SPDX-License-Identifier: MIT
#include "media/rtp/relay_session.h"

#include <gtest/gtest.h>

#include <memory>
#include <vector>

#include "relay_test_peers.h"

using namespace std::chrono_literals;

namespace sb::media::rtp {
namespace {

using testing::kLoopback;
using testing::Phone;
using testing::rtcpReceiverReport;
using testing::rtpPacket;

// Two phones (RTP and RTCP sockets each) and a session relaying between them, over real UDP on
// 127.0.0.1. Time for latching decisions comes from a ManualClock.
class RelaySessionTest : public ::testing::Test {
 protected:
  RelaySessionTest() : ports(kLoopback, 21000, 21999) { session = makeSession(); }

  std::unique_ptr<RelaySession> makeSession() {
    auto a = ports.allocate();
    auto b = ports.allocate();
    if (!a.ok() || !b.ok()) throw std::runtime_error(a.error + b.error);
    return std::make_unique<RelaySession>(poller, workspace, clock, std::move(*a.lease),
                                          std::move(*b.lease), LatchPolicy{1000ms, 5000ms});
  }

  // Both legs as their SDP would say: each phone's own addresses.
  void expectPhones() {
    session->expectRemote(Leg::A, phoneA.address(), phoneARtcp.address());
    session->expectRemote(Leg::B, phoneB.address(), phoneBRtcp.address());
  }

  bool pumpUntil(const std::function<bool()>& done) { return testing::pumpUntil(io, done); }

  // Sends one packet and runs the relay until it has dealt with it, whatever it decided.
  void deliver(const Phone& from, Leg to, const std::vector<std::uint8_t>& packet,
               bool rtcp = false) {
    // Every packet the relay reads ends up in exactly one of these counters.
    const auto handled = [&] {
      const DirectionStats& s = session->stats(directionFrom(to));
      return s.packets + s.rtcpPackets + s.malformed + s.foreign + s.notForwarded + s.sendFailed;
    };
    const auto before = handled();
    from.send(rtcp ? session->localRtcp(to) : session->localRtp(to), packet);
    ASSERT_TRUE(pumpUntil([&] { return handled() > before; }));
  }

  boost::asio::io_context io;
  SocketPoller poller{io};
  ManualClock clock;
  RelayWorkspace workspace;
  PortAllocator ports;
  Phone phoneA, phoneARtcp, phoneB, phoneBRtcp, stranger;
  std::unique_ptr<RelaySession> session;
};

TEST_F(RelaySessionTest, relays_rtp_both_ways_between_the_two_legs) {
  expectPhones();
  const auto fromA = rtpPacket(1, 0, 0xa);
  const auto fromB = rtpPacket(7, 8, 0xb, 80);
  phoneA.send(session->localRtp(Leg::A), fromA);
  std::optional<std::vector<std::uint8_t>> atB;
  ASSERT_TRUE(pumpUntil([&] { return (atB = phoneB.receive()).has_value(); }));
  EXPECT_EQ(*atB, fromA);
  phoneB.send(session->localRtp(Leg::B), fromB);
  std::optional<std::vector<std::uint8_t>> atA;
  ASSERT_TRUE(pumpUntil([&] { return (atA = phoneA.receive()).has_value(); }));
  EXPECT_EQ(*atA, fromB);
  EXPECT_EQ(session->stats(Direction::AtoB).packets, 1u);
  EXPECT_EQ(session->stats(Direction::AtoB).bytes, fromA.size());
  EXPECT_EQ(session->stats(Direction::BtoA).packets, 1u);
  EXPECT_EQ(session->stats(Direction::BtoA).bytes, fromB.size());
}

TEST_F(RelaySessionTest, relays_a_burst_in_order_without_loss) {
  expectPhones();
  for (std::uint16_t seq = 0; seq < 100; ++seq)
    phoneA.send(session->localRtp(Leg::A), rtpPacket(seq));
  std::vector<std::uint16_t> received;
  ASSERT_TRUE(pumpUntil([&] {
    while (auto p = phoneB.receive())
      received.push_back(static_cast<std::uint16_t>((*p)[2] << 8 | (*p)[3]));
    return received.size() >= 100;
  }));
  for (std::uint16_t seq = 0; seq < 100; ++seq) EXPECT_EQ(received[seq], seq);
  EXPECT_EQ(session->stats(Direction::AtoB).packets, 100u);
}

TEST_F(RelaySessionTest, latches_a_leg_whose_sdp_is_not_known_yet_for_early_media) {
  session->expectRemote(Leg::A, phoneA.address());  // no answer from B yet
  deliver(phoneA, Leg::A, rtpPacket(1));
  EXPECT_EQ(session->stats(Direction::AtoB).notForwarded, 1u);  // nowhere to send it
  deliver(phoneB, Leg::B, rtpPacket(2));                        // early media from the callee
  EXPECT_EQ(phoneA.drain(), 1);
  deliver(phoneA, Leg::A, rtpPacket(3));
  EXPECT_EQ(phoneB.drain(), 1);
}

TEST_F(RelaySessionTest, passes_a_new_ssrc_from_the_latched_source_straight_through) {
  expectPhones();
  deliver(phoneA, Leg::A, rtpPacket(1, 0, 0x1111));
  const auto renumbered = rtpPacket(1, 0, 0x2222);  // the phone restarted its stream
  deliver(phoneA, Leg::A, renumbered);
  phoneB.receive();
  EXPECT_EQ(phoneB.receive(), renumbered);
  EXPECT_EQ(session->stats(Direction::AtoB).foreign, 0u);
}

TEST_F(RelaySessionTest, latches_to_where_the_phone_really_sends_from_when_its_sdp_is_wrong) {
  // The SDP names a private address we cannot reach. Phone A talks first, so nothing is ever
  // sent there (this test must not put packets on a real network).
  session->expectRemote(Leg::A, {boost::asio::ip::make_address("10.255.255.1"), 4000});
  session->expectRemote(Leg::B, phoneB.address());
  deliver(phoneA, Leg::A, rtpPacket(1));
  ASSERT_EQ(session->latchedRtp(Leg::A), phoneA.address());
  EXPECT_EQ(session->rtpDestination(Leg::A), phoneA.address());
  const auto fromB = rtpPacket(2, 0, 0xb);
  phoneB.send(session->localRtp(Leg::B), fromB);
  std::optional<std::vector<std::uint8_t>> atA;
  ASSERT_TRUE(pumpUntil([&] { return (atA = phoneA.receive()).has_value(); }));
  EXPECT_EQ(*atA, fromB);
}

TEST_F(RelaySessionTest, ignores_a_strangers_packets_once_latched) {
  expectPhones();
  deliver(phoneA, Leg::A, rtpPacket(1));
  ASSERT_EQ(phoneB.drain(), 1);
  clock.advance(20ms);
  deliver(stranger, Leg::A, rtpPacket(666, 0, 0x666));
  EXPECT_EQ(session->stats(Direction::AtoB).foreign, 1u);
  EXPECT_EQ(phoneB.drain(), 0);
  EXPECT_EQ(session->latchedRtp(Leg::A), phoneA.address());
  // B's audio still goes to A's phone, not to the stranger.
  deliver(phoneB, Leg::B, rtpPacket(2));
  EXPECT_EQ(phoneA.drain(), 1);
  EXPECT_EQ(stranger.drain(), 0);
}

TEST_F(RelaySessionTest, follows_a_phone_that_moved_only_after_its_old_address_fell_silent) {
  expectPhones();
  Phone moved;
  deliver(phoneA, Leg::A, rtpPacket(1));
  clock.advance(500ms);
  deliver(moved, Leg::A, rtpPacket(2));
  EXPECT_EQ(session->stats(Direction::AtoB).foreign, 1u);
  clock.advance(500ms);  // phone A silent for 1 s
  deliver(moved, Leg::A, rtpPacket(3));
  EXPECT_EQ(session->latchedRtp(Leg::A), moved.address());
  EXPECT_EQ(session->stats(Direction::AtoB).moves, 1u);
  EXPECT_EQ(phoneB.drain(), 2);  // packets 1 and 3
  deliver(phoneB, Leg::B, rtpPacket(9));
  EXPECT_EQ(moved.drain(), 1);
  EXPECT_EQ(phoneA.drain(), 0);
}

TEST_F(RelaySessionTest, lets_the_source_move_no_more_often_than_the_limit) {
  expectPhones();
  Phone second, third;
  deliver(phoneA, Leg::A, rtpPacket(1));
  clock.advance(1s);
  deliver(second, Leg::A, rtpPacket(2));
  ASSERT_EQ(session->latchedRtp(Leg::A), second.address());
  clock.advance(2s);  // `second` silent for 2 s, but the last move was only 2 s ago
  deliver(third, Leg::A, rtpPacket(3));
  EXPECT_EQ(session->latchedRtp(Leg::A), second.address());
  EXPECT_EQ(session->stats(Direction::AtoB).foreign, 1u);
  clock.advance(3s);
  deliver(third, Leg::A, rtpPacket(4));
  EXPECT_EQ(session->latchedRtp(Leg::A), third.address());
  EXPECT_EQ(session->stats(Direction::AtoB).moves, 2u);
}

TEST_F(RelaySessionTest, a_new_remote_address_forgets_the_latch_and_the_same_one_keeps_it) {
  expectPhones();
  deliver(phoneA, Leg::A, rtpPacket(1));
  ASSERT_TRUE(session->latchedRtp(Leg::A));
  session->expectRemote(Leg::A, phoneA.address(), phoneARtcp.address());  // session refresh
  EXPECT_TRUE(session->latchedRtp(Leg::A));
  Phone newPhone;
  session->expectRemote(Leg::A, newPhone.address());  // re-INVITE moving the media
  EXPECT_FALSE(session->latchedRtp(Leg::A));
  EXPECT_EQ(session->rtpDestination(Leg::A), newPhone.address());
  deliver(newPhone, Leg::A, rtpPacket(2));  // no silence needed: the latch starts afresh
  EXPECT_EQ(session->latchedRtp(Leg::A), newPhone.address());
  EXPECT_EQ(session->stats(Direction::AtoB).moves, 0u);
}

TEST_F(RelaySessionTest, sends_nothing_to_a_leg_on_hold_and_resumes_after) {
  expectPhones();
  deliver(phoneB, Leg::B, rtpPacket(1));
  ASSERT_EQ(phoneA.drain(), 1);
  // B puts the call on hold the RFC 2543 way: c=0.0.0.0.
  session->expectRemote(Leg::B, {boost::asio::ip::make_address("0.0.0.0"), phoneB.address().port});
  EXPECT_FALSE(session->rtpDestination(Leg::B));
  deliver(phoneA, Leg::A, rtpPacket(2));
  deliver(phoneA, Leg::A, rtcpReceiverReport(0xa), true);
  EXPECT_EQ(session->stats(Direction::AtoB).notForwarded, 2u);
  EXPECT_EQ(phoneB.drain() + phoneBRtcp.drain(), 0);
  session->expectRemote(Leg::B, phoneB.address());
  deliver(phoneA, Leg::A, rtpPacket(3));
  EXPECT_EQ(phoneB.drain(), 1);
}

TEST_F(RelaySessionTest, relays_rtcp_between_the_rtcp_ports) {
  expectPhones();
  const auto report = rtcpReceiverReport(0xa);
  deliver(phoneARtcp, Leg::A, report, true);
  auto atB = phoneBRtcp.receive();
  ASSERT_TRUE(atB);
  EXPECT_EQ(*atB, report);
  EXPECT_EQ(phoneB.drain(), 0);
  deliver(phoneBRtcp, Leg::B, rtcpReceiverReport(0xb), true);
  EXPECT_EQ(phoneARtcp.drain(), 1);
  EXPECT_EQ(session->stats(Direction::AtoB).rtcpPackets, 1u);
  EXPECT_EQ(session->stats(Direction::AtoB).rtcpBytes, report.size());
  EXPECT_EQ(session->stats(Direction::AtoB).packets, 0u);
}

TEST_F(RelaySessionTest, keeps_the_sdps_rtcp_port_when_rtp_latched_where_the_sdp_said) {
  expectPhones();  // each phone's RTCP socket is not at its RTP port + 1
  deliver(phoneA, Leg::A, rtpPacket(1));
  deliver(phoneB, Leg::B, rtpPacket(1));
  deliver(phoneARtcp, Leg::A, rtcpReceiverReport(0xa), true);
  EXPECT_EQ(phoneBRtcp.drain(), 1);
}

TEST_F(RelaySessionTest,
       sends_rtcp_to_the_port_above_the_latched_rtp_source_when_the_sdp_is_wrong) {
  // A NATed phone's RTP and RTCP are usually mapped to adjacent ports: find two free ones.
  std::unique_ptr<Phone> rtp, rtcp;
  for (std::uint16_t port = 23000; port < 23998 && !rtcp; port += 2) {
    try {
      rtp = std::make_unique<Phone>(port);
      rtcp = std::make_unique<Phone>(port + 1);
    } catch (const std::runtime_error&) {
      rtp.reset();
    }
  }
  ASSERT_TRUE(rtcp) << "no two adjacent free ports in 23000-23999";
  session->expectRemote(Leg::A, {boost::asio::ip::make_address("10.255.255.1"), 4000},
                        net::SocketAddress{boost::asio::ip::make_address("10.255.255.1"), 4001});
  session->expectRemote(Leg::B, phoneB.address(), phoneBRtcp.address());
  deliver(*rtp, Leg::A, rtpPacket(1));
  const auto report = rtcpReceiverReport(0xb);
  deliver(phoneBRtcp, Leg::B, report, true);
  EXPECT_EQ(rtcp->receive(), report);
  EXPECT_EQ(session->stats(Direction::BtoA).rtcpPackets, 1u);
}

TEST_F(RelaySessionTest, relays_rtcp_multiplexed_on_the_rtp_port) {
  session->expectRemote(Leg::A, phoneA.address(), std::nullopt, /*rtcpMux=*/true);
  session->expectRemote(Leg::B, phoneB.address(), phoneBRtcp.address());
  deliver(phoneA, Leg::A, rtpPacket(1));
  ASSERT_EQ(phoneB.drain(), 1);
  deliver(phoneA, Leg::A, rtcpReceiverReport(0xa));  // on A's RTP port
  EXPECT_EQ(phoneBRtcp.drain(), 1);
  EXPECT_EQ(phoneB.drain(), 0);
  deliver(phoneBRtcp, Leg::B, rtcpReceiverReport(0xb), true);
  EXPECT_EQ(phoneA.drain(), 1);  // muxed: on A's RTP address
  EXPECT_EQ(session->stats(Direction::AtoB).rtcpPackets, 1u);
  EXPECT_EQ(session->stats(Direction::BtoA).rtcpPackets, 1u);
}

TEST_F(RelaySessionTest, drops_and_counts_malformed_packets_which_never_latch) {
  expectPhones();
  auto version1 = rtpPacket(1);
  version1[0] = 0x40;
  auto shortCsrc = rtpPacket(1, 0, 1, 4);
  shortCsrc[0] |= 0x0f;
  const std::vector<std::uint8_t> tiny = {0x80, 0, 1};
  for (const auto& bad : {version1, shortCsrc, tiny}) deliver(stranger, Leg::A, bad);
  deliver(stranger, Leg::A, rtpPacket(1), true);                   // RTP on the RTCP port
  deliver(stranger, Leg::A, {0x80, 200, 0, 1, 0, 0, 0, 1}, true);  // SR too short
  EXPECT_EQ(session->stats(Direction::AtoB).malformed, 5u);
  EXPECT_EQ(session->stats(Direction::AtoB).dropped(), 5u);
  EXPECT_EQ(phoneB.drain() + phoneBRtcp.drain(), 0);
  EXPECT_FALSE(session->latchedRtp(Leg::A));
  deliver(phoneA, Leg::A, rtpPacket(2));
  EXPECT_EQ(session->latchedRtp(Leg::A), phoneA.address());
  EXPECT_EQ(phoneB.drain(), 1);
}

// Rewrites telephone-event PT 101 to 96 in place, and replaces PT 0 by a 3-octet packet it
// builds in the spare buffer; swallows PT 13 (comfort noise).
class RewritingTransform final : public PacketTransform {
 public:
  std::span<const std::uint8_t> transform(RtpPacketView packet,
                                          std::span<std::uint8_t> spare) override {
    ++calls;
    if (packet.payloadType() == 101) {
      packet.setPayloadType(96);
      return packet.bytes();
    }
    if (packet.payloadType() == 13) return {};
    spare[0] = 1;
    spare[1] = 2;
    spare[2] = 3;
    return spare.first(3);
  }
  int calls = 0;
};

TEST_F(RelaySessionTest, runs_the_directions_transform_before_sending) {
  expectPhones();
  auto transform = std::make_unique<RewritingTransform>();
  RewritingTransform& t = *transform;
  session->setTransform(Direction::AtoB, std::move(transform));
  deliver(phoneA, Leg::A, rtpPacket(1, 101));
  auto atB = phoneB.receive();
  ASSERT_TRUE(atB);
  EXPECT_EQ((*atB)[1], 96);
  deliver(phoneA, Leg::A, rtpPacket(2, 0));
  EXPECT_EQ(phoneB.receive(), (std::vector<std::uint8_t>{1, 2, 3}));
  deliver(phoneA, Leg::A, rtpPacket(3, 13));
  EXPECT_FALSE(phoneB.receive());
  EXPECT_EQ(session->stats(Direction::AtoB).notForwarded, 1u);
  deliver(phoneB, Leg::B, rtpPacket(4, 101));  // the other direction passes through
  auto atA = phoneA.receive();
  ASSERT_TRUE(atA);
  EXPECT_EQ((*atA)[1], 101);
  deliver(phoneA, Leg::A, rtcpReceiverReport(0xa), true);  // RTCP is never transformed
  EXPECT_EQ(t.calls, 3);
  EXPECT_EQ(session->stats(Direction::AtoB).bytes, rtpPacket(1).size() + 3);
}

TEST_F(RelaySessionTest, stops_forwarding_a_direction_and_sends_generated_packets_instead) {
  expectPhones();
  session->setForwarding(Direction::AtoB, false);  // B hears music on hold, not A
  deliver(phoneA, Leg::A, rtpPacket(1));
  EXPECT_EQ(phoneB.drain(), 0);
  EXPECT_EQ(session->latchedRtp(Leg::A), phoneA.address());  // still checked and latched
  const auto music = rtpPacket(500, 0, 0x300);
  EXPECT_TRUE(session->sendTo(Leg::B, music));
  EXPECT_EQ(phoneB.receive(), music);
  EXPECT_EQ(session->stats(Direction::AtoB).generated, 1u);
  EXPECT_EQ(session->stats(Direction::AtoB).notForwarded, 1u);
  deliver(phoneB, Leg::B, rtpPacket(2));  // the other way is untouched
  EXPECT_EQ(phoneA.drain(), 1);
  session->setForwarding(Direction::AtoB, true);
  deliver(phoneA, Leg::A, rtpPacket(3));
  EXPECT_EQ(phoneB.drain(), 1);
}

TEST_F(RelaySessionTest, generated_packets_go_nowhere_for_a_leg_without_a_destination) {
  EXPECT_FALSE(session->sendTo(Leg::B, rtpPacket(1)));
  session->expectRemote(Leg::B, {boost::asio::ip::make_address("0.0.0.0"), 0});
  EXPECT_FALSE(session->sendTo(Leg::B, rtpPacket(1)));
}

TEST_F(RelaySessionTest, reports_how_long_each_direction_has_been_idle) {
  expectPhones();
  clock.advance(3s);
  EXPECT_EQ(session->idleFor(Direction::AtoB, clock.steadyNow()), 3s);  // since the session began
  deliver(phoneA, Leg::A, rtpPacket(1));
  clock.advance(60s);
  EXPECT_EQ(session->idleFor(Direction::AtoB, clock.steadyNow()), 60s);
  EXPECT_EQ(session->idleFor(Direction::BtoA, clock.steadyNow()), 63s);
  EXPECT_EQ(session->idleFor(clock.steadyNow()), 60s);
  deliver(phoneB, Leg::B, rtcpReceiverReport(0xb), true);  // RTCP shows the phone is alive too
  EXPECT_EQ(session->idleFor(Direction::BtoA, clock.steadyNow()), 0s);
}

TEST_F(RelaySessionTest, gives_its_ports_back_when_destroyed) {
  EXPECT_EQ(ports.pairsInUse(), 2u);
  const auto a = session->localRtp(Leg::A);
  session.reset();
  EXPECT_EQ(ports.pairsInUse(), 0u);
  EXPECT_NO_THROW(Phone rebound(a.port));  // the port is free again
  EXPECT_EQ(poller.watched(), 0u);
}

TEST_F(RelaySessionTest, destroying_it_with_packets_waiting_stops_watching_its_sockets) {
  expectPhones();
  phoneA.send(session->localRtp(Leg::A), rtpPacket(1));
  phoneB.send(session->localRtp(Leg::B), rtpPacket(1));
  phoneARtcp.send(session->localRtcp(Leg::A), rtcpReceiverReport(1));
  EXPECT_EQ(poller.watched(), 4u);
  session.reset();
  EXPECT_EQ(poller.watched(), 0u);
  EXPECT_EQ(ports.pairsInUse(), 0u);
  io.restart();
  io.poll();  // nothing is left to call into the session
  EXPECT_EQ(phoneA.drain() + phoneB.drain() + phoneBRtcp.drain(), 0);
}

TEST_F(RelaySessionTest, sessions_share_one_workspace_without_mixing_their_packets) {
  auto other = makeSession();
  Phone otherA, otherB;
  expectPhones();
  other->expectRemote(Leg::A, otherA.address());
  other->expectRemote(Leg::B, otherB.address());
  const auto mine = rtpPacket(1, 0, 0x1);
  const auto theirs = rtpPacket(1, 0, 0x2);
  phoneA.send(session->localRtp(Leg::A), mine);
  otherA.send(other->localRtp(Leg::A), theirs);
  std::optional<std::vector<std::uint8_t>> atB, atOtherB;
  ASSERT_TRUE(pumpUntil([&] {
    if (!atB) atB = phoneB.receive();
    if (!atOtherB) atOtherB = otherB.receive();
    return atB && atOtherB;
  }));
  EXPECT_EQ(*atB, mine);
  EXPECT_EQ(*atOtherB, theirs);
}

}  // namespace
}  // namespace sb::media::rtp
