// SPDX-License-Identifier: MIT
#include "media/rtp/relay_session.h"

#include <sys/socket.h>

#include <algorithm>
#include <cassert>
#include <cerrno>
#include <cstring>

#include "base/log.h"
#include "media/rtp/rtcp_packet_view.h"

namespace sb::media::rtp {

namespace {

// Batches one socket may drain per round before the poller moves on to the other sockets (it
// comes back: the poller is level-triggered). At 50 packets/s per socket a backlog this deep
// only builds after a stall.
constexpr std::size_t kMaxBatchesPerRound = 8;

constexpr std::uint8_t kTagRtp = 0;
constexpr std::uint8_t kTagRtcp = 1;

[[maybe_unused]] bool within(std::span<const std::uint8_t> part,
                             std::span<const std::uint8_t> whole) {
  return part.data() >= whole.data() && part.data() + part.size() <= whole.data() + whole.size();
}

}  // namespace

RelaySession::RelaySession(SocketPoller& poller, RelayWorkspace& workspace, const Clock& clock,
                           PortLease legA, PortLease legB, LatchPolicy latch, Offloader* offloader)
    : poller_(poller),
      workspace_(workspace),
      clock_(clock),
      created_(clock.steadyNow()),
      legs_{LegState(std::move(legA), latch), LegState(std::move(legB), latch)},
      offloader_(offloader) {
  for (std::size_t i = 0; i < channels_.size(); ++i) {
    Channel& channel = channels_[i];
    const LegState& leg = legs_[i / 2];
    channel.session = this;
    channel.leg = i < 2 ? Leg::A : Leg::B;
    channel.rtcp = i % 2 == 1;
    channel.fd = channel.rtcp ? leg.lease.rtcpSocket() : leg.lease.rtpSocket();
    channel.watched = poller_.add(channel.fd, channel);
    if (!channel.watched) {
      // Only a kernel out of epoll watches says no; the call then lacks this socket's media.
      SB_LOG_ERROR("media relay: cannot watch UDP port {} ({})",
                   channel.rtcp ? leg.lease.rtcpPort() : leg.lease.rtpPort(), std::strerror(errno));
    }
  }
}

RelaySession::~RelaySession() {
  endOffload();
  // The leases close the sockets and give the ports back as the legs are destroyed.
  for (Channel& channel : channels_) {
    if (channel.watched) poller_.remove(channel.fd, channel);
  }
}

void RelaySession::expectRemote(Leg leg, const net::SocketAddress& rtp,
                                const std::optional<net::SocketAddress>& rtcp, bool rtcpMux) {
  LegState& state = legs_[indexOf(leg)];
  const Expectation wanted{rtp, rtcp, rtcpMux};
  if (state.expected == wanted) return;  // a session refresh repeating the SDP keeps the latch
  state.expected = wanted;
  // RFC 3264 §8.4 / RFC 2543 hold: c=0.0.0.0; RFC 3264 §6: port 0 rejects the stream.
  state.onHold = rtp.ip.is_unspecified() || rtp.port == 0;
  const bool usable = !state.onHold && !rtp.ip.is_unspecified();
  state.rtpLatch.reset(usable ? std::optional(RawAddress::from(rtp)) : std::nullopt);
  state.rtcpLatch.reset(usable && rtcp ? std::optional(RawAddress::from(*rtcp)) : std::nullopt);
  refreshDestinations(leg);
  reconsiderOffload();
}

void RelaySession::announce(Leg leg, const boost::asio::ip::address& ip) {
  announced_[indexOf(leg)] = ip;
  reconsiderOffload();
}

std::optional<net::SocketAddress> RelaySession::latchedRtp(Leg leg) const {
  const auto& latched = legs_[indexOf(leg)].rtpLatch.latched();
  if (!latched) return std::nullopt;
  return latched->toSocketAddress();
}

std::optional<net::SocketAddress> RelaySession::rtpDestination(Leg leg) const {
  const RawAddress& destination = legs_[indexOf(leg)].rtpDestination;
  if (destination.empty()) return std::nullopt;
  return destination.toSocketAddress();
}

void RelaySession::setTransform(Direction direction, std::unique_ptr<PacketTransform> transform) {
  transforms_[indexOf(direction)] = std::move(transform);
  reconsiderOffload();
}

void RelaySession::setForwarding(Direction direction, bool on) {
  forwarding_[indexOf(direction)] = on;
  reconsiderOffload();
}

DirectionStats RelaySession::stats(Direction direction) const {
  DirectionStats total = stats_[indexOf(direction)];
  const auto add = [&total](const OffloadCounters& kernel) {
    total.packets += kernel.packets;
    total.bytes += kernel.payloadBytes;
    if (kernel.lastIncrease && (!total.lastPacket || *total.lastPacket < *kernel.lastIncrease)) {
      total.lastPacket = kernel.lastIncrease;
    }
  };
  add(offloadedBefore_[indexOf(direction)]);
  if (offloadId_ != 0) add(offloader_->counters(offloadId_, direction));
  return total;
}

bool RelaySession::sendTo(Leg leg, std::span<const std::uint8_t> packet) {
  int fd = -1;
  RawAddress to;
  if (!route(leg, false, fd, to)) return false;
  DirectionStats& stats = stats_[indexOf(directionTo(leg))];
  const ssize_t sent =
      ::sendto(fd, packet.data(), packet.size(), MSG_DONTWAIT, to.data(), to.size());
  if (sent < 0) {
    ++stats.sendFailed;
    return false;
  }
  ++stats.generated;
  return true;
}

std::chrono::steady_clock::duration RelaySession::idleFor(Direction direction,
                                                          SteadyTime now) const {
  const auto last = stats(direction).lastPacket;
  return now - (last ? *last : created_);
}

std::chrono::steady_clock::duration RelaySession::idleFor(SteadyTime now) const {
  return std::min(idleFor(Direction::AtoB, now), idleFor(Direction::BtoA, now));
}

void RelaySession::drain(Channel& channel) {
  // A phone sends one packet per 20 ms, so a socket usually holds one datagram when reported,
  // and asking recvmmsg for 32 would cost a second, failing receive inside the call (~0.5 µs
  // here, a tenth of the packet's cost). So ask for one; when the socket is reported again in
  // the very next round (data left, or arriving that fast), double the batch; once it is quiet
  // between rounds, fall back to one. The poller is level-triggered: nothing left is lost.
  const std::uint64_t round = poller_.round();
  channel.batch =
      round == channel.lastRound + 1 ? std::min(channel.batch * 2, RelayWorkspace::kBatch) : 1;
  channel.lastRound = round;
  for (std::size_t i = 0; i < kMaxBatchesPerRound; ++i) {
    const std::size_t count = workspace_.receive(channel.fd, channel.batch);
    if (count > 0) relayBatch(channel, count);
    if (count < RelayWorkspace::kBatch) return;
  }
}

void RelaySession::relayBatch(const Channel& channel, std::size_t count) {
  const SteadyTime now = clock_.steadyNow();
  const Leg from = channel.leg;
  const Leg to = otherLeg(from);
  const Direction direction = directionFrom(from);
  LegState& source = legs_[indexOf(from)];
  DirectionStats& stats = stats_[indexOf(direction)];
  PacketTransform* const transform = transforms_[indexOf(direction)].get();
  const bool forwarding = forwarding_[indexOf(direction)];
  RelayWorkspace& ws = workspace_;
  ws.clearOutgoing();
  int batchFd = -1;

  for (std::size_t i = 0; i < count; ++i) {
    const std::span<std::uint8_t> datagram = ws.datagram(i);
    const auto sender = RawAddress::fromKernel(ws.source(i), ws.sourceSize(i));
    if (ws.truncated(i) || !sender) {
      ++stats.malformed;
      continue;
    }
    // RFC 5761 §4: RTCP may arrive on the RTP port when the phone multiplexes.
    const bool rtcp = channel.rtcp || looksLikeRtcp(datagram);
    std::span<const std::uint8_t> out;
    if (!rtcp) {
      const RtpParseResult parsed = RtpPacketView::parse(datagram);
      if (!parsed.ok()) {
        ++stats.malformed;
        continue;
      }
      if (offloadId_ != 0) {
        // The kernel carries the latched stream, so what reaches us is someone else (or the
        // phone from a new address): the latch weighs it against what the counters last showed.
        if (auto heard = offloader_->counters(offloadId_, direction).lastIncrease) source.rtpLatch.heard(*heard);
      }
      const auto verdict = source.rtpLatch.offer(*sender, now, true);
      if (verdict == SourceLatch::Verdict::Foreign) {
        ++stats.foreign;
        continue;
      }
      if (verdict != SourceLatch::Verdict::Accepted) noteLatch(from, false, verdict, stats);
      stats.lastPacket = now;
      out = datagram;
      if (forwarding && transform != nullptr) {
        out = transform->transform(parsed.packet, ws.spare(i));
        assert(out.empty() || within(out, datagram) || within(out, ws.spare(i)));
      }
    } else {
      if (RtcpPacketView::check(datagram) != RtcpError::None) {
        ++stats.malformed;
        continue;
      }
      // Muxed RTCP is held to the RTP latch but never moves it: only RTP does that.
      SourceLatch& latch = channel.rtcp ? source.rtcpLatch : source.rtpLatch;
      const auto verdict = latch.offer(*sender, now, channel.rtcp);
      if (verdict == SourceLatch::Verdict::Foreign) {
        ++stats.foreign;
        continue;
      }
      if (verdict != SourceLatch::Verdict::Accepted) noteLatch(from, true, verdict, stats);
      stats.lastPacket = now;
      out = datagram;
    }

    int fd = -1;
    RawAddress destination;
    if (!forwarding || out.empty() || !route(to, rtcp, fd, destination)) {
      ++stats.notForwarded;
      continue;
    }
    if (fd != batchFd) {
      if (batchFd >= 0) flush(batchFd, stats);
      batchFd = fd;
    }
    ws.queue(destination, out, rtcp ? kTagRtcp : kTagRtp);
  }
  if (batchFd >= 0) flush(batchFd, stats);
}

bool RelaySession::route(Leg to, bool rtcp, int& fd, RawAddress& address) const {
  const LegState& leg = legs_[indexOf(to)];
  const bool viaRtp = !rtcp || (leg.expected && leg.expected->rtcpMux);
  const RawAddress& destination = viaRtp ? leg.rtpDestination : leg.rtcpDestination;
  if (destination.empty()) return false;
  fd = viaRtp ? leg.lease.rtpSocket() : leg.lease.rtcpSocket();
  address = destination;
  return true;
}

void RelaySession::flush(int fd, DirectionStats& stats) {
  RelayWorkspace& ws = workspace_;
  if (ws.outgoing() == 0) return;
  ws.send(fd);
  for (std::size_t i = 0; i < ws.outgoing(); ++i) {
    if (!ws.sent(i)) {
      ++stats.sendFailed;
    } else if (ws.tagOf(i) == kTagRtcp) {
      ++stats.rtcpPackets;
      stats.rtcpBytes += ws.sentBytes(i);
    } else {
      ++stats.packets;
      stats.bytes += ws.sentBytes(i);
    }
  }
  ws.clearOutgoing();
}

void RelaySession::refreshDestinations(Leg leg) {
  LegState& state = legs_[indexOf(leg)];
  state.rtpDestination = RawAddress();
  state.rtcpDestination = RawAddress();
  if (state.onHold) return;
  const auto& rtpLatched = state.rtpLatch.latched();
  if (rtpLatched) {
    state.rtpDestination = *rtpLatched;
  } else if (state.expected) {
    state.rtpDestination = RawAddress::from(state.expected->rtp);
  }
  // RTCP goes where the phone sends RTCP from, once it has. Before that: what the SDP says
  // (a=rtcp, else RFC 3550 §11's RTP port + 1) if the SDP turned out right about the phone's
  // address; behind NAT it was not, and the port above the real RTP source is the best guess
  // (NATs tend to keep a pair adjacent).
  const auto plusOne = [](const RawAddress& rtp) {
    return rtp.empty() || rtp.port() == 65535 ? RawAddress() : rtp.withPort(rtp.port() + 1);
  };
  RawAddress announced;
  if (state.expected) {
    announced = state.expected->rtcp ? RawAddress::from(*state.expected->rtcp)
                                     : plusOne(RawAddress::from(state.expected->rtp));
  }
  if (const auto& rtcpLatched = state.rtcpLatch.latched()) {
    state.rtcpDestination = *rtcpLatched;
  } else if (rtpLatched && (announced.empty() || !announced.sameHost(*rtpLatched))) {
    state.rtcpDestination = plusOne(*rtpLatched);
  } else {
    state.rtcpDestination = announced;
  }
}

void RelaySession::noteLatch(Leg leg, bool rtcp, SourceLatch::Verdict verdict,
                             DirectionStats& stats) {
  LegState& state = legs_[indexOf(leg)];
  refreshDestinations(leg);
  if (!rtcp) reconsiderOffload();
  const bool moved = verdict == SourceLatch::Verdict::Moved;
  if (moved) ++stats.moves;
  // A move is worth a NOTICE (a phone changed networks, or someone tried to take the stream);
  // a first latch happens on every call.
  const auto level = moved ? log::Level::Notice : log::Level::Verbose;
  if (!log::enabled(level)) return;
  const SourceLatch& latch = rtcp ? state.rtcpLatch : state.rtpLatch;
  log::format(level, log::baseName(__FILE__), "media relay: {} on :{} {} {}", rtcp ? "RTCP" : "RTP",
              rtcp ? state.lease.rtcpPort() : state.lease.rtpPort(),
              moved ? "moved to" : "latched to", latch.latched()->toSocketAddress().toString());
}

std::optional<OffloadPath> RelaySession::wantedOffload() const {
  if (offloader_ == nullptr) return std::nullopt;
  for (std::size_t d = 0; d < 2; ++d) {
    if (!forwarding_[d] || transforms_[d]) return std::nullopt;  // music, echo, rewriting, transcoding
  }
  std::array<net::SocketAddress, 2> phones;
  std::array<net::SocketAddress, 2> relays;
  for (std::size_t l = 0; l < 2; ++l) {
    const LegState& leg = legs_[l];
    const auto& latched = leg.rtpLatch.latched();
    if (leg.onHold || !latched) return std::nullopt;
    phones[l] = latched->toSocketAddress();
    relays[l] = leg.lease.rtpAddress();
    if (relays[l].ip.is_unspecified()) relays[l].ip = announced_[l];
    if (relays[l].ip.is_unspecified()) return std::nullopt;
  }
  OffloadPath path{phones[0], relays[0], phones[1], relays[1]};
  if (!offloader_->canCarry(path)) return std::nullopt;
  return path;
}

void RelaySession::reconsiderOffload() {
  if (offloader_ == nullptr) return;
  const auto wanted = wantedOffload();
  if (offloadId_ != 0 && wanted && *wanted == offloadPath_) return;
  endOffload();
  if (!wanted) return;
  offloadId_ = offloader_->install(*wanted);
  if (offloadId_ == 0) return;
  offloadPath_ = *wanted;
  for (LegState& leg : legs_) leg.rtpLatch.requireExtraSilence(offloader_->counterDelay());
  SB_LOG_VERBOSE("media relay: :{} <-> :{} forwarded by the kernel", legs_[0].lease.rtpPort(),
                 legs_[1].lease.rtpPort());
}

void RelaySession::endOffload() {
  if (offloadId_ == 0) return;
  for (const Direction d : {Direction::AtoB, Direction::BtoA}) {
    const OffloadCounters kernel = offloader_->counters(offloadId_, d);
    OffloadCounters& before = offloadedBefore_[indexOf(d)];
    before.packets += kernel.packets;
    before.payloadBytes += kernel.payloadBytes;
    if (kernel.lastIncrease) before.lastIncrease = kernel.lastIncrease;
    // The latch heard the phone through the counters until now.
    if (kernel.lastIncrease) legs_[indexOf(d == Direction::AtoB ? Leg::A : Leg::B)].rtpLatch.heard(*kernel.lastIncrease);
  }
  offloader_->remove(offloadId_);
  offloadId_ = 0;
  for (LegState& leg : legs_) leg.rtpLatch.requireExtraSilence(std::chrono::milliseconds(0));
}

}  // namespace sb::media::rtp
