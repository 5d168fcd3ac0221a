// SPDX-License-Identifier: MIT
#include "media/rtp/rtp_packet_view.h"

#include <gtest/gtest.h>

#include <vector>

#include "media/rtp/rtcp_packet_view.h"
#include "relay_test_peers.h"

namespace sb::media::rtp {
namespace {

using testing::rtpPacket;

TEST(RtpPacketView, reads_every_fixed_header_field) {
  auto bytes = rtpPacket(0xbeef, 8, 0xcafebabe, 160);
  bytes[1] |= 0x80;  // marker
  const auto r = RtpPacketView::parse(bytes);
  ASSERT_TRUE(r.ok()) << describe(r.error);
  EXPECT_TRUE(r.packet.marker());
  EXPECT_EQ(r.packet.payloadType(), 8);
  EXPECT_EQ(r.packet.sequenceNumber(), 0xbeef);
  EXPECT_EQ(r.packet.timestamp(), 0xbeefu * 160u);
  EXPECT_EQ(r.packet.ssrc(), 0xcafebabe);
  EXPECT_EQ(r.packet.csrcCount(), 0);
  EXPECT_EQ(r.packet.headerBytes(), 12u);
  EXPECT_EQ(r.packet.payload().size(), 160u);
  EXPECT_EQ(r.packet.payload().data(), bytes.data() + 12);
}

TEST(RtpPacketView, skips_csrcs_and_the_header_extension_to_find_the_payload) {
  std::vector<std::uint8_t> bytes = {0x92, 0,    0, 1, 0,    0,    0, 2,
                                     0,    0,    0, 3,                    // V=2 X=1 CC=2
                                     0,    0,    0, 7, 0,    0,    0, 9,  // two CSRCs
                                     0xbe, 0xde, 0, 1, 0x10, 0xaa, 0, 0,  // RFC 8285 ext
                                     1,    2,    3};                      // payload
  const auto r = RtpPacketView::parse(bytes);
  ASSERT_TRUE(r.ok()) << describe(r.error);
  EXPECT_EQ(r.packet.csrc(0), 7u);
  EXPECT_EQ(r.packet.csrc(1), 9u);
  EXPECT_EQ(r.packet.extensionProfile(), 0xbede);
  EXPECT_EQ(r.packet.extensionData().size(), 4u);
  EXPECT_EQ(r.packet.headerBytes(), 28u);
  ASSERT_EQ(r.packet.payload().size(), 3u);
  EXPECT_EQ(r.packet.payload()[0], 1);
}

TEST(RtpPacketView, leaves_padding_out_of_the_payload) {
  auto bytes = rtpPacket(1, 0, 1, 4);
  bytes[0] |= 0x20;
  for (std::uint8_t octet : {0, 0, 3}) bytes.push_back(octet);  // padding, count included
  const auto r = RtpPacketView::parse(bytes);
  ASSERT_TRUE(r.ok()) << describe(r.error);
  EXPECT_EQ(r.packet.paddingBytes(), 3u);
  EXPECT_EQ(r.packet.payload().size(), 4u);
}

TEST(RtpPacketView, accepts_a_packet_that_is_only_a_header) {
  auto bytes = rtpPacket(1, 0, 1, 0);
  const auto r = RtpPacketView::parse(bytes);
  ASSERT_TRUE(r.ok());
  EXPECT_TRUE(r.packet.payload().empty());
}

TEST(RtpPacketView, rejects_what_rfc_3550_does_not_allow) {
  struct Case {
    std::vector<std::uint8_t> bytes;
    RtpError error;
  };
  auto version1 = rtpPacket(1);
  version1[0] = 0x40;
  auto csrcs = rtpPacket(1, 0, 1, 8);
  csrcs[0] |= 0x03;  // three CSRCs need 12 octets, 8 follow
  auto extension = rtpPacket(1, 0, 1, 8);
  extension[0] |= 0x10;
  extension[14] = 0;
  extension[15] = 2;  // 8 more octets announced, 4 follow the extension header
  auto noExtensionHeader = rtpPacket(1, 0, 1, 2);
  noExtensionHeader[0] |= 0x10;
  auto zeroPadding = rtpPacket(1, 0, 1, 4);
  zeroPadding[0] |= 0x20;
  zeroPadding.back() = 0;
  auto longPadding = rtpPacket(1, 0, 1, 4);
  longPadding[0] |= 0x20;
  longPadding.back() = 5;
  const std::vector<Case> cases = {
      {{}, RtpError::TooShort},
      {std::vector<std::uint8_t>(11, 0x80), RtpError::TooShort},
      {version1, RtpError::NotVersion2},
      {csrcs, RtpError::CsrcPastEnd},
      {extension, RtpError::ExtensionPastEnd},
      {noExtensionHeader, RtpError::ExtensionPastEnd},
      {zeroPadding, RtpError::BadPadding},
      {longPadding, RtpError::BadPadding},
      {rtpPacket(1, 72), RtpError::RtcpPayloadType},
      {rtpPacket(1, 73), RtpError::RtcpPayloadType},
  };
  for (const auto& c : cases) {
    auto copy = c.bytes;
    EXPECT_EQ(RtpPacketView::check(copy), c.error) << describe(c.error);
    EXPECT_FALSE(RtpPacketView::parse(copy).ok());
  }
}

TEST(RtpPacketView, setters_rewrite_the_header_in_place_and_keep_the_marker) {
  auto bytes = rtpPacket(5, 101);
  bytes[1] |= 0x80;
  const auto before = bytes;
  auto packet = RtpPacketView::parse(bytes).packet;
  packet.setPayloadType(96);
  packet.setSequenceNumber(0xfffe);
  packet.setTimestamp(0x01020304);
  packet.setSsrc(0xa0b0c0d0);
  EXPECT_TRUE(packet.marker());
  EXPECT_EQ(packet.payloadType(), 96);
  EXPECT_EQ(packet.sequenceNumber(), 0xfffe);
  EXPECT_EQ(packet.timestamp(), 0x01020304u);
  EXPECT_EQ(packet.ssrc(), 0xa0b0c0d0u);
  EXPECT_EQ(bytes[1], 0x80 | 96);
  EXPECT_EQ(bytes[4], 0x01);
  EXPECT_EQ(bytes[8], 0xa0);
  packet.setMarker(false);
  EXPECT_EQ(bytes[1], 96);
  EXPECT_TRUE(std::equal(bytes.begin() + 12, bytes.end(), before.begin() + 12));
}

TEST(RtpPacketView, tells_rtcp_from_rtp_on_a_muxed_port_by_the_second_octet) {
  EXPECT_TRUE(looksLikeRtcp(testing::rtcpReceiverReport(1)));
  EXPECT_FALSE(looksLikeRtcp(rtpPacket(1, 0)));
  auto markedEvent = rtpPacket(1, 101);
  markedEvent[1] |= 0x80;  // 229: above the RTCP range
  EXPECT_FALSE(looksLikeRtcp(markedEvent));
  auto markedPt64 = rtpPacket(1, 64);
  markedPt64[1] |= 0x80;  // 192: the collision RFC 5761 §4 warns about
  EXPECT_TRUE(looksLikeRtcp(markedPt64));
}

}  // namespace
}  // namespace sb::media::rtp
