// SPDX-License-Identifier: MIT
#include "net/cidr.h"

#include <algorithm>

#include "base/text.h"

namespace sb::net {
namespace {

// Clears every bit past `prefix`; returns true if any of them was set.
bool clearHostBits(std::uint8_t* bytes, std::size_t size, unsigned prefix) {
  bool hadHostBits = false;
  for (std::size_t i = 0; i < size; ++i) {
    const unsigned first = static_cast<unsigned>(i) * 8;
    std::uint8_t mask = 0xff;
    if (prefix <= first) mask = 0;
    else if (prefix < first + 8) mask = static_cast<std::uint8_t>(0xff << (8 - (prefix - first)));
    if ((bytes[i] & ~mask) != 0) hadHostBits = true;
    bytes[i] &= mask;
  }
  return hadHostBits;
}

}  // namespace

std::optional<Cidr> Cidr::parse(std::string_view text, std::string* why) {
  auto fail = [why](std::string reason) -> std::optional<Cidr> {
    if (why) *why = std::move(reason);
    return std::nullopt;
  };
  const auto slash = text.find('/');
  const std::string_view addressText = text.substr(0, slash);
  if (addressText.empty()) return fail("missing address (expected address/prefix, e.g. 10.0.0.0/8)");
  if (addressText.find('%') != std::string_view::npos)
    return fail("zone ids (%) are not allowed in a network");

  boost::system::error_code ec;
  const auto address = boost::asio::ip::make_address(std::string(addressText), ec);
  if (ec) {
    // Appended, not "'" + std::string(...): GCC 12 at -O3 sees that operator+ insert into the
    // temporary and warns of a bogus overlap (-Wrestrict, GCC bug 105651, fixed in 12.4).
    std::string reason = "'";
    reason.append(addressText).append("' is not an IPv4 or IPv6 address");
    return fail(std::move(reason));
  }

  Cidr cidr;
  cidr.v6_ = address.is_v6();
  const unsigned maxPrefix = cidr.v6_ ? 128 : 32;
  unsigned prefix = maxPrefix;
  if (slash != std::string_view::npos) {
    const auto parsed = text::parseUnsigned<unsigned>(text.substr(slash + 1));
    if (!parsed) return fail("prefix length must be a number after '/'");
    if (*parsed > maxPrefix)
      return fail("prefix length " + std::to_string(*parsed) + " is longer than " +
                  std::to_string(maxPrefix));
    prefix = *parsed;
  }
  cidr.prefix_ = static_cast<std::uint8_t>(prefix);
  std::size_t size = 4;
  if (cidr.v6_) {
    const auto bytes = address.to_v6().to_bytes();
    std::copy(bytes.begin(), bytes.end(), cidr.bytes_.begin());
    size = 16;
  } else {
    const auto bytes = address.to_v4().to_bytes();
    std::copy(bytes.begin(), bytes.end(), cidr.bytes_.begin());
  }
  // A written network with host bits ("192.168.1.5/16") is nearly always a typo for something
  // else; refusing it beats silently widening or narrowing what the user meant.
  if (clearHostBits(cidr.bytes_.data(), size, prefix))
    return fail("host bits set after the /" + std::to_string(prefix) + " prefix; did you mean " +
                cidr.toString() + "?");
  return cidr;
}

bool Cidr::containsBytes(const std::uint8_t* bytes) const {
  const unsigned whole = prefix_ / 8;
  if (!std::equal(bytes, bytes + whole, bytes_.begin())) return false;
  const unsigned rest = prefix_ % 8;
  if (rest == 0) return true;
  const auto mask = static_cast<std::uint8_t>(0xff << (8 - rest));
  return (bytes[whole] & mask) == bytes_[whole];
}

bool Cidr::contains(const boost::asio::ip::address& ip) const {
  if (ip.is_v4()) {
    if (v6_) return false;
    const auto bytes = ip.to_v4().to_bytes();
    return containsBytes(bytes.data());
  }
  const auto v6 = ip.to_v6();
  if (!v6_) {
    if (!v6.is_v4_mapped()) return false;
    const auto bytes = boost::asio::ip::make_address_v4(boost::asio::ip::v4_mapped, v6).to_bytes();
    return containsBytes(bytes.data());
  }
  const auto bytes = v6.to_bytes();
  return containsBytes(bytes.data());
}

std::string Cidr::toString() const {
  std::string address;
  if (v6_) {
    boost::asio::ip::address_v6::bytes_type bytes;
    std::copy(bytes_.begin(), bytes_.end(), bytes.begin());
    address = boost::asio::ip::address_v6(bytes).to_string();
  } else {
    boost::asio::ip::address_v4::bytes_type bytes;
    std::copy(bytes_.begin(), bytes_.begin() + 4, bytes.begin());
    address = boost::asio::ip::address_v4(bytes).to_string();
  }
  return address + "/" + std::to_string(prefix_);
}

bool anyContains(const std::vector<Cidr>& networks, const boost::asio::ip::address& ip) {
  return std::any_of(networks.begin(), networks.end(),
                     [&](const Cidr& n) { return n.contains(ip); });
}

}  // namespace sb::net
