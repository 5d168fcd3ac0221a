// SPDX-License-Identifier: MIT
#include "media/endpoint/tone_detector.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numbers>

namespace sb::media {

ToneDetector::ToneDetector(int pcmRate, double frequencyHz)
    : rate_(pcmRate),
      frequency_(frequencyHz),
      coefficient_(2.0 * std::cos(2.0 * std::numbers::pi * frequencyHz / pcmRate)) {}

double ToneDetector::goertzelPower(std::span<const std::int16_t> pcm) const {
  double s1 = 0;
  double s2 = 0;
  for (std::int16_t x : pcm) {
    const double s = x + coefficient_ * s1 - s2;
    s2 = s1;
    s1 = s;
  }
  return std::max(0.0, s1 * s1 + s2 * s2 - coefficient_ * s1 * s2);
}

double ToneDetector::relativePower(std::span<const std::int16_t> pcm) const {
  double energy = 0;
  for (std::int16_t x : pcm) energy += static_cast<double>(x) * x;
  if (energy == 0 || pcm.empty()) return 0;
  // A sine of amplitude A over N samples gives |X|^2 = (A N / 2)^2 and energy A^2 N / 2.
  const double share = goertzelPower(pcm) / (energy * static_cast<double>(pcm.size()) / 2.0);
  return std::min(share, 1.0);
}

double ToneDetector::levelDbfs(std::span<const std::int16_t> pcm) const {
  if (pcm.empty()) return -std::numeric_limits<double>::infinity();
  const double amplitude = 2.0 * std::sqrt(goertzelPower(pcm)) / static_cast<double>(pcm.size());
  if (amplitude <= 0) return -std::numeric_limits<double>::infinity();
  return 20.0 * std::log10(amplitude / 32767.0);
}

}  // namespace sb::media
