// SPDX-License-Identifier: MIT
// Payloads come from the network: every decoder must refuse what it cannot decode, by size,
// before reading it, and survive arbitrary bytes.
#include <gtest/gtest.h>

#include <random>
#include <string>

#include "codec_test_support.h"
#include "media/codec/codec.h"

namespace sb::media {
namespace {

struct Case {
  CodecId codec;
  int rate;
};

std::string caseName(const testing::TestParamInfo<Case>& info) {
  return std::string(codecName(info.param.codec)) + "_at_" + std::to_string(info.param.rate);
}

class HostilePayload : public testing::TestWithParam<Case> {
 protected:
  void SetUp() override {
    dec_ = makeDecoder(GetParam().codec, GetParam().rate);
    ASSERT_TRUE(dec_);
  }
  std::unique_ptr<Decoder> dec_;
  std::vector<std::int16_t> pcm_ = std::vector<std::int16_t>(kMaxPacketSamples);
};

TEST_P(HostilePayload, empty_payload_is_refused) {
  EXPECT_EQ(dec_->samplesIn({}).error, CodecError::EmptyPayload);
  EXPECT_EQ(dec_->decode({}, pcm_).error, CodecError::EmptyPayload);
}

TEST_P(HostilePayload, huge_payload_is_refused_without_being_decoded) {
  std::vector<std::uint8_t> huge(65536, 0x55);
  const CodecResult r = dec_->decode(huge, pcm_);
  EXPECT_FALSE(r.ok());
  // Opus may call an oversized packet corrupt instead; either way nothing comes out.
  EXPECT_TRUE(r.error == CodecError::PayloadTooLarge || r.error == CodecError::Corrupt) << describe(r.error);
  std::vector<std::uint8_t> justOver(kMaxPayloadBytes + 1, 0x55);
  EXPECT_FALSE(dec_->decode(justOver, pcm_).ok());
}

TEST_P(HostilePayload, output_buffer_too_small_is_an_error_not_an_overrun) {
  // A valid 20 ms payload from the matching encoder.
  auto enc = makeEncoder(GetParam().codec, GetParam().rate);
  ASSERT_TRUE(enc);
  std::vector<std::uint8_t> payload(kMaxPayloadBytes);
  const auto pcm = test::sine(GetParam().rate, 1000, 20);
  const CodecResult bytes = enc->encode(pcm, payload);
  ASSERT_TRUE(bytes.ok());
  payload.resize(bytes.count);
  // Guard samples after the short buffer must stay untouched.
  std::vector<std::int16_t> out(pcm.size() + 16, 777);
  const CodecResult r = dec_->decode(payload, std::span(out).first(pcm.size() - 1));
  EXPECT_EQ(r.error, CodecError::OutputTooSmall);
  for (std::size_t i = pcm.size() - 1; i < out.size(); ++i) EXPECT_EQ(out[i], 777) << i;
  EXPECT_EQ(dec_->decode(payload, out).count, pcm.size());
}

TEST_P(HostilePayload, random_bytes_of_random_sizes_never_overrun_or_crash) {
  std::mt19937 rng(GetParam().rate + static_cast<int>(GetParam().codec));
  std::uniform_int_distribution<int> byte(0, 255);
  std::uniform_int_distribution<std::size_t> size(1, 1600);
  std::vector<std::int16_t> out(kMaxPacketSamples + 64);
  for (int i = 0; i < 3000; ++i) {
    std::vector<std::uint8_t> payload(i < 64 ? static_cast<std::size_t>(i + 1) : size(rng));
    for (auto& b : payload) b = static_cast<std::uint8_t>(byte(rng));
    std::fill(out.begin(), out.end(), 777);
    const CodecResult expected = dec_->samplesIn(payload);
    const CodecResult r = dec_->decode(payload, std::span(out).first(kMaxPacketSamples));
    if (r.ok()) {
      EXPECT_TRUE(expected.ok());
      EXPECT_EQ(r.count, expected.count);
      EXPECT_LE(r.count, kMaxPacketSamples);
    }
    for (std::size_t k = kMaxPacketSamples; k < out.size(); ++k) ASSERT_EQ(out[k], 777);
  }
}

INSTANTIATE_TEST_SUITE_P(AllCodecs, HostilePayload,
                         testing::Values(Case{CodecId::Pcmu, 8000}, Case{CodecId::Pcmu, 16000},
                                         Case{CodecId::Pcma, 8000}, Case{CodecId::G722, 8000},
                                         Case{CodecId::G722, 16000}, Case{CodecId::G729, 8000},
                                         Case{CodecId::G729, 16000}, Case{CodecId::Opus, 8000},
                                         Case{CodecId::Opus, 16000}),
                         caseName);

TEST(G729Payload, sizes_must_be_whole_10_byte_frames_plus_at_most_one_2_byte_sid) {
  auto dec = makeDecoder(CodecId::G729, 8000);
  ASSERT_TRUE(dec);
  for (std::size_t size : {1u, 3u, 9u, 11u, 13u, 15u, 19u, 21u, 25u}) {
    std::vector<std::uint8_t> payload(size, 0);
    EXPECT_EQ(dec->samplesIn(payload).error, CodecError::BadPayloadSize) << size;
  }
  EXPECT_EQ(dec->samplesIn(std::vector<std::uint8_t>(10)).count, 80u);
  EXPECT_EQ(dec->samplesIn(std::vector<std::uint8_t>(20)).count, 160u);
  EXPECT_EQ(dec->samplesIn(std::vector<std::uint8_t>(2)).count, 80u);   // SID alone: 10 ms of comfort noise
  EXPECT_EQ(dec->samplesIn(std::vector<std::uint8_t>(22)).count, 240u);  // two frames then a SID
  EXPECT_EQ(dec->samplesIn(std::vector<std::uint8_t>(120)).count, 960u);
  EXPECT_EQ(dec->samplesIn(std::vector<std::uint8_t>(130)).error, CodecError::PayloadTooLarge);
}

TEST(G729Payload, a_sid_frame_decodes_to_quiet_comfort_noise) {
  auto enc = makeEncoder(CodecId::G729, 8000);
  auto dec = makeDecoder(CodecId::G729, 8000);
  ASSERT_TRUE(enc && dec);
  (void)test::roundTrip(*enc, *dec, std::vector<std::int16_t>(1600, 0));
  std::vector<std::int16_t> out(80, 12345);
  const std::vector<std::uint8_t> sid = {0x12, 0x80};
  ASSERT_EQ(dec->decode(sid, out).count, 80u);
  for (std::int16_t s : out) EXPECT_LT(std::abs(s), 4000);
}

TEST(G711Payload, any_length_up_to_120ms_is_valid_and_longer_is_not) {
  auto dec = makeDecoder(CodecId::Pcmu, 8000);
  EXPECT_EQ(dec->samplesIn(std::vector<std::uint8_t>(1)).count, 1u);
  EXPECT_EQ(dec->samplesIn(std::vector<std::uint8_t>(161)).count, 161u);
  EXPECT_EQ(dec->samplesIn(std::vector<std::uint8_t>(960)).count, 960u);
  EXPECT_EQ(dec->samplesIn(std::vector<std::uint8_t>(961)).error, CodecError::PayloadTooLarge);
  auto wide = makeDecoder(CodecId::Pcma, 16000);
  EXPECT_EQ(wide->samplesIn(std::vector<std::uint8_t>(160)).count, 320u);
}

TEST(OpusPayload, malformed_packets_are_refused_as_corrupt) {
  auto dec = makeDecoder(CodecId::Opus, 16000);
  std::vector<std::int16_t> out(kMaxPacketSamples);
  // Code 3 (arbitrary frame count) with no count byte.
  EXPECT_EQ(dec->decode(std::vector<std::uint8_t>{0x03}, out).error, CodecError::Corrupt);
  // Code 3 claiming 63 frames of 20 ms: 1260 ms, far past the 120 ms limit (RFC 6716 §3.2.5).
  EXPECT_FALSE(dec->decode(std::vector<std::uint8_t>{0x0B, 0x3F, 0, 0}, out).ok());
  // Code 2 (two frames of different sizes) whose first length runs past the end.
  EXPECT_EQ(dec->decode(std::vector<std::uint8_t>{0x02, 0xFB, 1, 2, 3}, out).error, CodecError::Corrupt);
}

}  // namespace
}  // namespace sb::media
