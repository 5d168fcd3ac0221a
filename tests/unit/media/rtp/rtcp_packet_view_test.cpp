// SPDX-License-Identifier: MIT
#include "media/rtp/rtcp_packet_view.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <iterator>
#include <vector>

namespace sb::media::rtp {
namespace {

// SR with one report block (52 octets) followed by an SDES with one CNAME chunk (12 octets).
std::vector<std::uint8_t> senderReportWithSdes() {
  // Sized first, header copied in: growing an 8-byte vector with resize() makes GCC 12 at -O3
  // report a bogus out-of-bounds memmove (-Warray-bounds) in the Release build.
  std::vector<std::uint8_t> p(8 + 20 + 24, 0x01);  // header, sender info and one report block
  const std::uint8_t header[] = {0x81, 200, 0, 12, 0xaa, 0xbb, 0xcc, 0xdd};
  std::copy(std::begin(header), std::end(header), p.begin());
  const std::vector<std::uint8_t> sdes = {0x81, 202, 0, 2, 0xaa, 0xbb, 0xcc, 0xdd, 1, 1, 'x', 0};
  p.insert(p.end(), sdes.begin(), sdes.end());
  return p;
}

TEST(RtcpPacketView, walks_a_compound_of_a_sender_report_and_sdes) {
  auto bytes = senderReportWithSdes();
  const auto r = RtcpPacketView::parse(bytes);
  ASSERT_TRUE(r.ok()) << describe(r.error);
  EXPECT_EQ(r.packet.packetType(), RtcpPacketView::kSenderReport);
  EXPECT_EQ(r.packet.senderSsrc(), 0xaabbccddu);
  EXPECT_EQ(r.packet.partCount(), 2u);
  std::vector<std::pair<int, std::size_t>> parts;
  r.packet.forEachPart([&](const RtcpPacketView::Part& part) {
    parts.emplace_back(part.type, part.bytes.size());
    EXPECT_EQ(part.count, 1);
  });
  EXPECT_EQ(parts, (std::vector<std::pair<int, std::size_t>>{{200, 52}, {202, 12}}));
}

TEST(RtcpPacketView, accepts_a_receiver_report_alone_and_rewrites_its_ssrc) {
  std::vector<std::uint8_t> bytes = {0x80, 201, 0, 1, 0, 0, 0, 1};
  auto r = RtcpPacketView::parse(bytes);
  ASSERT_TRUE(r.ok()) << describe(r.error);
  r.packet.setSenderSsrc(0x01020304);
  EXPECT_EQ(r.packet.senderSsrc(), 0x01020304u);
  EXPECT_EQ(bytes[4], 1);
  EXPECT_EQ(bytes[7], 4);
}

TEST(RtcpPacketView, allows_padding_on_the_last_packet_only) {
  auto last = senderReportWithSdes();
  last[52] |= 0x20;  // SDES is last: pad it by 4
  last[55] = 3;      // length 3 words + 1
  last.insert(last.end(), {0, 0, 0, 4});
  EXPECT_EQ(RtcpPacketView::check(last), RtcpError::None);
  auto first = senderReportWithSdes();
  first[0] |= 0x20;
  EXPECT_EQ(RtcpPacketView::check(first), RtcpError::PaddingNotLast);
}

TEST(RtcpPacketView, rejects_what_rfc_3550_appendix_a2_does_not_allow) {
  struct Case {
    std::vector<std::uint8_t> bytes;
    RtcpError error;
  };
  auto notVersion2 = senderReportWithSdes();
  notVersion2[52] = 0x41;
  auto sdesFirst = senderReportWithSdes();
  sdesFirst.erase(sdesFirst.begin(), sdesFirst.begin() + 52);
  auto tooLong = senderReportWithSdes();
  tooLong[55] = 3;  // SDES claims 16 octets, 12 remain
  auto trailing = senderReportWithSdes();
  trailing.push_back(0);
  auto reportCount = senderReportWithSdes();
  reportCount[0] = 0x82;  // two report blocks announced in a 52-octet SR
  auto zeroPadding = std::vector<std::uint8_t>{0xa0, 201, 0, 1, 0, 0, 0, 0};
  auto hugePadding = std::vector<std::uint8_t>{0xa0, 201, 0, 1, 0, 0, 0, 9};
  // Found by fuzz_rtp: padding that would overlap the report's SSRC.
  auto paddingInSsrc = std::vector<std::uint8_t>{0xa0, 201, 0, 1, 0, 0, 0, 1};
  const std::vector<Case> cases = {
      {{}, RtcpError::TooShort},
      {{0x80, 201, 0, 0}, RtcpError::TooShort},
      {notVersion2, RtcpError::NotVersion2},
      {sdesFirst, RtcpError::NotReportFirst},
      {tooLong, RtcpError::LengthMismatch},
      {trailing, RtcpError::LengthMismatch},
      {{0x80, 201, 0, 0, 0, 0, 0, 1}, RtcpError::ReportTooShort},  // an RR of 4 octets: no SSRC
      {reportCount, RtcpError::ReportTooShort},
      {zeroPadding, RtcpError::BadPadding},
      {hugePadding, RtcpError::BadPadding},
      {paddingInSsrc, RtcpError::ReportTooShort},
  };
  for (const auto& c : cases) {
    auto copy = c.bytes;
    EXPECT_EQ(RtcpPacketView::check(copy), c.error) << describe(c.error);
    EXPECT_FALSE(RtcpPacketView::parse(copy).ok());
  }
}

}  // namespace
}  // namespace sb::media::rtp
