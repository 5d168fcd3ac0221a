// SPDX-License-Identifier: MIT
#include "media/endpoint/tone_detector.h"

#include <gtest/gtest.h>

#include <cmath>
#include <random>
#include <vector>

#include "media/endpoint/tone_generator.h"

namespace sb::media {
namespace {

std::vector<std::int16_t> tone(int rate, double f, double dbfs, std::size_t n) {
  std::vector<std::int16_t> pcm(n);
  ToneGenerator(rate, Tone{f, 0, dbfs, {}}).fill(pcm);
  return pcm;
}

TEST(ToneDetector, finds_440hz_where_it_is_and_not_1000hz) {
  const auto pcm = tone(8000, 440, -20, 1600);
  EXPECT_GT(ToneDetector(8000, 440).relativePower(pcm), 0.95);
  EXPECT_LT(ToneDetector(8000, 1000).relativePower(pcm), 0.001);
}

TEST(ToneDetector, sees_silence_as_nothing_at_all) {
  std::vector<std::int16_t> pcm(800, 0);
  EXPECT_EQ(ToneDetector(8000, 440).relativePower(pcm), 0.0);
  EXPECT_EQ(ToneDetector(8000, 440).relativePower({}), 0.0);
  EXPECT_TRUE(std::isinf(ToneDetector(8000, 440).levelDbfs(pcm)));
}

TEST(ToneDetector, splits_a_mixture_by_its_components_power) {
  auto a = tone(16000, 500, -10, 3200);
  const auto b = tone(16000, 2000, -16, 3200);  // 6 dB lower: a quarter of the power
  for (std::size_t i = 0; i < a.size(); ++i) a[i] = static_cast<std::int16_t>(a[i] + b[i]);
  EXPECT_NEAR(ToneDetector(16000, 500).relativePower(a), 0.8, 0.02);
  EXPECT_NEAR(ToneDetector(16000, 2000).relativePower(a), 0.2, 0.02);
  EXPECT_NEAR(ToneDetector(16000, 2000).levelDbfs(a), -16, 0.3);
}

TEST(ToneDetector, gives_white_noise_only_a_tiny_share_at_any_frequency) {
  std::mt19937 rng(42);
  std::normal_distribution<double> noise(0, 3000);
  std::vector<std::int16_t> pcm(8000);
  for (auto& s : pcm) s = static_cast<std::int16_t>(noise(rng));
  EXPECT_LT(ToneDetector(8000, 1000).relativePower(pcm), 0.01);
}

}  // namespace
}  // namespace sb::media
