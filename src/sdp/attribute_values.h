// SPDX-License-Identifier: MIT
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace sb::sdp {

// c= (RFC 4566 §5.7), also the optional address part of a=rtcp. `address` is kept as written,
// including a multicast "/ttl" suffix, which Switchboard never uses.
struct Connection {
  std::string netType = "IN";
  std::string addrType = "IP4";
  std::string address;

  // The RFC 2543 hold address: 0.0.0.0, or "::" for IP6 (RFC 3264 §8.4).
  bool isHoldAddress() const;
  bool operator==(const Connection&) const = default;
};

// a=rtpmap:<payload type> <encoding name>/<clock rate>[/<channels>] (RFC 4566 §6).
struct RtpMap {
  std::uint8_t payloadType = 0;
  std::string encodingName;
  std::uint32_t clockRate = 0;
  std::uint32_t channels = 1;

  // Reads the attribute value ("0 PCMU/8000"); nullopt unless well formed with PT 0..127 and a
  // non-zero clock rate.
  static std::optional<RtpMap> parse(std::string_view value);
  // The attribute value; "/channels" only when it is not 1.
  std::string toValue() const;
  bool operator==(const RtpMap&) const = default;
};

// a=fmtp:<format> <format specific parameters> (RFC 4566 §6).
struct Fmtp {
  std::string format;
  std::string parameters;

  static std::optional<Fmtp> parse(std::string_view value);
  std::string toValue() const;
};

// a=rtcp:<port> [<nettype> <addrtype> <connection-address>] (RFC 3605 §2.1): where the peer wants
// RTCP when it is not on the RTP port + 1.
struct RtcpAttribute {
  std::uint16_t port = 0;
  std::optional<Connection> connection;

  static std::optional<RtcpAttribute> parse(std::string_view value);
  std::string toValue() const;
  bool operator==(const RtcpAttribute&) const = default;
};

}  // namespace sb::sdp
