// SPDX-License-Identifier: MIT
#include "telephony/call/packet_transforms.h"

#include <gtest/gtest.h>

#include <array>
#include <cmath>
#include <vector>

#include "media/codec/g711.h"
#include "media/rtp/rtp_packet_view.h"

namespace sb::call {
namespace {

std::vector<std::uint8_t> rtp(std::uint8_t pt, std::uint16_t seq, std::uint32_t ts, std::vector<std::uint8_t> payload) {
  std::vector<std::uint8_t> p(12 + payload.size());
  const std::uint8_t header[12] = {0x80, pt, static_cast<std::uint8_t>(seq >> 8), static_cast<std::uint8_t>(seq),
                                   static_cast<std::uint8_t>(ts >> 24), static_cast<std::uint8_t>(ts >> 16),
                                   static_cast<std::uint8_t>(ts >> 8), static_cast<std::uint8_t>(ts),
                                   0x11, 0x22, 0x33, 0x44};
  for (std::size_t i = 0; i < 12; ++i) p[i] = header[i];
  for (std::size_t i = 0; i < payload.size(); ++i) p[12 + i] = payload[i];
  return p;
}

media::rtp::RtpPacketView view(std::vector<std::uint8_t>& bytes) {
  auto parsed = media::rtp::RtpPacketView::parse(bytes);
  EXPECT_TRUE(parsed.ok());
  return parsed.packet;
}

TEST(PayloadTypeRewriter, renumbers_audio_and_telephone_events_and_leaves_the_rest) {
  PayloadTypeRewriter rewriter(111, 96, 101, 100);
  std::array<std::uint8_t, 2048> spare{};
  auto audio = rtp(111, 1, 160, {1, 2, 3});
  auto out = rewriter.transform(view(audio), spare);
  EXPECT_EQ(out[1] & 0x7f, 96);
  auto event = rtp(101, 2, 160, {0, 10, 0, 160});
  out = rewriter.transform(view(event), spare);
  EXPECT_EQ(out[1] & 0x7f, 100);
  auto other = rtp(13, 3, 160, {0});
  out = rewriter.transform(view(other), spare);
  EXPECT_EQ(out[1] & 0x7f, 13);
}

TEST(TranscodingTransform, turns_pcmu_into_pcma_with_its_own_sequence_and_timestamps) {
  TranscodingTransform transform(media::Transcoder::create(media::CodecId::Pcmu, media::CodecId::Pcma), 0, 8,
                                 101, 101);
  std::array<std::uint8_t, 2048> spare{};
  std::vector<std::uint8_t> payload(160);
  for (std::size_t i = 0; i < payload.size(); ++i) {
    payload[i] = media::linearToUlaw(static_cast<std::int16_t>(8000 * std::sin(2 * M_PI * 1000 * i / 8000.0)));
  }
  std::optional<std::uint16_t> lastSeq;
  std::optional<std::uint32_t> lastTs;
  for (std::uint16_t n = 0; n < 3; ++n) {
    auto packet = rtp(0, static_cast<std::uint16_t>(500 + n), 1000u + 160u * n, payload);
    auto out = transform.transform(view(packet), spare);
    ASSERT_EQ(out.size(), 12u + 160u);
    EXPECT_EQ(out[1] & 0x7f, 8);
    const auto seq = static_cast<std::uint16_t>(out[2] << 8 | out[3]);
    const std::uint32_t ts = std::uint32_t(out[4]) << 24 | std::uint32_t(out[5]) << 16 | std::uint32_t(out[6]) << 8 | out[7];
    if (lastSeq) {
      EXPECT_EQ(static_cast<std::uint16_t>(*lastSeq + 1), seq);
    }
    if (lastTs) {
      EXPECT_EQ(*lastTs + 160, ts);
    }
    lastSeq = seq;
    lastTs = ts;
    // The audio is the same tone, now A-law.
    EXPECT_NEAR(media::alawToLinear(out[12 + 2]), media::ulawToLinear(payload[2]), 300);
  }
  auto stray = rtp(34, 9, 0, {1, 2});  // a payload type the far phone could not decode
  EXPECT_TRUE(transform.transform(view(stray), spare).empty());
}

}  // namespace
}  // namespace sb::call
