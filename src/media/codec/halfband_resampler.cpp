// SPDX-License-Identifier: MIT
#include "media/codec/halfband_resampler.h"

#include <algorithm>
#include <cassert>
#include <cmath>
#include <numbers>

namespace sb::media {
namespace {

// h[n] = 0.5 sinc((n - c) / 2) · blackman(n), normalised to unity DC gain. Every second tap but
// the centre is zero (the half-band property).
const std::array<float, kHalfbandTaps>& halfbandTaps() {
  static const std::array<float, kHalfbandTaps> taps = [] {
    std::array<double, kHalfbandTaps> h{};
    constexpr double kCentre = (kHalfbandTaps - 1) / 2.0;
    constexpr double kPi = std::numbers::pi;
    double sum = 0;
    for (std::size_t n = 0; n < kHalfbandTaps; ++n) {
      const double x = (static_cast<double>(n) - kCentre) / 2.0;
      const double sinc = x == 0 ? 1.0 : std::sin(kPi * x) / (kPi * x);
      const double phase = 2 * kPi * static_cast<double>(n) / (kHalfbandTaps - 1);
      const double window = 0.42 - 0.5 * std::cos(phase) + 0.08 * std::cos(2 * phase);
      h[n] = 0.5 * sinc * window;
      sum += h[n];
    }
    std::array<float, kHalfbandTaps> out{};
    for (std::size_t n = 0; n < kHalfbandTaps; ++n) out[n] = static_cast<float>(h[n] / sum);
    return out;
  }();
  return taps;
}

std::int16_t toSample(float v) {
  const float r = std::nearbyint(v);
  return static_cast<std::int16_t>(std::clamp(r, -32768.0f, 32767.0f));
}

}  // namespace

Downsampler2x::Downsampler2x() { (void)halfbandTaps(); }

void Downsampler2x::push(float sample) {
  pos_ = pos_ == 0 ? kHalfbandTaps - 1 : pos_ - 1;  // newest at the lowest index of the window
  line_[pos_] = sample;
  line_[pos_ + kHalfbandTaps] = sample;
}

void Downsampler2x::process(std::span<const std::int16_t> in, std::span<std::int16_t> out) {
  assert(in.size() % 2 == 0 && out.size() >= in.size() / 2);
  const auto& h = halfbandTaps();
  for (std::size_t i = 0; i + 1 < in.size(); i += 2) {
    push(in[i]);
    push(in[i + 1]);
    const float* x = &line_[pos_];
    float acc = 0;
    for (std::size_t k = 0; k < kHalfbandTaps; ++k) acc += h[k] * x[k];
    out[i / 2] = toSample(acc);
  }
}

Upsampler2x::Upsampler2x() { (void)halfbandTaps(); }

void Upsampler2x::process(std::span<const std::int16_t> in, std::span<std::int16_t> out) {
  assert(out.size() >= 2 * in.size());
  const auto& h = halfbandTaps();
  for (std::size_t i = 0; i < in.size(); ++i) {
    pos_ = pos_ == 0 ? kPhaseTaps - 1 : pos_ - 1;
    line_[pos_] = in[i];
    line_[pos_ + kPhaseTaps] = in[i];
    const float* x = &line_[pos_];  // x[j] is the input j samples ago
    // Zero-stuffing halves the level; the factor 2 restores it. Even output phase uses even taps.
    float even = 0;
    float odd = 0;
    for (std::size_t j = 0; j < kPhaseTaps; ++j) {
      even += h[2 * j] * x[j];
      if (2 * j + 1 < kHalfbandTaps) odd += h[2 * j + 1] * x[j];
    }
    out[2 * i] = toSample(2 * even);
    out[2 * i + 1] = toSample(2 * odd);
  }
}

}  // namespace sb::media
