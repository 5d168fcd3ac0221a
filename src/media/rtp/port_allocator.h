// SPDX-License-Identifier: MIT
#pragma once
#include <boost/asio/ip/address.hpp>
#include <cstddef>
#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "net/socket_address.h"

namespace sb::media::rtp {

class PortAllocator;

// One RTP/RTCP port pair taken from a PortAllocator, with its two bound non-blocking UDP sockets
// (plain descriptors: the relay watches them through its own SocketPoller, not through Asio).
// Destroying (or moving over) the lease closes both sockets and gives the pair back, so a port
// can never leak with a call. Move-only.
class PortLease {
 public:
  PortLease(PortLease&& other) noexcept;
  PortLease& operator=(PortLease&& other) noexcept;
  PortLease(const PortLease&) = delete;
  PortLease& operator=(const PortLease&) = delete;
  ~PortLease();

  std::uint16_t rtpPort() const { return rtpAddress_.port; }
  std::uint16_t rtcpPort() const { return static_cast<std::uint16_t>(rtpAddress_.port + 1); }
  // The bound addresses (what the SDP's c= and m= lines announce, unless a public address is
  // configured for them).
  net::SocketAddress rtpAddress() const { return rtpAddress_; }
  net::SocketAddress rtcpAddress() const { return {rtpAddress_.ip, rtcpPort()}; }
  int rtpSocket() const { return rtp_; }
  int rtcpSocket() const { return rtcp_; }

 private:
  friend class PortAllocator;
  PortLease(PortAllocator& owner, std::size_t pair, net::SocketAddress rtpAddress, int rtp,
            int rtcp);
  void giveBack() noexcept;

  PortAllocator* owner_ = nullptr;  // null once moved from
  std::size_t pair_ = 0;
  net::SocketAddress rtpAddress_;
  int rtp_ = -1;
  int rtcp_ = -1;
};

// What PortAllocator::allocate() returns: a lease, or why none could be had.
struct LeaseResult {
  std::optional<PortLease> lease;
  std::string error;  // set when lease is empty
  bool ok() const { return lease.has_value(); }
};

// Hands out RTP port pairs (RTP even, RTCP = RTP + 1; RFC 3550 §11) from the [rtp]
// port_min..port_max range on one bind address. The first search starts at a random pair and
// later ones go on round-robin from the last pair handed out, so a port just given back is the
// last to be reused (a late packet of an old call then rarely reaches a new one). Ports that
// another process holds are skipped. Safe to share between threads (a lock per call, never per
// packet); it must outlive its leases.
class PortAllocator {
 public:
  // Pairs are (p, p+1) with p even and portMin <= p, p + 1 <= portMax.
  PortAllocator(boost::asio::ip::address bindAddress, std::uint16_t portMin, std::uint16_t portMax);
  // As above, starting the first search at pair `firstPair` (modulo the pair count) instead of a
  // random one: for tests.
  PortAllocator(boost::asio::ip::address bindAddress, std::uint16_t portMin, std::uint16_t portMax,
                std::size_t firstPair);
  PortAllocator(const PortAllocator&) = delete;
  PortAllocator& operator=(const PortAllocator&) = delete;
  ~PortAllocator();

  // Binds the next free pair's two sockets. Never throws for lack of ports: every pair taken or
  // unbindable yields an error naming the range.
  LeaseResult allocate();

  std::size_t pairCount() const { return used_.size(); }
  std::size_t pairsInUse() const;

 private:
  friend class PortLease;
  void release(std::size_t pair) noexcept;
  std::uint16_t portOf(std::size_t pair) const {
    return static_cast<std::uint16_t>(firstPort_ + 2 * pair);
  }

  const boost::asio::ip::address bindAddress_;
  const std::uint16_t portMin_;
  const std::uint16_t portMax_;
  std::uint32_t firstPort_ = 0;  // lowest even port in range
  mutable std::mutex mutex_;
  std::vector<bool> used_;  // by pair index; guarded by mutex_
  std::size_t next_ = 0;    // where the next search starts; guarded by mutex_
  std::size_t inUse_ = 0;   // guarded by mutex_
};

}  // namespace sb::media::rtp
