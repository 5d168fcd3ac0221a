// SPDX-License-Identifier: MIT
#pragma once
#include <array>
#include <cstddef>
#include <cstdint>
#include <span>

namespace sb::media {

// 2:1 rate changers between the two pivot rates (8 and 16 kHz), so narrowband codecs can be fed
// and read at 16 kHz. One 47-tap Blackman-windowed half-band FIR: flat to about 3 kHz (where
// narrowband voice ends), at least 70 dB down from 5 kHz. Stateful across calls, so a stream may
// be processed in packets without clicks; no allocation.
inline constexpr std::size_t kHalfbandTaps = 47;

class Downsampler2x {
 public:
  Downsampler2x();
  // Writes in.size() / 2 samples to out; in.size() must be even and out at least half as long.
  void process(std::span<const std::int16_t> in, std::span<std::int16_t> out);

 private:
  void push(float sample);
  std::array<float, 2 * kHalfbandTaps> line_{};  // each sample written twice: a contiguous window
  std::size_t pos_ = 0;
};

class Upsampler2x {
 public:
  Upsampler2x();
  // Writes 2 * in.size() samples to out, which must be that long.
  void process(std::span<const std::int16_t> in, std::span<std::int16_t> out);

 private:
  static constexpr std::size_t kPhaseTaps = (kHalfbandTaps + 1) / 2;
  std::array<float, 2 * kPhaseTaps> line_{};
  std::size_t pos_ = 0;
};

}  // namespace sb::media
