// SPDX-License-Identifier: MIT
#pragma once
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "media/endpoint/audio_source.h"
#include "media/endpoint/pcm_loop.h"
#include "media/endpoint/sound_file.h"

namespace sb::media {

// Plays a sound file in a loop (configured music on hold, announcements). The whole file is read
// once, at open(), through libsndfile (WAV, AIFF, FLAC, Ogg... whatever it opens), mixed down to
// mono and resampled to the pivot rate, so reading later never touches the disk.
class WavFileSource final : public AudioSource {
 public:
  static constexpr int kMaxSeconds = kMaxSoundSeconds;

  struct OpenResult {
    std::unique_ptr<WavFileSource> source;  // null on failure
    std::string error;                      // why, for a person: "cannot open x.wav: ..."
  };

  // Never throws: a missing, unreadable, empty, over-long or unsupported file is an error.
  static OpenResult open(const std::filesystem::path& file, int pcmRate);

  WavFileSource(int pcmRate, std::shared_ptr<const std::vector<std::int16_t>> samples);

  int pcmRate() const override { return rate_; }
  std::size_t read(std::span<std::int16_t> pcm) override;
  std::unique_ptr<AudioSource> clone() const override;
  std::size_t lengthSamples() const { return loop_.length(); }

 private:
  int rate_;
  PcmLoop loop_;
};

}  // namespace sb::media
