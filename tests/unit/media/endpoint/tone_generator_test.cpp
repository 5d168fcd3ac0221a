// SPDX-License-Identifier: MIT
#include "media/endpoint/tone_generator.h"

#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include "media/endpoint/tone_detector.h"

namespace sb::media {
namespace {

double rms(std::span<const std::int16_t> pcm) {
  double sum = 0;
  for (std::int16_t s : pcm) sum += static_cast<double>(s) * s;
  return pcm.empty() ? 0 : std::sqrt(sum / static_cast<double>(pcm.size()));
}

TEST(ToneGenerator, makes_a_sine_at_the_requested_frequency_and_level) {
  ToneGenerator gen(8000, Tone{440, 0, -12, {}});
  std::vector<std::int16_t> pcm(8000);
  gen.fill(pcm);
  ToneDetector at440(8000, 440);
  EXPECT_GT(at440.relativePower(pcm), 0.99);
  EXPECT_LT(ToneDetector(8000, 1000).relativePower(pcm), 0.001);
  EXPECT_NEAR(at440.levelDbfs(pcm), -12.0, 0.2);
}

TEST(ToneGenerator, dual_tone_carries_both_frequencies_in_equal_measure) {
  ToneGenerator gen(16000, Tone::dial());
  std::vector<std::int16_t> pcm(3200);
  gen.fill(pcm);
  const double low = ToneDetector(16000, 350).relativePower(pcm);
  const double high = ToneDetector(16000, 440).relativePower(pcm);
  EXPECT_NEAR(low, 0.5, 0.05);
  EXPECT_NEAR(high, 0.5, 0.05);
  EXPECT_LT(ToneDetector(16000, 620).relativePower(pcm), 0.01);
}

TEST(ToneGenerator, is_phase_continuous_across_fills_of_any_size) {
  const Tone tone{1000, 1300, -10, {{120, 80}}};
  ToneGenerator whole(8000, tone);
  ToneGenerator pieces(8000, tone);
  std::vector<std::int16_t> a(4000);
  whole.fill(a);
  std::vector<std::int16_t> b(4000);
  std::size_t at = 0;
  for (std::size_t n : {1u, 7u, 160u, 333u, 80u, 999u}) {
    pieces.fill(std::span(b).subspan(at, n));
    at += n;
  }
  pieces.fill(std::span(b).subspan(at));
  EXPECT_EQ(a, b);
}

TEST(ToneGenerator, busy_cadence_is_half_a_second_on_and_half_a_second_off) {
  ToneGenerator gen(8000, Tone::busy());
  std::vector<std::int16_t> pcm(8000 * 3);
  gen.fill(pcm);
  const std::size_t half = 4000;
  for (std::size_t period = 0; period < 6; ++period) {
    auto window = std::span<const std::int16_t>(pcm).subspan(period * half, half);
    if (period % 2 == 0) {
      // On: the tone, at full level once past the 4 ms fade at each edge.
      EXPECT_GT(ToneDetector(8000, 480).relativePower(window), 0.45) << period;
      EXPECT_GT(rms(window.subspan(32, half - 64)), 2000) << period;
      EXPECT_NE(window[16], 0);
    } else {
      // Off: exact silence from the first sample to the last.
      EXPECT_EQ(rms(window), 0.0) << period;
    }
  }
}

TEST(ToneGenerator, ringback_rings_two_seconds_then_pauses_four_and_repeats) {
  ToneGenerator gen(8000, Tone::ringback());
  std::vector<std::int16_t> pcm(8000 * 12);
  gen.fill(pcm);
  auto second = [&](std::size_t s) { return std::span<const std::int16_t>(pcm).subspan(s * 8000, 8000); };
  const bool expectOn[12] = {true, true, false, false, false, false, true, true, false, false, false, false};
  for (std::size_t s = 0; s < 12; ++s) EXPECT_EQ(rms(second(s)) > 1000, expectOn[s]) << s;
}

TEST(ToneGenerator, fades_bursts_in_and_out_instead_of_clicking) {
  ToneGenerator gen(8000, Tone{1000, 0, -6, {{100, 100}}});
  std::vector<std::int16_t> pcm(1600);
  gen.fill(pcm);
  // First sample of the burst is small; the last sample before the gap too.
  EXPECT_LT(std::abs(pcm[0]), 1000);
  EXPECT_LT(std::abs(pcm[799]), 1000);
  EXPECT_EQ(pcm[800], 0);
}

TEST(ToneGenerator, restart_begins_the_cadence_again) {
  ToneGenerator gen(8000, Tone::busy());
  std::vector<std::int16_t> pcm(4400);  // into the "off" half
  gen.fill(pcm);
  gen.restart();
  std::vector<std::int16_t> next(800);
  gen.fill(next);
  EXPECT_GT(rms(next), 1000);
}

}  // namespace
}  // namespace sb::media
