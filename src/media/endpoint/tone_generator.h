// SPDX-License-Identifier: MIT
#pragma once
#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

namespace sb::media {

// One on/off step of a cadence, e.g. ringback's 2 s on, 4 s off.
struct CadenceStep {
  int onMs = 0;
  int offMs = 0;
};

// A call-progress style tone: one or two sine components and an optional repeating cadence.
struct Tone {
  double frequencyHz = 0;
  double secondFrequencyHz = 0;      // 0: a single tone
  double levelDbfs = -16;            // peak level of each component, relative to full scale
  std::vector<CadenceStep> cadence;  // empty: on all the time; otherwise repeats forever

  // North American precise tones (ANSI T1.401 / the Bell System's "precise tone plan").
  static Tone dial();      // 350 + 440 Hz, steady
  static Tone ringback();  // 440 + 480 Hz, 2 s on, 4 s off
  static Tone busy();      // 480 + 620 Hz, 0.5 s on, 0.5 s off
};

// Generates a Tone as 16-bit PCM at a given rate, a span at a time. Phase-continuous across
// calls, and each burst fades in and out over 4 ms inside its "on" time so cadence edges do not
// click; "off" time is exact silence. Knows nothing of codecs or packets.
class ToneGenerator {
 public:
  ToneGenerator(int pcmRate, Tone tone);

  void fill(std::span<std::int16_t> pcm);
  // Starts the cadence again from the beginning of its first "on" step.
  void restart();

  int pcmRate() const { return rate_; }
  const Tone& tone() const { return tone_; }

 private:
  struct Step {
    std::size_t on;
    std::size_t off;
  };

  double nextSample();  // the steady tone, advancing both oscillators

  int rate_;
  Tone tone_;
  std::vector<Step> steps_;  // the cadence in samples
  double amplitude1_;
  double amplitude2_;
  double increment1_;  // radians per sample
  double increment2_;
  double phase1_ = 0;
  double phase2_ = 0;
  std::size_t ramp_;  // fade length in samples
  std::size_t step_ = 0;
  std::size_t position_ = 0;  // within the current step (on then off)
};

}  // namespace sb::media
