// SPDX-License-Identifier: MIT
#pragma once
#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>

namespace sb::media::rtp {

// Why a datagram is not an RTP packet (RFC 3550 §5.1 and the validity checks of its Appendix A.1).
enum class RtpError : std::uint8_t {
  None,
  TooShort,          // fewer than the 12 octets of the fixed header
  NotVersion2,       // V is not 2
  CsrcPastEnd,       // the CC CSRC identifiers run past the datagram
  ExtensionPastEnd,  // X is set but the header extension (§5.3.1) runs past the datagram
  BadPadding,        // P is set but the last octet counts 0 or more octets than follow the header
  RtcpPayloadType,   // PT 72 or 73: an RTCP SR or RR read as RTP (Appendix A.1)
};

std::string_view describe(RtpError error);

class RtpPacketView;
struct RtpParseResult;

// A validated RTP packet seen in place: read accessors for the RFC 3550 §5.1 header and the
// payload, and setters that rewrite header fields in the same memory (the relay renumbers or
// relabels packets when it transcodes or translates a telephone-event payload type). It owns
// nothing and never allocates; the datagram must outlive it.
class RtpPacketView {
 public:
  static constexpr std::size_t kFixedHeaderBytes = 12;

  RtpPacketView() = default;

  // Checks `datagram` without keeping it; RtpError::None when parse() would accept it.
  static RtpError check(std::span<const std::uint8_t> datagram);
  static RtpParseResult parse(std::span<std::uint8_t> datagram);

  bool padding() const { return (bytes_[0] & 0x20) != 0; }
  bool extension() const { return (bytes_[0] & 0x10) != 0; }
  std::uint8_t csrcCount() const { return bytes_[0] & 0x0f; }
  bool marker() const { return (bytes_[1] & 0x80) != 0; }
  std::uint8_t payloadType() const { return bytes_[1] & 0x7f; }
  std::uint16_t sequenceNumber() const { return static_cast<std::uint16_t>(read16(2)); }
  std::uint32_t timestamp() const { return read32(4); }
  std::uint32_t ssrc() const { return read32(8); }
  std::uint32_t csrc(std::size_t index) const;  // index < csrcCount()

  // The §5.3.1 extension: its 16-bit profile-defined field and its data (both empty when X=0).
  std::uint16_t extensionProfile() const;
  std::span<const std::uint8_t> extensionData() const;

  // Fixed header + CSRCs + extension.
  std::size_t headerBytes() const { return headerBytes_; }
  // Padding octets at the end, the count octet included (0 when P=0).
  std::size_t paddingBytes() const { return paddingBytes_; }
  std::span<std::uint8_t> payload() const {
    return bytes_.subspan(headerBytes_, bytes_.size() - headerBytes_ - paddingBytes_);
  }
  std::span<std::uint8_t> bytes() const { return bytes_; }

  void setMarker(bool marker);
  void setPayloadType(std::uint8_t payloadType);  // 0..127
  void setSequenceNumber(std::uint16_t sequence);
  void setTimestamp(std::uint32_t timestamp);
  void setSsrc(std::uint32_t ssrc);

 private:
  RtpPacketView(std::span<std::uint8_t> bytes, std::size_t headerBytes, std::size_t paddingBytes)
      : bytes_(bytes), headerBytes_(headerBytes), paddingBytes_(paddingBytes) {}

  std::uint32_t read16(std::size_t at) const {
    return static_cast<std::uint32_t>(bytes_[at]) << 8 | bytes_[at + 1];
  }
  std::uint32_t read32(std::size_t at) const { return read16(at) << 16 | read16(at + 2); }
  void write16(std::size_t at, std::uint16_t value);
  void write32(std::size_t at, std::uint32_t value);

  std::span<std::uint8_t> bytes_;
  std::size_t headerBytes_ = 0;
  std::size_t paddingBytes_ = 0;
};

struct RtpParseResult {
  RtpError error = RtpError::TooShort;
  RtpPacketView packet;  // meaningful only when ok()
  bool ok() const { return error == RtpError::None; }
};

}  // namespace sb::media::rtp
