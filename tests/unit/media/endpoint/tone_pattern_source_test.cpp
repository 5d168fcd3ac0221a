// SPDX-License-Identifier: MIT
#include "media/endpoint/tone_pattern_source.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <vector>

#include "media/endpoint/tone_detector.h"

namespace sb::media {
namespace {

double rmsDbfs(std::span<const std::int16_t> pcm) {
  double sum = 0;
  for (std::int16_t s : pcm) sum += static_cast<double>(s) * s;
  return 20 * std::log10(std::sqrt(sum / static_cast<double>(pcm.size())) / 32767.0);
}

TEST(TonePatternSource, loops_after_twelve_seconds_without_a_jump_at_the_seam) {
  TonePatternSource music(8000);
  std::vector<std::int16_t> first(8000 * TonePatternSource::kLoopSeconds);
  EXPECT_EQ(music.read(first), first.size());
  std::vector<std::int16_t> again(first.size());
  music.read(again);
  EXPECT_EQ(first, again);
  // The last sample flows into the first as smoothly as neighbours do elsewhere.
  int largestStep = 0;
  for (std::size_t i = 1; i < first.size(); ++i) largestStep = std::max(largestStep, std::abs(first[i] - first[i - 1]));
  EXPECT_LE(std::abs(first.front() - first.back()), largestStep);
}

TEST(TonePatternSource, is_soft_and_never_silent_for_long) {
  TonePatternSource music(16000);
  std::vector<std::int16_t> pcm(16000 * TonePatternSource::kLoopSeconds);
  music.read(pcm);
  const auto peak = std::max_element(pcm.begin(), pcm.end(), [](auto a, auto b) { return std::abs(a) < std::abs(b); });
  EXPECT_LT(std::abs(*peak), 32767 / 2);  // peaks below -6 dBFS
  for (std::size_t at = 0; at + 8000 <= pcm.size(); at += 8000) {
    const double level = rmsDbfs(std::span<const std::int16_t>(pcm).subspan(at, 8000));
    EXPECT_GT(level, -40) << at;  // every half second has music in it
    EXPECT_LT(level, -10) << at;
  }
}

TEST(TonePatternSource, moves_through_different_chords_rather_than_one_beep) {
  TonePatternSource music(8000);
  std::vector<std::int16_t> pcm(8000 * TonePatternSource::kLoopSeconds);
  music.read(pcm);
  // The middle second of the first chord (Cmaj7: B4 at 493.88 Hz) and of the third (Fmaj7: F4
  // at 349.23 Hz, and no B).
  auto second = [&](double s) { return std::span<const std::int16_t>(pcm).subspan(static_cast<std::size_t>(s * 8000), 8000); };
  const ToneDetector b4(8000, 493.88);
  const ToneDetector f4(8000, 349.23);
  EXPECT_GT(b4.relativePower(second(1.0)), 10 * b4.relativePower(second(7.0)));
  EXPECT_GT(f4.relativePower(second(7.0)), 10 * f4.relativePower(second(1.0)));
}

TEST(TonePatternSource, clones_share_the_audio_but_start_from_the_beginning) {
  TonePatternSource music(8000);
  std::vector<std::int16_t> skip(12345);
  music.read(skip);
  auto copy = music.clone();
  ASSERT_TRUE(copy);
  EXPECT_EQ(copy->pcmRate(), 8000);
  std::vector<std::int16_t> a(800);
  std::vector<std::int16_t> b(800);
  copy->read(a);
  TonePatternSource(8000).read(b);
  EXPECT_EQ(a, b);
}

}  // namespace
}  // namespace sb::media
