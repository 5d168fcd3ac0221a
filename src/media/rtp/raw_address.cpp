// SPDX-License-Identifier: MIT
#include "media/rtp/raw_address.h"

#include <arpa/inet.h>

#include <cstring>

namespace sb::media::rtp {

RawAddress::RawAddress() { std::memset(&storage_, 0, sizeof storage_); }

RawAddress RawAddress::from(const net::SocketAddress& address) {
  RawAddress out;
  if (address.ip.is_v4()) {
    out.storage_.v4.sin_family = AF_INET;
    out.storage_.v4.sin_port = htons(address.port);
    const auto bytes = address.ip.to_v4().to_bytes();
    std::memcpy(&out.storage_.v4.sin_addr, bytes.data(), bytes.size());
    out.size_ = sizeof(sockaddr_in);
  } else {
    const auto v6 = address.ip.to_v6();
    out.storage_.v6.sin6_family = AF_INET6;
    out.storage_.v6.sin6_port = htons(address.port);
    const auto bytes = v6.to_bytes();
    std::memcpy(&out.storage_.v6.sin6_addr, bytes.data(), bytes.size());
    out.storage_.v6.sin6_scope_id = static_cast<std::uint32_t>(v6.scope_id());
    out.size_ = sizeof(sockaddr_in6);
  }
  return out;
}

std::optional<RawAddress> RawAddress::fromKernel(const sockaddr_storage& source, socklen_t length) {
  RawAddress out;
  if (source.ss_family == AF_INET && length >= static_cast<socklen_t>(sizeof(sockaddr_in))) {
    std::memcpy(&out.storage_.v4, &source, sizeof(sockaddr_in));
    out.size_ = sizeof(sockaddr_in);
    return out;
  }
  if (source.ss_family == AF_INET6 && length >= static_cast<socklen_t>(sizeof(sockaddr_in6))) {
    std::memcpy(&out.storage_.v6, &source, sizeof(sockaddr_in6));
    out.size_ = sizeof(sockaddr_in6);
    return out;
  }
  return std::nullopt;
}

net::SocketAddress RawAddress::toSocketAddress() const {
  if (size_ == sizeof(sockaddr_in)) {
    boost::asio::ip::address_v4::bytes_type bytes;
    std::memcpy(bytes.data(), &storage_.v4.sin_addr, bytes.size());
    return {boost::asio::ip::address_v4(bytes), ntohs(storage_.v4.sin_port)};
  }
  if (size_ == sizeof(sockaddr_in6)) {
    boost::asio::ip::address_v6::bytes_type bytes;
    std::memcpy(bytes.data(), &storage_.v6.sin6_addr, bytes.size());
    return {boost::asio::ip::address_v6(bytes, storage_.v6.sin6_scope_id),
            ntohs(storage_.v6.sin6_port)};
  }
  return {};
}

std::uint16_t RawAddress::port() const {
  if (size_ == sizeof(sockaddr_in)) return ntohs(storage_.v4.sin_port);
  if (size_ == sizeof(sockaddr_in6)) return ntohs(storage_.v6.sin6_port);
  return 0;
}

RawAddress RawAddress::withPort(std::uint16_t port) const {
  RawAddress out = *this;
  if (size_ == sizeof(sockaddr_in)) out.storage_.v4.sin_port = htons(port);
  if (size_ == sizeof(sockaddr_in6)) out.storage_.v6.sin6_port = htons(port);
  return out;
}

bool RawAddress::sameHost(const RawAddress& other) const { return *this == other.withPort(port()); }

bool RawAddress::operator==(const RawAddress& other) const {
  if (size_ != other.size_) return false;
  if (size_ == sizeof(sockaddr_in)) {
    return storage_.v4.sin_port == other.storage_.v4.sin_port &&
           storage_.v4.sin_addr.s_addr == other.storage_.v4.sin_addr.s_addr;
  }
  if (size_ == sizeof(sockaddr_in6)) {
    return storage_.v6.sin6_port == other.storage_.v6.sin6_port &&
           storage_.v6.sin6_scope_id == other.storage_.v6.sin6_scope_id &&
           std::memcmp(&storage_.v6.sin6_addr, &other.storage_.v6.sin6_addr, sizeof(in6_addr)) == 0;
  }
  return true;  // both empty
}

}  // namespace sb::media::rtp
