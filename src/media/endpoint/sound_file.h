// SPDX-License-Identifier: MIT
#pragma once
#include <cstdint>
#include <filesystem>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "base/result.h"

namespace sb::media {

// A whole sound file read into memory through libsndfile (WAV, AIFF, FLAC, Ogg...), mixed down
// to mono and resampled to a pivot rate.
struct LoadedSound {
  std::shared_ptr<const std::vector<std::int16_t>> pcm;  // null on failure
  std::string error;  // why, for a person: "cannot use x.wav: ..."
};
// Longer files are refused rather than held in memory (10 minutes is 9.6 MB at 8 kHz).
inline constexpr int kMaxSoundSeconds = 600;
LoadedSound loadSound(const std::filesystem::path& file, int pcmRate);

// Writes `pcm` as a 16-bit mono WAV file so that a crash never leaves half a file under `file`'s
// name: written beside it, flushed to disk (fsync), then renamed over it.
Status writeWavAtomically(const std::filesystem::path& file, std::span<const std::int16_t> pcm, int rate);

}  // namespace sb::media
