// SPDX-License-Identifier: MIT
#pragma once
#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>

namespace sb::media::rtp {

// Why a datagram is not a compound RTCP packet (RFC 3550 §6.1 and Appendix A.2).
enum class RtcpError : std::uint8_t {
  None,
  TooShort,        // shorter than a report's header and SSRC
  NotVersion2,     // some packet of the compound is not version 2
  NotReportFirst,  // the first packet is neither SR (200) nor RR (201)
  PaddingNotLast,  // the padding bit is set on a packet other than the last one
  LengthMismatch,  // the packets' length fields do not add up to the datagram
  ReportTooShort,  // the first report is shorter than its report count requires (§6.4)
  BadPadding,      // the last octet counts 0 or more octets than the last packet's body
};

std::string_view describe(RtcpError error);

// RFC 5761 §4: on a port carrying both RTP and RTCP, a datagram whose second octet is 192..223 is
// RTCP (those are the RTCP packet types; RTP payload types 64-95 with the marker set collide and
// are therefore avoided on muxed ports).
inline bool looksLikeRtcp(std::span<const std::uint8_t> datagram) {
  return datagram.size() >= 2 && datagram[1] >= 192 && datagram[1] <= 223;
}

struct RtcpParseResult;

// A validated compound RTCP packet seen in place: the first report's type and sender SSRC, and a
// walk over the packets it holds. The relay forwards RTCP untouched; the setter exists for the
// day it rewrites SSRCs when it transcodes. It owns nothing; the datagram must outlive it.
class RtcpPacketView {
 public:
  static constexpr std::uint8_t kSenderReport = 200;
  static constexpr std::uint8_t kReceiverReport = 201;

  // One packet of the compound: its type, its 5-bit count field and its bytes (header included,
  // trailing padding included for the last one).
  struct Part {
    std::uint8_t type = 0;
    std::uint8_t count = 0;
    std::span<const std::uint8_t> bytes;
  };

  RtcpPacketView() = default;

  static RtcpError check(std::span<const std::uint8_t> datagram);
  static RtcpParseResult parse(std::span<std::uint8_t> datagram);

  std::uint8_t packetType() const { return bytes_[1]; }  // of the first packet: SR or RR
  std::uint32_t senderSsrc() const {
    return static_cast<std::uint32_t>(bytes_[4]) << 24 |
           static_cast<std::uint32_t>(bytes_[5]) << 16 |
           static_cast<std::uint32_t>(bytes_[6]) << 8 | bytes_[7];
  }
  void setSenderSsrc(std::uint32_t ssrc);
  std::size_t partCount() const { return partCount_; }
  std::span<std::uint8_t> bytes() const { return bytes_; }

  // Calls f(Part) for each packet of the compound, in order.
  template <typename F>
  void forEachPart(F&& f) const {
    std::size_t at = 0;
    while (at < bytes_.size()) {
      const std::size_t length =
          4 * (1 + (static_cast<std::size_t>(bytes_[at + 2]) << 8 | bytes_[at + 3]));
      f(Part{bytes_[at + 1], static_cast<std::uint8_t>(bytes_[at] & 0x1f),
             bytes_.subspan(at, length)});
      at += length;
    }
  }

 private:
  RtcpPacketView(std::span<std::uint8_t> bytes, std::size_t partCount)
      : bytes_(bytes), partCount_(partCount) {}

  std::span<std::uint8_t> bytes_;
  std::size_t partCount_ = 0;
};

struct RtcpParseResult {
  RtcpError error = RtcpError::TooShort;
  RtcpPacketView packet;  // meaningful only when ok()
  bool ok() const { return error == RtcpError::None; }
};

}  // namespace sb::media::rtp
