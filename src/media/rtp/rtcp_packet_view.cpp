// SPDX-License-Identifier: MIT
#include "media/rtp/rtcp_packet_view.h"

namespace sb::media::rtp {

namespace {

constexpr std::size_t kHeaderBytes = 4;
constexpr std::size_t kReportBlockBytes = 24;  // §6.4.1
constexpr std::size_t kSenderInfoBytes = 20;   // NTP, RTP timestamp, packet and octet counts

struct Walk {
  RtcpError error = RtcpError::None;
  std::size_t parts = 0;
};

Walk walk(std::span<const std::uint8_t> d) {
  if (d.size() < kHeaderBytes + 4) return {RtcpError::TooShort};
  // Appendix A.2: the first packet is a report, and only the last one may carry padding.
  if (d[1] != RtcpPacketView::kSenderReport && d[1] != RtcpPacketView::kReceiverReport) {
    return {RtcpError::NotReportFirst};
  }
  std::size_t at = 0;
  std::size_t parts = 0;
  while (at < d.size()) {
    if (d.size() - at < kHeaderBytes) return {RtcpError::LengthMismatch};
    if ((d[at] >> 6) != 2) return {RtcpError::NotVersion2};
    // §6.4.1: the length field counts 32-bit words minus one, header included.
    const std::size_t length = 4 * (1 + (static_cast<std::size_t>(d[at + 2]) << 8 | d[at + 3]));
    if (length > d.size() - at) return {RtcpError::LengthMismatch};
    const bool last = at + length == d.size();
    std::size_t padding = 0;
    if ((d[at] & 0x20) != 0) {
      if (!last) return {RtcpError::PaddingNotLast};
      padding = d.back();
      if (padding == 0 || padding > length - kHeaderBytes) return {RtcpError::BadPadding};
    }
    if (parts == 0) {
      // The report's own fields must lie before any padding, or senderSsrc() would read it.
      const std::size_t reports = d[0] & 0x1f;
      const std::size_t fixed = 8 + (d[1] == RtcpPacketView::kSenderReport ? kSenderInfoBytes : 0);
      if (length - padding < fixed + reports * kReportBlockBytes)
        return {RtcpError::ReportTooShort};
    }
    ++parts;
    at += length;
  }
  return {RtcpError::None, parts};
}

}  // namespace

std::string_view describe(RtcpError error) {
  switch (error) {
    case RtcpError::None: return "valid";
    case RtcpError::TooShort: return "shorter than an RTCP report";
    case RtcpError::NotVersion2: return "not RTCP version 2";
    case RtcpError::NotReportFirst: return "compound does not start with SR or RR";
    case RtcpError::PaddingNotLast: return "padding before the last packet";
    case RtcpError::LengthMismatch: return "packet lengths do not match the datagram";
    case RtcpError::ReportTooShort: return "report shorter than its report count";
    case RtcpError::BadPadding: return "invalid padding count";
  }
  return "unknown";
}

RtcpError RtcpPacketView::check(std::span<const std::uint8_t> datagram) {
  return walk(datagram).error;
}

RtcpParseResult RtcpPacketView::parse(std::span<std::uint8_t> datagram) {
  const Walk w = walk(datagram);
  if (w.error != RtcpError::None) return {w.error, {}};
  return {RtcpError::None, RtcpPacketView(datagram, w.parts)};
}

void RtcpPacketView::setSenderSsrc(std::uint32_t ssrc) {
  bytes_[4] = static_cast<std::uint8_t>(ssrc >> 24);
  bytes_[5] = static_cast<std::uint8_t>(ssrc >> 16);
  bytes_[6] = static_cast<std::uint8_t>(ssrc >> 8);
  bytes_[7] = static_cast<std::uint8_t>(ssrc);
}

}  // namespace sb::media::rtp
