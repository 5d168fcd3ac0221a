// SPDX-License-Identifier: MIT
#include <gtest/gtest.h>

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

class CodecRoundTrip : public testing::TestWithParam<Case> {};

TEST_P(CodecRoundTrip, a_1khz_tone_comes_back_as_1khz_and_not_3khz) {
  const auto [codec, rate] = GetParam();
  auto enc = makeEncoder(codec, rate);
  auto dec = makeDecoder(codec, rate);
  ASSERT_TRUE(enc && dec);
  EXPECT_EQ(enc->codec(), codec);
  EXPECT_EQ(dec->pcmRate(), rate);

  const auto input = test::sine(rate, 1000, 1000);
  const auto output = test::roundTrip(*enc, *dec, input);
  ASSERT_EQ(output.size(), input.size());
  const auto body = test::steady(output, rate);
  EXPECT_GT(test::share(body, rate, 1000), 0.8);
  EXPECT_LT(test::share(body, rate, 3000), 0.01);
  // Not attenuated to nothing: within 3 dB of what went in.
  EXPECT_NEAR(ToneDetector(rate, 1000).levelDbfs(body), -10.0, 3.0);
}

TEST_P(CodecRoundTrip, concealment_fills_a_lost_packet_with_audio_of_the_requested_length) {
  const auto [codec, rate] = GetParam();
  auto enc = makeEncoder(codec, rate);
  auto dec = makeDecoder(codec, rate);
  ASSERT_TRUE(enc && dec);
  (void)test::roundTrip(*enc, *dec, test::sine(rate, 1000, 200));
  std::vector<std::int16_t> lost(samplesFor(rate, 20), 12345);
  const CodecResult r = dec->conceal(lost);
  ASSERT_TRUE(r.ok()) << describe(r.error);
  EXPECT_EQ(r.count, lost.size());
  // The concealment continues the tone rather than leaving the sentinel or silence (both of
  // which have no 1 kHz at all). G.729's erasure handling adds noise, hence the low bar.
  EXPECT_GT(test::share(lost, rate, 1000), 0.3);
  std::vector<std::int16_t> odd(samplesFor(rate, 20) + 1);
  EXPECT_EQ(dec->conceal(odd).error, CodecError::BadInputLength);
}

TEST_P(CodecRoundTrip, encoder_rejects_pcm_that_is_not_whole_10ms_blocks) {
  const auto [codec, rate] = GetParam();
  auto enc = makeEncoder(codec, rate);
  ASSERT_TRUE(enc);
  std::vector<std::uint8_t> out(kMaxPayloadBytes);
  std::vector<std::int16_t> pcm(samplesFor(rate, 20) + 3);
  EXPECT_EQ(enc->encode(pcm, out).error, CodecError::BadInputLength);
  EXPECT_EQ(enc->encode({}, out).error, CodecError::BadInputLength);
  std::vector<std::int16_t> tooLong(samplesFor(rate, kMaxPacketMs + 10));
  EXPECT_EQ(enc->encode(tooLong, out).error, CodecError::BadInputLength);
}

INSTANTIATE_TEST_SUITE_P(AllCodecs, CodecRoundTrip,
                         testing::Values(Case{CodecId::Pcmu, 8000}, Case{CodecId::Pcmu, 16000},
                                         Case{CodecId::Pcma, 8000}, Case{CodecId::Pcma, 16000},
                                         Case{CodecId::G722, 8000}, Case{CodecId::G722, 16000},
                                         Case{CodecId::G729, 8000}, Case{CodecId::G729, 16000},
                                         Case{CodecId::Opus, 8000}, Case{CodecId::Opus, 16000}),
                         caseName);

// The transcoder drives G.722 at 8 kHz when the other side is narrowband; the phone at the
// other end decodes at 16 kHz, and the other way round.
TEST(G722Interop, an_8khz_encoder_and_a_16khz_decoder_understand_each_other) {
  auto narrowEnc = makeEncoder(CodecId::G722, 8000);
  auto wideDec = makeDecoder(CodecId::G722, 16000);
  const auto wide = test::roundTrip(*narrowEnc, *wideDec, test::sine(8000, 1000, 1000));
  ASSERT_EQ(wide.size(), 16000u);
  EXPECT_GT(test::share(test::steady(wide, 16000), 16000, 1000), 0.8);
  EXPECT_NEAR(ToneDetector(16000, 1000).levelDbfs(test::steady(wide, 16000)), -10.0, 3.0);

  auto wideEnc = makeEncoder(CodecId::G722, 16000);
  auto narrowDec = makeDecoder(CodecId::G722, 8000);
  const auto narrow = test::roundTrip(*wideEnc, *narrowDec, test::sine(16000, 1000, 1000));
  ASSERT_EQ(narrow.size(), 8000u);
  EXPECT_GT(test::share(test::steady(narrow, 8000), 8000, 1000), 0.8);
  EXPECT_NEAR(ToneDetector(8000, 1000).levelDbfs(test::steady(narrow, 8000)), -10.0, 3.0);
}

TEST(CodecFactory, refuses_rates_other_than_the_pivot_rates) {
  for (CodecId codec : kAllCodecs) {
    EXPECT_EQ(makeEncoder(codec, 44100), nullptr);
    EXPECT_EQ(makeDecoder(codec, 48000), nullptr);
    EXPECT_EQ(makeDecoder(codec, 0), nullptr);
  }
}

TEST(CodecInfo, gives_rtp_clock_and_frame_sizes_per_rfc_3551_and_7587) {
  EXPECT_EQ(codecInfo(CodecId::Pcmu).staticPayloadType, 0);
  EXPECT_EQ(codecInfo(CodecId::Pcma).staticPayloadType, 8);
  EXPECT_EQ(codecInfo(CodecId::G722).staticPayloadType, 9);
  EXPECT_EQ(codecInfo(CodecId::G729).staticPayloadType, 18);
  EXPECT_EQ(codecInfo(CodecId::Opus).staticPayloadType, -1);
  EXPECT_EQ(codecInfo(CodecId::G722).rtpClockRate, 8000);
  EXPECT_EQ(codecInfo(CodecId::G722).nativePcmRate, 16000);
  EXPECT_EQ(codecInfo(CodecId::Opus).rtpClockRate, 48000);
  EXPECT_EQ(codecInfo(CodecId::G729).bytesPer20ms, 20);
  EXPECT_EQ(rtpTicksFor(codecInfo(CodecId::Pcmu), 20), 160u);
  EXPECT_EQ(rtpTicksFor(codecInfo(CodecId::G722), 20), 160u);
  EXPECT_EQ(rtpTicksFor(codecInfo(CodecId::Opus), 20), 960u);
  for (CodecId codec : kAllCodecs) EXPECT_EQ(codecInfo(codec).id, codec);
}

TEST(CodecInfo, finds_codecs_by_their_sdp_name_in_any_case) {
  EXPECT_EQ(codecByName("pcmu"), CodecId::Pcmu);
  EXPECT_EQ(codecByName("PCMA"), CodecId::Pcma);
  EXPECT_EQ(codecByName("OPUS"), CodecId::Opus);
  EXPECT_EQ(codecByName("g729"), CodecId::G729);
  EXPECT_EQ(codecByName("G7221"), std::nullopt);
  EXPECT_EQ(codecByName(""), std::nullopt);
}

}  // namespace
}  // namespace sb::media
