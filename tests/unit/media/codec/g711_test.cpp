// SPDX-License-Identifier: MIT
#include "media/codec/g711.h"

#include <gtest/gtest.h>

#include "codec_test_support.h"

namespace sb::media {

TEST(G711, every_ulaw_code_survives_decode_and_encode) {
  for (int c = 0; c < 256; ++c) {
    const auto code = static_cast<std::uint8_t>(c);
    // 0x7F is µ-law's negative zero: it decodes to 0, which encodes as positive zero 0xFF.
    const std::uint8_t expected = code == 0x7F ? 0xFF : code;
    EXPECT_EQ(linearToUlaw(ulawToLinear(code)), expected) << c;
  }
}

TEST(G711, every_alaw_code_survives_decode_and_encode) {
  for (int c = 0; c < 256; ++c) {
    const auto code = static_cast<std::uint8_t>(c);
    EXPECT_EQ(linearToAlaw(alawToLinear(code)), code) << c;
  }
}

TEST(G711, matches_the_itu_reference_values) {
  EXPECT_EQ(linearToUlaw(0), 0xFF);
  EXPECT_EQ(linearToUlaw(-1), 0x7F);
  EXPECT_EQ(linearToUlaw(32767), 0x80);
  EXPECT_EQ(linearToUlaw(-32768), 0x00);
  EXPECT_EQ(ulawToLinear(0x80), 32124);
  EXPECT_EQ(linearToAlaw(0), 0xD5);
  EXPECT_EQ(linearToAlaw(-1), 0x55);
  EXPECT_EQ(linearToAlaw(32767), 0xAA);
  EXPECT_EQ(linearToAlaw(-32768), 0x2A);
  EXPECT_EQ(alawToLinear(0xAA), 32256);
  EXPECT_EQ(alawToLinear(0xD5), 8);
}

TEST(G711, quantisation_error_stays_within_half_a_step_of_the_segment) {
  for (int x = -32768; x <= 32767; x += 7) {
    const auto s = static_cast<std::int16_t>(x);
    const int ulawError = std::abs(ulawToLinear(linearToUlaw(s)) - x);
    const int alawError = std::abs(alawToLinear(linearToAlaw(s)) - x);
    // The coarsest segments have steps of 1024 (µ-law) and 1024 (A-law) in 16-bit units, and
    // clipping at the top adds up to 643 (µ-law tops out at 32124).
    EXPECT_LE(ulawError, std::abs(x) > 32124 ? 700 : 512) << x;
    EXPECT_LE(alawError, std::abs(x) > 32256 ? 520 : 512) << x;
    // Relative error in the companded range is a few percent at most.
    if (std::abs(x) > 256) {
      EXPECT_LT(static_cast<double>(ulawError) / std::abs(x), 0.07) << x;
      EXPECT_LT(static_cast<double>(alawError) / std::abs(x), 0.07) << x;
    }
  }
}

TEST(G711, decoded_codes_grow_with_the_input) {
  int lastU = -40000;
  int lastA = -40000;
  for (int x = -32768; x <= 32767; x += 3) {
    const auto s = static_cast<std::int16_t>(x);
    const int u = ulawToLinear(linearToUlaw(s));
    const int a = alawToLinear(linearToAlaw(s));
    EXPECT_GE(u, lastU) << x;
    EXPECT_GE(a, lastA) << x;
    lastU = u;
    lastA = a;
  }
}

TEST(G711, encoder_writes_one_byte_per_sample_and_rejects_partial_blocks) {
  G711Encoder enc(CodecId::Pcma);
  std::vector<std::uint8_t> out(400);
  const auto pcm = test::sine(8000, 1000, 20);
  const CodecResult r = enc.encode(pcm, out);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r.count, 160u);
  EXPECT_EQ(enc.encode(std::span(pcm).first(100), out).error, CodecError::BadInputLength);
  EXPECT_EQ(enc.encode(pcm, std::span(out).first(159)).error, CodecError::OutputTooSmall);
}

}  // namespace sb::media
