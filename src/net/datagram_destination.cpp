// SPDX-License-Identifier: MIT
#include "net/datagram_destination.h"

#include <netinet/in.h>
#include <sys/socket.h>

#include <cerrno>
#include <cstring>

namespace sb::net {
namespace {

constexpr std::size_t kControlSize = kDestinationControlSize;

socklen_t toKernel(const SocketAddress& address, sockaddr_storage& out) {
  std::memset(&out, 0, sizeof out);
  if (address.ip.is_v4()) {
    auto* in = reinterpret_cast<sockaddr_in*>(&out);
    in->sin_family = AF_INET;
    in->sin_port = htons(address.port);
    const auto bytes = address.ip.to_v4().to_bytes();
    std::memcpy(&in->sin_addr, bytes.data(), bytes.size());
    return sizeof(sockaddr_in);
  }
  auto* in6 = reinterpret_cast<sockaddr_in6*>(&out);
  in6->sin6_family = AF_INET6;
  in6->sin6_port = htons(address.port);
  const auto v6 = address.ip.to_v6();
  const auto bytes = v6.to_bytes();
  std::memcpy(&in6->sin6_addr, bytes.data(), bytes.size());
  in6->sin6_scope_id = v6.scope_id();
  return sizeof(sockaddr_in6);
}

std::optional<SocketAddress> fromKernel(const sockaddr_storage& in) {
  if (in.ss_family == AF_INET) {
    const auto* a = reinterpret_cast<const sockaddr_in*>(&in);
    boost::asio::ip::address_v4::bytes_type bytes;
    std::memcpy(bytes.data(), &a->sin_addr, bytes.size());
    return SocketAddress{boost::asio::ip::address_v4(bytes), ntohs(a->sin_port)};
  }
  if (in.ss_family == AF_INET6) {
    const auto* a = reinterpret_cast<const sockaddr_in6*>(&in);
    boost::asio::ip::address_v6::bytes_type bytes;
    std::memcpy(bytes.data(), &a->sin6_addr, bytes.size());
    return SocketAddress{boost::asio::ip::address_v6(bytes, a->sin6_scope_id), ntohs(a->sin6_port)};
  }
  return std::nullopt;
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
  sockaddr_storage source{};
  iovec iov{buffer.data(), buffer.size()};
  alignas(cmsghdr) unsigned char control[kControlSize];
  msghdr header{};
  header.msg_name = &source;
  header.msg_namelen = sizeof source;
  header.msg_iov = &iov;
  header.msg_iovlen = 1;
  header.msg_control = control;
  header.msg_controllen = sizeof control;
  ssize_t n;
  do {
    n = ::recvmsg(fd, &header, MSG_DONTWAIT);
  } while (n < 0 && errno == EINTR);
  if (n < 0) return std::nullopt;
  auto from = fromKernel(source);
  if (!from) return std::nullopt;
  ReceivedDatagram out;
  out.size = static_cast<std::size_t>(n);
  out.from = *from;
  out.truncated = (header.msg_flags & MSG_TRUNC) != 0;
  out.to = replyAddressOf(header);
  return out;
}

bool sendDatagram(int fd, std::span<const std::uint8_t> bytes, const SocketAddress& to,
                  const std::optional<boost::asio::ip::address>& from) {
  sockaddr_storage target;
  const socklen_t targetSize = toKernel(to, target);
  iovec iov{const_cast<std::uint8_t*>(bytes.data()), bytes.size()};
  alignas(cmsghdr) unsigned char control[kControlSize] = {};
  msghdr header{};
  header.msg_name = &target;
  header.msg_namelen = targetSize;
  header.msg_iov = &iov;
  header.msg_iovlen = 1;
  if (from && from->is_v4() && to.ip.is_v4()) {
    header.msg_control = control;
    header.msg_controllen = CMSG_SPACE(sizeof(in_pktinfo));
    cmsghdr* c = CMSG_FIRSTHDR(&header);
    c->cmsg_level = IPPROTO_IP;
    c->cmsg_type = IP_PKTINFO;
    c->cmsg_len = CMSG_LEN(sizeof(in_pktinfo));
    in_pktinfo info{};
    const auto source = from->to_v4().to_bytes();
    std::memcpy(&info.ipi_spec_dst, source.data(), source.size());
    std::memcpy(CMSG_DATA(c), &info, sizeof info);
  } else if (from && from->is_v6() && to.ip.is_v6()) {
    header.msg_control = control;
    header.msg_controllen = CMSG_SPACE(sizeof(in6_pktinfo));
    cmsghdr* c = CMSG_FIRSTHDR(&header);
    c->cmsg_level = IPPROTO_IPV6;
    c->cmsg_type = IPV6_PKTINFO;
    c->cmsg_len = CMSG_LEN(sizeof(in6_pktinfo));
    in6_pktinfo info{};
    const auto v6 = from->to_v6();
    const auto source = v6.to_bytes();
    std::memcpy(&info.ipi6_addr, source.data(), source.size());
    info.ipi6_ifindex = v6.is_link_local() ? static_cast<unsigned>(v6.scope_id()) : 0;
    std::memcpy(CMSG_DATA(c), &info, sizeof info);
  }
  ssize_t n;
  do {
    n = ::sendmsg(fd, &header, MSG_DONTWAIT);
  } while (n < 0 && errno == EINTR);
  return n == static_cast<ssize_t>(bytes.size());
}

}  // namespace sb::net
