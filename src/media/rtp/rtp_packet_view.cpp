// SPDX-License-Identifier: MIT
#include "media/rtp/rtp_packet_view.h"

#include <cassert>

namespace sb::media::rtp {

namespace {

constexpr std::uint8_t kVersion2 = 2;
constexpr std::uint8_t kRtcpSenderReportAsRtp = 72;    // RTCP PT 200 with the marker bit masked
constexpr std::uint8_t kRtcpReceiverReportAsRtp = 73;  // RTCP PT 201

struct Layout {
  RtpError error = RtpError::None;
  std::size_t headerBytes = 0;
  std::size_t paddingBytes = 0;
};

Layout layoutOf(std::span<const std::uint8_t> d) {
  if (d.size() < RtpPacketView::kFixedHeaderBytes) return {RtpError::TooShort};
  if ((d[0] >> 6) != kVersion2) return {RtpError::NotVersion2};
  const std::uint8_t payloadType = d[1] & 0x7f;
  if (payloadType == kRtcpSenderReportAsRtp || payloadType == kRtcpReceiverReportAsRtp) {
    return {RtpError::RtcpPayloadType};
  }
  std::size_t header = RtpPacketView::kFixedHeaderBytes + 4u * (d[0] & 0x0f);
  if (header > d.size()) return {RtpError::CsrcPastEnd};
  if ((d[0] & 0x10) != 0) {
    // §5.3.1: 16 bits defined by profile, 16 bits of length in 32-bit words (header excluded).
    if (header + 4 > d.size()) return {RtpError::ExtensionPastEnd};
    const std::size_t words = static_cast<std::size_t>(d[header + 2]) << 8 | d[header + 3];
    header += 4 + 4 * words;
    if (header > d.size()) return {RtpError::ExtensionPastEnd};
  }
  std::size_t padding = 0;
  if ((d[0] & 0x20) != 0) {
    // §5.1: the last octet counts the padding octets, itself included, so 0 is invalid; they
    // follow the payload, never the header.
    padding = d.back();
    if (padding == 0 || padding > d.size() - header) return {RtpError::BadPadding};
  }
  return {RtpError::None, header, padding};
}

}  // namespace

std::string_view describe(RtpError error) {
  switch (error) {
    case RtpError::None: return "valid";
    case RtpError::TooShort: return "shorter than the RTP fixed header";
    case RtpError::NotVersion2: return "not RTP version 2";
    case RtpError::CsrcPastEnd: return "CSRC list runs past the datagram";
    case RtpError::ExtensionPastEnd: return "header extension runs past the datagram";
    case RtpError::BadPadding: return "invalid padding count";
    case RtpError::RtcpPayloadType: return "payload type 72/73 belongs to RTCP";
  }
  return "unknown";
}

RtpError RtpPacketView::check(std::span<const std::uint8_t> datagram) {
  return layoutOf(datagram).error;
}

RtpParseResult RtpPacketView::parse(std::span<std::uint8_t> datagram) {
  const Layout layout = layoutOf(datagram);
  if (layout.error != RtpError::None) return {layout.error, {}};
  return {RtpError::None, RtpPacketView(datagram, layout.headerBytes, layout.paddingBytes)};
}

std::uint32_t RtpPacketView::csrc(std::size_t index) const {
  assert(index < csrcCount());
  return read32(kFixedHeaderBytes + 4 * index);
}

std::uint16_t RtpPacketView::extensionProfile() const {
  if (!extension()) return 0;
  return static_cast<std::uint16_t>(read16(kFixedHeaderBytes + 4u * csrcCount()));
}

std::span<const std::uint8_t> RtpPacketView::extensionData() const {
  if (!extension()) return {};
  const std::size_t start = kFixedHeaderBytes + 4u * csrcCount() + 4;
  return bytes_.subspan(start, headerBytes_ - start);
}

void RtpPacketView::setMarker(bool marker) {
  bytes_[1] = static_cast<std::uint8_t>((bytes_[1] & 0x7f) | (marker ? 0x80 : 0));
}

void RtpPacketView::setPayloadType(std::uint8_t payloadType) {
  assert(payloadType < 128);
  bytes_[1] = static_cast<std::uint8_t>((bytes_[1] & 0x80) | (payloadType & 0x7f));
}

void RtpPacketView::setSequenceNumber(std::uint16_t sequence) { write16(2, sequence); }
void RtpPacketView::setTimestamp(std::uint32_t timestamp) { write32(4, timestamp); }
void RtpPacketView::setSsrc(std::uint32_t ssrc) { write32(8, ssrc); }

void RtpPacketView::write16(std::size_t at, std::uint16_t value) {
  bytes_[at] = static_cast<std::uint8_t>(value >> 8);
  bytes_[at + 1] = static_cast<std::uint8_t>(value);
}

void RtpPacketView::write32(std::size_t at, std::uint32_t value) {
  write16(at, static_cast<std::uint16_t>(value >> 16));
  write16(at + 2, static_cast<std::uint16_t>(value));
}

}  // namespace sb::media::rtp
