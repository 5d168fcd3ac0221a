// SPDX-License-Identifier: MIT
#pragma once
#include <array>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string>

#include "media/endpoint/tone_detector.h"

namespace sb::media {

// Hears DTMF keys sent in-band (as sound) by phones that do not send RFC 4733 events, in 8 kHz
// PCM fed in any chunk size. Each 205-sample block (25.6 ms, the usual DTMF receiver frame: its
// Goertzel bins fall close to the eight ITU-T Q.23 frequencies) must hold one row and one column
// tone that together are most of its energy, each clearly above the other tones of its group,
// with a twist within Q.24's limits (column 8 dB under to 4 dB over the row). A key counts once
// it is heard in two blocks in a row (about 50 ms, Q.24's shortest key) and again only after a
// block without it, so speech and music rarely pass for keys and a held key counts once.
class DtmfDetector {
 public:
  static constexpr int kRate = 8000;
  static constexpr std::size_t kBlock = 205;

  DtmfDetector();
  // Appends the keys heard in `pcm` to `keys`.
  void feed(std::span<const std::int16_t> pcm, std::string& keys);

 private:
  char classify() const;  // the key the current block holds, or 0

  std::array<ToneDetector, 4> rows_;
  std::array<ToneDetector, 4> columns_;
  std::array<std::int16_t, kBlock> block_{};
  std::size_t filled_ = 0;
  char candidate_ = 0;   // heard in the last block
  bool reported_ = false;  // candidate_ has been counted
};

}  // namespace sb::media
