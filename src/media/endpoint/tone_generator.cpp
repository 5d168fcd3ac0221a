// SPDX-License-Identifier: MIT
#include "media/endpoint/tone_generator.h"

#include <algorithm>
#include <cmath>
#include <numbers>

namespace sb::media {
namespace {

constexpr double kTwoPi = 2 * std::numbers::pi;
constexpr int kRampMs = 4;

double amplitudeFor(double frequencyHz, double levelDbfs) {
  return frequencyHz > 0 ? 32767.0 * std::pow(10.0, levelDbfs / 20.0) : 0.0;
}

}  // namespace

Tone Tone::dial() { return Tone{350, 440, -16, {}}; }
Tone Tone::ringback() { return Tone{440, 480, -16, {{2000, 4000}}}; }
Tone Tone::busy() { return Tone{480, 620, -16, {{500, 500}}}; }

ToneGenerator::ToneGenerator(int pcmRate, Tone tone)
    : rate_(pcmRate),
      tone_(std::move(tone)),
      amplitude1_(amplitudeFor(tone_.frequencyHz, tone_.levelDbfs)),
      amplitude2_(amplitudeFor(tone_.secondFrequencyHz, tone_.levelDbfs)),
      increment1_(kTwoPi * tone_.frequencyHz / pcmRate),
      increment2_(kTwoPi * tone_.secondFrequencyHz / pcmRate),
      ramp_(static_cast<std::size_t>(pcmRate / 1000 * kRampMs)) {
  auto samples = [&](int ms) { return static_cast<std::size_t>(std::max(ms, 0)) * static_cast<std::size_t>(rate_) / 1000; };
  for (const CadenceStep& s : tone_.cadence) {
    if (samples(s.onMs) + samples(s.offMs) > 0) steps_.push_back({samples(s.onMs), samples(s.offMs)});
  }
}

void ToneGenerator::restart() {
  step_ = 0;
  position_ = 0;
}

double ToneGenerator::nextSample() {
  const double v = amplitude1_ * std::sin(phase1_) + amplitude2_ * std::sin(phase2_);
  // Wrapping keeps the phase small so precision does not drift over hours of tone.
  phase1_ += increment1_;
  if (phase1_ >= kTwoPi) phase1_ -= kTwoPi;
  phase2_ += increment2_;
  if (phase2_ >= kTwoPi) phase2_ -= kTwoPi;
  return v;
}

void ToneGenerator::fill(std::span<std::int16_t> pcm) {
  for (std::int16_t& out : pcm) {
    double gain = 1.0;
    if (!steps_.empty()) {
      const Step& s = steps_[step_];
      if (position_ < s.on) {
        const std::size_t edge = std::min(position_ + 1, s.on - position_);
        if (edge < ramp_) gain = static_cast<double>(edge) / static_cast<double>(ramp_);
      } else {
        gain = 0.0;
      }
      if (++position_ == s.on + s.off) {
        position_ = 0;
        step_ = (step_ + 1) % steps_.size();
      }
    }
    // The oscillators run through silence too, so a burst's phase follows from the last one.
    const double v = gain * nextSample();
    out = static_cast<std::int16_t>(std::clamp(std::lround(v), -32768L, 32767L));
  }
}

}  // namespace sb::media
