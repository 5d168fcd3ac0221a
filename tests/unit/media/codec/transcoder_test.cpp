// SPDX-License-Identifier: MIT
#include "media/codec/transcoder.h"

#include <gtest/gtest.h>

#include <string>

#include "codec_test_support.h"

namespace sb::media {
namespace {

struct Pair {
  CodecId from;
  CodecId to;
};

std::string pairName(const testing::TestParamInfo<Pair>& info) {
  return std::string(codecName(info.param.from)) + "_to_" + std::string(codecName(info.param.to));
}

// Encodes a tone as `from` would send it: 20 ms packets at the pivot rate of the pair.
std::vector<std::vector<std::uint8_t>> packetsOf(CodecId codec, int rate, std::span<const std::int16_t> pcm,
                                                 int packetMs = 20) {
  auto enc = makeEncoder(codec, rate);
  std::vector<std::vector<std::uint8_t>> packets;
  const std::size_t per = samplesFor(rate, packetMs);
  std::vector<std::uint8_t> buf(kMaxPayloadBytes);
  for (std::size_t at = 0; at + per <= pcm.size(); at += per) {
    const CodecResult n = enc->encode(pcm.subspan(at, per), buf);
    if (!n) return {};
    packets.emplace_back(buf.begin(), buf.begin() + static_cast<std::ptrdiff_t>(n.count));
  }
  return packets;
}

class TranscodingPair : public testing::TestWithParam<Pair> {};

TEST_P(TranscodingPair, keeps_a_1khz_tone_and_stamps_20ms_of_the_output_clock_per_packet) {
  const auto [from, to] = GetParam();
  auto transcoder = Transcoder::create(from, to);
  ASSERT_TRUE(transcoder);
  const int rate = transcoder->pivotRate();
  const auto packets = packetsOf(from, rate, test::sine(rate, 1000, 1000));
  ASSERT_EQ(packets.size(), 50u);

  auto dec = makeDecoder(to, rate);
  std::vector<std::int16_t> heard;
  std::vector<std::int16_t> pcm(kMaxPacketSamples);
  std::uint64_t ticks = 0;
  for (const auto& p : packets) {
    const CodecResult pushed = transcoder->push(p);
    ASSERT_TRUE(pushed.ok()) << describe(pushed.error);
    while (auto out = transcoder->pull()) {
      ticks += out->timestampIncrement;
      const CodecResult n = dec->decode(out->payload, pcm);
      ASSERT_TRUE(n.ok()) << describe(n.error);
      heard.insert(heard.end(), pcm.begin(), pcm.begin() + static_cast<std::ptrdiff_t>(n.count));
    }
  }
  EXPECT_EQ(heard.size(), samplesFor(rate, 1000));
  EXPECT_EQ(ticks, std::uint64_t{50} * rtpTicksFor(codecInfo(to), 20));
  const auto body = test::steady(heard, rate);
  EXPECT_GT(test::share(body, rate, 1000), 0.7);
  EXPECT_LT(test::share(body, rate, 3000), 0.02);
}

INSTANTIATE_TEST_SUITE_P(
    RequiredPairs, TranscodingPair,
    testing::Values(Pair{CodecId::Pcmu, CodecId::Pcma}, Pair{CodecId::Pcma, CodecId::Pcmu},
                    Pair{CodecId::Pcmu, CodecId::G729}, Pair{CodecId::G729, CodecId::Pcmu},
                    Pair{CodecId::Pcma, CodecId::G729}, Pair{CodecId::G729, CodecId::Pcma},
                    Pair{CodecId::Pcmu, CodecId::Opus}, Pair{CodecId::Opus, CodecId::Pcmu},
                    Pair{CodecId::Pcma, CodecId::Opus}, Pair{CodecId::Opus, CodecId::Pcma},
                    Pair{CodecId::Pcmu, CodecId::G722}, Pair{CodecId::G722, CodecId::Pcmu},
                    Pair{CodecId::Pcma, CodecId::G722}, Pair{CodecId::G722, CodecId::Pcma},
                    Pair{CodecId::G722, CodecId::Opus}, Pair{CodecId::Opus, CodecId::G722},
                    Pair{CodecId::G729, CodecId::Opus}, Pair{CodecId::Opus, CodecId::G729}),
    pairName);

TEST(Transcoder, meets_at_16khz_only_when_both_sides_are_wideband) {
  EXPECT_EQ(Transcoder::pivotRateFor(CodecId::G722, CodecId::Opus), 16000);
  EXPECT_EQ(Transcoder::pivotRateFor(CodecId::Opus, CodecId::Opus), 16000);
  EXPECT_EQ(Transcoder::pivotRateFor(CodecId::Pcmu, CodecId::Opus), 8000);
  EXPECT_EQ(Transcoder::pivotRateFor(CodecId::G722, CodecId::G729), 8000);
  EXPECT_EQ(Transcoder::pivotRateFor(CodecId::Pcmu, CodecId::Pcma), 8000);
}

TEST(Transcoder, reports_output_timestamp_increments_in_the_output_codecs_clock) {
  EXPECT_EQ(Transcoder::create(CodecId::Opus, CodecId::Pcmu)->timestampIncrement(), 160u);
  EXPECT_EQ(Transcoder::create(CodecId::Pcmu, CodecId::Opus)->timestampIncrement(), 960u);
  EXPECT_EQ(Transcoder::create(CodecId::Pcmu, CodecId::G722)->timestampIncrement(), 160u);
  EXPECT_EQ(Transcoder::create(CodecId::Pcmu, CodecId::G729, 30)->timestampIncrement(), 240u);
  EXPECT_EQ(Transcoder::create(CodecId::Pcmu, CodecId::Opus, 60)->timestampIncrement(), 2880u);
}

TEST(Transcoder, refuses_output_packet_lengths_the_codec_cannot_make) {
  EXPECT_EQ(Transcoder::create(CodecId::Pcmu, CodecId::Opus, 30), nullptr);
  EXPECT_EQ(Transcoder::create(CodecId::Pcmu, CodecId::Pcma, 25), nullptr);
  EXPECT_EQ(Transcoder::create(CodecId::Pcmu, CodecId::Pcma, 0), nullptr);
  EXPECT_EQ(Transcoder::create(CodecId::Pcmu, CodecId::Pcma, kMaxPacketMs + 10), nullptr);
}

TEST(Transcoder, buffers_when_input_and_output_packets_differ_in_length) {
  // 30 ms of G.711 in, 20 ms of G.729 out: packets come out 1, 2, 1, 2... per input.
  auto transcoder = Transcoder::create(CodecId::Pcmu, CodecId::G729, 20);
  ASSERT_TRUE(transcoder);
  const auto packets = packetsOf(CodecId::Pcmu, 8000, test::sine(8000, 1000, 120), 30);
  ASSERT_EQ(packets.size(), 4u);
  std::vector<int> perInput;
  for (const auto& p : packets) {
    ASSERT_TRUE(transcoder->push(p).ok());
    int n = 0;
    while (auto out = transcoder->pull()) {
      EXPECT_EQ(out->payload.size(), 20u);
      EXPECT_EQ(out->timestampIncrement, 160u);
      ++n;
    }
    perInput.push_back(n);
  }
  EXPECT_EQ(perInput, (std::vector<int>{1, 2, 1, 2}));
  EXPECT_EQ(transcoder->bufferedSamples(), 0u);
}

TEST(Transcoder, a_malformed_payload_adds_nothing_and_the_stream_goes_on) {
  auto transcoder = Transcoder::create(CodecId::G729, CodecId::Pcmu);
  ASSERT_TRUE(transcoder);
  EXPECT_EQ(transcoder->push(std::vector<std::uint8_t>(13)).error, CodecError::BadPayloadSize);
  EXPECT_EQ(transcoder->push({}).error, CodecError::EmptyPayload);
  EXPECT_EQ(transcoder->bufferedSamples(), 0u);
  EXPECT_FALSE(transcoder->pull().has_value());
  const auto packets = packetsOf(CodecId::G729, 8000, test::sine(8000, 1000, 20));
  ASSERT_TRUE(transcoder->push(packets.at(0)).ok());
  const auto out = transcoder->pull();
  ASSERT_TRUE(out.has_value());
  EXPECT_EQ(out->payload.size(), 160u);
}

TEST(Transcoder, refuses_to_buffer_without_bound_when_nobody_pulls) {
  auto transcoder = Transcoder::create(CodecId::Pcmu, CodecId::Pcma, 120);
  ASSERT_TRUE(transcoder);
  const std::vector<std::uint8_t> packet(160, 0xFF);
  int accepted = 0;
  CodecResult last;
  for (int i = 0; i < 100 && (last = transcoder->push(packet)).ok(); ++i) ++accepted;
  EXPECT_EQ(last.error, CodecError::Overflow);
  EXPECT_EQ(accepted, static_cast<int>(Transcoder::kBufferSamples / 160));
  EXPECT_TRUE(transcoder->pull().has_value());
  EXPECT_TRUE(transcoder->push(packet).ok());
}

TEST(Transcoder, conceals_lost_input_so_the_output_keeps_its_pace) {
  auto transcoder = Transcoder::create(CodecId::Opus, CodecId::Pcmu);
  ASSERT_TRUE(transcoder);
  const auto packets = packetsOf(CodecId::Opus, 8000, test::sine(8000, 1000, 200));
  for (std::size_t i = 0; i < 5; ++i) ASSERT_TRUE(transcoder->push(packets[i]).ok());
  while (transcoder->pull()) {
  }
  ASSERT_TRUE(transcoder->pushLoss(20).ok());
  const auto out = transcoder->pull();
  ASSERT_TRUE(out.has_value());
  EXPECT_EQ(out->payload.size(), 160u);
  EXPECT_EQ(transcoder->pushLoss(15).error, CodecError::BadInputLength);
}

TEST(Transcoder, reset_drops_buffered_audio) {
  auto transcoder = Transcoder::create(CodecId::Pcmu, CodecId::Pcma, 40);
  ASSERT_TRUE(transcoder->push(std::vector<std::uint8_t>(160, 0xFF)).ok());
  EXPECT_EQ(transcoder->bufferedSamples(), 160u);
  transcoder->reset();
  EXPECT_EQ(transcoder->bufferedSamples(), 0u);
}

}  // namespace
}  // namespace sb::media
