// SPDX-License-Identifier: MIT
#include "net/datagram_destination.h"

#include <netinet/in.h>
#include <sys/socket.h>

#include <cerrno>
#include <cstring>

#include <boost/asio/ip/udp.hpp>

namespace sb::net {
namespace {

constexpr std::size_t kControlSize = kDestinationControlSize;

// Fills `header`'s control buffer with one message carrying `info` (IP_PKTINFO or IPV6_PKTINFO).
template <typename Info>
void attach(msghdr& header, unsigned char* control, int level, int type, const Info& info) {
  header.msg_control = control;
  header.msg_controllen = CMSG_SPACE(sizeof(Info));
  cmsghdr* c = CMSG_FIRSTHDR(&header);
  c->cmsg_level = level;
  c->cmsg_type = type;
  c->cmsg_len = CMSG_LEN(sizeof(Info));
  std::memcpy(CMSG_DATA(c), &info, sizeof info);
}

}  // namespace

std::optional<boost::asio::ip::address> replyAddressOf(const msghdr& header) {
  if (header.msg_control == nullptr) return std::nullopt;
  for (const cmsghdr* c = CMSG_FIRSTHDR(&header); c != nullptr;
       c = CMSG_NXTHDR(const_cast<msghdr*>(&header), const_cast<cmsghdr*>(c))) {
    if (c->cmsg_level == IPPROTO_IP && c->cmsg_type == IP_PKTINFO) {
      in_pktinfo info;
      std::memcpy(&info, CMSG_DATA(c), sizeof info);
      boost::asio::ip::address_v4::bytes_type bytes;
      std::memcpy(bytes.data(), &info.ipi_spec_dst, bytes.size());
      const boost::asio::ip::address_v4 local(bytes);
      if (local.is_unspecified()) return std::nullopt;
      return boost::asio::ip::address(local);
    }
    if (c->cmsg_level == IPPROTO_IPV6 && c->cmsg_type == IPV6_PKTINFO) {
      in6_pktinfo info;
      std::memcpy(&info, CMSG_DATA(c), sizeof info);
      boost::asio::ip::address_v6::bytes_type bytes;
      std::memcpy(bytes.data(), &info.ipi6_addr, bytes.size());
      const boost::asio::ip::address_v6 plain(bytes);
      if (plain.is_multicast() || plain.is_unspecified()) return std::nullopt;
      // A link-local address means nothing without its interface.
      if (plain.is_link_local()) return boost::asio::ip::address(boost::asio::ip::address_v6(bytes, info.ipi6_ifindex));
      return boost::asio::ip::address(plain);
    }
  }
  return std::nullopt;
}

bool reportDestinations(int fd, bool ipv6) {
  const int on = 1;
  return ipv6 ? ::setsockopt(fd, IPPROTO_IPV6, IPV6_RECVPKTINFO, &on, sizeof on) == 0
              : ::setsockopt(fd, IPPROTO_IP, IP_PKTINFO, &on, sizeof on) == 0;
}

std::optional<ReceivedDatagram> receiveDatagram(int fd, std::span<std::uint8_t> buffer) {
  boost::asio::ip::udp::endpoint source;
  iovec iov{buffer.data(), buffer.size()};
  alignas(cmsghdr) unsigned char control[kControlSize];
  msghdr header{};
  header.msg_name = source.data();
  header.msg_namelen = static_cast<socklen_t>(source.capacity());
  header.msg_iov = &iov;
  header.msg_iovlen = 1;
  header.msg_control = control;
  header.msg_controllen = sizeof control;
  ssize_t n;
  do {
    n = ::recvmsg(fd, &header, MSG_DONTWAIT);
  } while (n < 0 && errno == EINTR);
  if (n < 0 || header.msg_namelen == 0 || header.msg_namelen > source.capacity()) return std::nullopt;
  source.resize(header.msg_namelen);
  ReceivedDatagram out;
  out.size = static_cast<std::size_t>(n);
  out.from = SocketAddress{source.address(), source.port()};
  out.truncated = (header.msg_flags & MSG_TRUNC) != 0;
  out.to = replyAddressOf(header);
  return out;
}

void setSourceAddress(msghdr& header, unsigned char* control, const boost::asio::ip::address& from,
                      const boost::asio::ip::address& to) {
  if (from.is_v4() && to.is_v4()) {
    in_pktinfo info{};
    const auto source = from.to_v4().to_bytes();
    std::memcpy(&info.ipi_spec_dst, source.data(), source.size());
    attach(header, control, IPPROTO_IP, IP_PKTINFO, info);
  } else if (from.is_v6() && to.is_v6()) {
    in6_pktinfo info{};
    const auto v6 = from.to_v6();
    const auto source = v6.to_bytes();
    std::memcpy(&info.ipi6_addr, source.data(), source.size());
    info.ipi6_ifindex = v6.is_link_local() ? static_cast<unsigned>(v6.scope_id()) : 0;
    attach(header, control, IPPROTO_IPV6, IPV6_PKTINFO, info);
  }
}

bool sendDatagram(int fd, std::span<const std::uint8_t> bytes, const SocketAddress& to,
                  const std::optional<boost::asio::ip::address>& from) {
  boost::asio::ip::udp::endpoint target(to.ip, to.port);
  iovec iov{const_cast<std::uint8_t*>(bytes.data()), bytes.size()};
  alignas(cmsghdr) unsigned char control[kControlSize] = {};
  msghdr header{};
  header.msg_name = target.data();
  header.msg_namelen = static_cast<socklen_t>(target.size());
  header.msg_iov = &iov;
  header.msg_iovlen = 1;
  if (from) setSourceAddress(header, control, *from, to.ip);
  ssize_t n;
  do {
    n = ::sendmsg(fd, &header, MSG_DONTWAIT);
  } while (n < 0 && errno == EINTR);
  return n == static_cast<ssize_t>(bytes.size());
}

}  // namespace sb::net
