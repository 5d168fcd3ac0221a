// SPDX-License-Identifier: MIT
#pragma once
#include <array>
#include <boost/asio/ip/address.hpp>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace sb::net {

// An IPv4 or IPv6 network written as address/prefix ("192.168.0.0/16", "fd00::/8"); a bare
// address is a one-host network (/32 or /128). Responsible for parsing, printing and membership;
// it does no I/O and keeps no sets (a list of networks is a plain vector, see anyContains()).
class Cidr {
 public:
  // Parses "address/prefix" or a bare address. On failure returns nullopt and, if `why` is given,
  // a reason for a person ("prefix length 33 is longer than 32", "host bits set; ...").
  static std::optional<Cidr> parse(std::string_view text, std::string* why = nullptr);

  // True if `ip` lies in this network. An IPv4-mapped IPv6 address (::ffff:a.b.c.d, as dual-stack
  // sockets report IPv4 peers) is matched against IPv4 networks as the IPv4 address it carries.
  bool contains(const boost::asio::ip::address& ip) const;

  bool isV6() const { return v6_; }
  unsigned prefixLength() const { return prefix_; }
  std::string toString() const;  // canonical: "10.0.0.0/8", "fd00::/8"
  bool operator==(const Cidr&) const = default;

 private:
  bool containsBytes(const std::uint8_t* bytes) const;

  std::array<std::uint8_t, 16> bytes_{};  // network address, first 4 used for IPv4
  bool v6_ = false;
  std::uint8_t prefix_ = 0;
};

bool anyContains(const std::vector<Cidr>& networks, const boost::asio::ip::address& ip);

}  // namespace sb::net
