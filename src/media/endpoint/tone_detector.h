// SPDX-License-Identifier: MIT
#pragma once
#include <cstdint>
#include <span>

namespace sb::media {

// Measures how much of a block of PCM is one frequency, with the Goertzel algorithm (a single
// DFT bin computed as a second-order filter). Answers "is 440 Hz here, and is 1000 Hz not?" for
// tests and the echo test; it is not a DTMF receiver (no twist or timing rules).
class ToneDetector {
 public:
  ToneDetector(int pcmRate, double frequencyHz);

  // Share of the block's energy at the frequency, 0..1: near 1 for a pure tone at it, near 0
  // when it is absent, 0 for silence. Blocks of 20 ms or more give a resolution of 50 Hz or finer.
  double relativePower(std::span<const std::int16_t> pcm) const;
  // Estimated peak amplitude of the component at the frequency, in dB relative to full scale.
  double levelDbfs(std::span<const std::int16_t> pcm) const;

  double frequency() const { return frequency_; }
  int pcmRate() const { return rate_; }

 private:
  double goertzelPower(std::span<const std::int16_t> pcm) const;  // |X(f)|^2

  int rate_;
  double frequency_;
  double coefficient_;  // 2 cos(2π f / rate)
};

}  // namespace sb::media
