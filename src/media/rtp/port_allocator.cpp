// SPDX-License-Identifier: MIT
#include "media/rtp/port_allocator.h"

#include <netinet/in.h>
#include <netinet/ip.h>
#include <sys/socket.h>
#include <unistd.h>

#include <fmt/format.h>
#include <cassert>
#include <cerrno>
#include <cstring>
#include <utility>

#include "base/random.h"
#include "media/rtp/raw_address.h"

namespace sb::media::rtp {

namespace {

// DSCP EF (RFC 3246), the class voice is queued in by switches and home routers that honour
// DSCP; others ignore it. Failing to set it is harmless.
constexpr int kExpeditedForwarding = 46 << 2;

// A bound non-blocking UDP socket, or -1 with errno set.
int bindOne(const net::SocketAddress& address) {
  const RawAddress raw = RawAddress::from(address);
  const bool v6 = address.ip.is_v6();
  const int fd = ::socket(v6 ? AF_INET6 : AF_INET, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
  if (fd < 0) return -1;
  const int on = 1;
  const int tos = kExpeditedForwarding;
  if (v6) {
    // One family per socket, like the SIP listeners: no v4-mapped sources to compare.
    ::setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &on, sizeof on);
    ::setsockopt(fd, IPPROTO_IPV6, IPV6_TCLASS, &tos, sizeof tos);
  } else {
    ::setsockopt(fd, IPPROTO_IP, IP_TOS, &tos, sizeof tos);
  }
  if (::bind(fd, raw.data(), raw.size()) != 0) {
    const int error = errno;
    ::close(fd);
    errno = error;
    return -1;
  }
  return fd;
}

// Busy ports are skipped; any other failure (address not on this host, no such family) would
// fail for every port alike.
bool portSpecific(int error) { return error == EADDRINUSE || error == EACCES; }

}  // namespace

PortLease::PortLease(PortAllocator& owner, std::size_t pair, net::SocketAddress rtpAddress, int rtp,
                     int rtcp)
    : owner_(&owner), pair_(pair), rtpAddress_(rtpAddress), rtp_(rtp), rtcp_(rtcp) {}

PortLease::PortLease(PortLease&& other) noexcept
    : owner_(std::exchange(other.owner_, nullptr)),
      pair_(other.pair_),
      rtpAddress_(other.rtpAddress_),
      rtp_(std::exchange(other.rtp_, -1)),
      rtcp_(std::exchange(other.rtcp_, -1)) {}

PortLease& PortLease::operator=(PortLease&& other) noexcept {
  if (this != &other) {
    giveBack();
    owner_ = std::exchange(other.owner_, nullptr);
    pair_ = other.pair_;
    rtpAddress_ = other.rtpAddress_;
    rtp_ = std::exchange(other.rtp_, -1);
    rtcp_ = std::exchange(other.rtcp_, -1);
  }
  return *this;
}

PortLease::~PortLease() { giveBack(); }

void PortLease::giveBack() noexcept {
  if (owner_ == nullptr) return;
  // Close first, so the pair is unbound before anyone can be handed it again.
  ::close(rtp_);
  ::close(rtcp_);
  rtp_ = rtcp_ = -1;
  owner_->release(pair_);
  owner_ = nullptr;
}

PortAllocator::PortAllocator(boost::asio::ip::address bindAddress, std::uint16_t portMin,
                             std::uint16_t portMax)
    : PortAllocator(bindAddress, portMin, portMax, static_cast<std::size_t>(random::u64())) {}

PortAllocator::PortAllocator(boost::asio::ip::address bindAddress, std::uint16_t portMin,
                             std::uint16_t portMax, std::size_t firstPair)
    : bindAddress_(bindAddress), portMin_(portMin), portMax_(portMax) {
  firstPort_ = portMin + (portMin % 2);
  // Port 0 would mean "any port" to bind(); the range starts at 2 at the lowest.
  if (firstPort_ == 0) firstPort_ = 2;
  const std::size_t pairs = portMax > firstPort_ ? (portMax - firstPort_ + 1) / 2 : 0;
  used_.assign(pairs, false);
  next_ = pairs == 0 ? 0 : firstPair % pairs;
}

PortAllocator::~PortAllocator() {
  // A lease outliving its allocator would write into freed memory when it is destroyed.
  assert(pairsInUse() == 0);
}

std::size_t PortAllocator::pairsInUse() const {
  std::lock_guard lock(mutex_);
  return inUse_;
}

LeaseResult PortAllocator::allocate() {
  const std::size_t pairs = used_.size();
  std::string lastError = "all in use";
  for (std::size_t tried = 0; tried < pairs; ++tried) {
    std::size_t pair = 0;
    {
      std::lock_guard lock(mutex_);
      if (inUse_ == pairs) break;
      while (used_[next_]) next_ = (next_ + 1) % pairs;
      pair = next_;
      next_ = (next_ + 1) % pairs;
      used_[pair] = true;
      ++inUse_;
    }
    // Bound outside the lock: binding is a system call, and other threads may allocate meanwhile.
    const net::SocketAddress rtpAddress{bindAddress_, portOf(pair)};
    const int rtp = bindOne(rtpAddress);
    const int rtcp =
        rtp < 0 ? -1 : bindOne({bindAddress_, static_cast<std::uint16_t>(portOf(pair) + 1)});
    if (rtcp >= 0) return {PortLease(*this, pair, rtpAddress, rtp, rtcp), {}};
    const int error = errno;
    if (rtp >= 0) ::close(rtp);
    release(pair);
    lastError = std::strerror(error);
    if (!portSpecific(error)) break;
  }
  return {std::nullopt, fmt::format("no free RTP port pair in {}-{} on {} ({})", portMin_, portMax_,
                                    bindAddress_.to_string(), lastError)};
}

void PortAllocator::release(std::size_t pair) noexcept {
  std::lock_guard lock(mutex_);
  assert(pair < used_.size() && used_[pair]);
  used_[pair] = false;
  --inUse_;
}

}  // namespace sb::media::rtp
