// SPDX-License-Identifier: MIT
#pragma once
#include <array>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <span>

#include "base/clock.h"
#include "media/rtp/offload.h"
#include "media/rtp/packet_transform.h"
#include "media/rtp/port_allocator.h"
#include "media/rtp/raw_address.h"
#include "media/rtp/relay_stats.h"
#include "media/rtp/relay_workspace.h"
#include "media/rtp/socket_poller.h"
#include "media/rtp/source_latch.h"
#include "net/socket_address.h"

namespace sb::media::rtp {

// One call's media relay: what leg A's phone sends to our A ports goes out of our B ports to
// B's phone, and the other way round, RTP and RTCP alike, with symmetric latching so phones
// behind NAT are reached where they really send from. The loop's SocketPoller says which of its
// sockets are readable; they are drained in batches (recvmmsg/sendmmsg) into the loop's shared
// RelayWorkspace, and nothing is allocated per packet. It knows nothing of SIP or SDP: the call
// engine tells it where each side expects media.
//
// Once both phones are latched and packets pass through unchanged in both directions, the
// session hands the RTP to `offloader` (when given), which forwards it in the kernel; the
// sockets stay open for RTCP, strangers and a phone that moves, and any change (hold, a
// transform, a new latch or SDP) takes the path back or installs the new one (decision 0013).
//
// Every member must be called on the thread that runs the poller's io_context. The poller,
// workspace and clock must outlive the session. Destroying it stops its sockets being watched
// (readiness already collected included), closes them and gives its ports back at once.
class RelaySession {
 public:
  RelaySession(SocketPoller& poller, RelayWorkspace& workspace, const Clock& clock, PortLease legA,
               PortLease legB, LatchPolicy latch = {}, Offloader* offloader = nullptr);
  RelaySession(const RelaySession&) = delete;
  RelaySession& operator=(const RelaySession&) = delete;
  ~RelaySession();

  // Our sockets for a leg: what the SDP sent to that leg's phone announces.
  net::SocketAddress localRtp(Leg leg) const { return legs_[indexOf(leg)].lease.rtpAddress(); }
  net::SocketAddress localRtcp(Leg leg) const { return legs_[indexOf(leg)].lease.rtcpAddress(); }

  // Where the leg's SDP says its phone receives: `rtp` (c= and m=), `rtcp` (RFC 3605 a=rtcp;
  // default RTP port + 1) and whether it multiplexes RTCP on the RTP port (RFC 5761 a=rtcp-mux).
  // We send there until the phone's first RTP packet shows its real address. An unspecified
  // address (0.0.0.0, RFC 2543 hold) or port 0 means: send it nothing. Changing the expectation
  // (a re-INVITE that moves media) forgets the leg's latch; repeating the same one keeps it.
  void expectRemote(Leg leg, const net::SocketAddress& rtp,
                    const std::optional<net::SocketAddress>& rtcp = std::nullopt,
                    bool rtcpMux = false);
  // The address the leg's SDP names for us when our sockets listen on the wildcard address: the
  // source the kernel gives packets it forwards to that leg's phone.
  void announce(Leg leg, const boost::asio::ip::address& ip);
  // Whether the kernel carries the call's RTP now.
  bool offloaded() const { return offloadId_ != 0; }
  // The source the leg's RTP is latched to, if any.
  std::optional<net::SocketAddress> latchedRtp(Leg leg) const;
  // Where RTP for the leg goes now (latched, else expected), if anywhere.
  std::optional<net::SocketAddress> rtpDestination(Leg leg) const;

  // The direction's transform (nullptr: pass-through). Replacing one destroys the old.
  void setTransform(Direction direction, std::unique_ptr<PacketTransform> transform);
  // Off: the source leg's packets are still received, checked and latched, but not sent on
  // (music on hold: the generator sends to the held leg with sendTo instead).
  void setForwarding(Direction direction, bool on);
  bool forwarding(Direction direction) const { return forwarding_[indexOf(direction)]; }
  // Sends one generated RTP packet out of `leg`'s RTP socket to the leg's destination. False
  // when the leg has no destination (on hold, unknown) or the kernel refused it.
  bool sendTo(Leg leg, std::span<const std::uint8_t> packet);

  // What the relay and (while offloaded) the kernel carried in the direction.
  DirectionStats stats(Direction direction) const;
  // How long since the direction's source leg last sent a valid packet (since the session began
  // if it never did): the call engine's rtp_timeout check.
  std::chrono::steady_clock::duration idleFor(Direction direction, SteadyTime now) const;
  // How long since either leg sent anything.
  std::chrono::steady_clock::duration idleFor(SteadyTime now) const;

 private:
  // What a leg's SDP said, kept to notice when a re-INVITE really changes it.
  struct Expectation {
    net::SocketAddress rtp;
    std::optional<net::SocketAddress> rtcp;
    bool rtcpMux = false;
    bool operator==(const Expectation&) const = default;
  };

  struct LegState {
    LegState(PortLease l, LatchPolicy policy)
        : lease(std::move(l)), rtpLatch(policy), rtcpLatch(policy) {}
    PortLease lease;
    SourceLatch rtpLatch;
    SourceLatch rtcpLatch;
    std::optional<Expectation> expected;
    bool onHold = false;
    RawAddress rtpDestination;   // empty: send nothing
    RawAddress rtcpDestination;  // empty: send nothing (unused when muxed)
  };

  // The four sockets: index 2 * leg + (1 for RTCP).
  struct Channel final : SocketPoller::Handler {
    void onReadable() override { session->drain(*this); }
    RelaySession* session = nullptr;
    int fd = -1;
    Leg leg = Leg::A;
    bool rtcp = false;
    bool watched = false;
    std::size_t batch = 1;        // datagrams to ask recvmmsg for next time
    std::uint64_t lastRound = 0;  // poller round of the last drain
  };

  void drain(Channel& channel);
  void relayBatch(const Channel& channel, std::size_t count);
  // Destination socket and address for a packet to `to`; false when there is none.
  bool route(Leg to, bool rtcp, int& fd, RawAddress& address) const;
  void flush(int fd, DirectionStats& stats);
  void refreshDestinations(Leg leg);
  void noteLatch(Leg leg, bool rtcp, SourceLatch::Verdict verdict, DirectionStats& stats);
  // Installs, moves or removes the kernel path to match the session's state.
  void reconsiderOffload();
  std::optional<OffloadPath> wantedOffload() const;
  void endOffload();

  SocketPoller& poller_;
  RelayWorkspace& workspace_;
  const Clock& clock_;
  const SteadyTime created_;
  std::array<LegState, 2> legs_;
  std::array<Channel, 4> channels_;
  std::array<DirectionStats, 2> stats_;
  std::array<std::unique_ptr<PacketTransform>, 2> transforms_;
  std::array<bool, 2> forwarding_{true, true};
  std::array<boost::asio::ip::address, 2> announced_{};
  Offloader* const offloader_;
  Offloader::Id offloadId_ = 0;
  OffloadPath offloadPath_{};
  // What earlier offloads of this call carried (folded in when each ended).
  std::array<OffloadCounters, 2> offloadedBefore_{};
};

}  // namespace sb::media::rtp
