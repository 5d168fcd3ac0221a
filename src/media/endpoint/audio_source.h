// SPDX-License-Identifier: MIT
#pragma once
#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>

namespace sb::media {

// Something to play to a party (music on hold, announcements): endless 16-bit PCM at a pivot
// rate. Reading never fails and never blocks; sources that end loop back to their start.
class AudioSource {
 public:
  virtual ~AudioSource() = default;
  virtual int pcmRate() const = 0;
  // Fills all of `pcm` and returns its size.
  virtual std::size_t read(std::span<std::int16_t> pcm) = 0;
  // Another reader of the same audio from its start, sharing what was loaded or rendered, so
  // each held call can have its own position without a copy of the audio.
  virtual std::unique_ptr<AudioSource> clone() const = 0;
};

}  // namespace sb::media
