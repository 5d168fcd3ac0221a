// SPDX-License-Identifier: MIT
#include "media/endpoint/sound_file.h"

#include <fcntl.h>
#include <sndfile.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstring>
#include <new>

#include "media/codec/codec.h"
#include "media/endpoint/resampler.h"

namespace sb::media {
namespace {

constexpr int kMaxFileRate = 192000;

// Closes the libsndfile handle on every path out.
struct SndFile {
  SNDFILE* handle = nullptr;
  ~SndFile() {
    if (handle != nullptr) sf_close(handle);
  }
};

LoadedSound failure(const std::filesystem::path& file, std::string_view why) {
  return {nullptr, "cannot use " + file.string() + ": " + std::string(why)};
}

std::string systemError(std::string_view what, const std::filesystem::path& file) {
  return std::string(what) + " " + file.string() + ": " + std::strerror(errno);
}

}  // namespace

LoadedSound loadSound(const std::filesystem::path& file, int pcmRate) {
  if (!isPivotRate(pcmRate)) return failure(file, "unsupported PCM rate");
  try {
    SF_INFO info{};
    SndFile sf;
    sf.handle = sf_open(file.c_str(), SFM_READ, &info);
    if (sf.handle == nullptr) return failure(file, sf_strerror(nullptr));
    if (info.channels <= 0) return failure(file, "no audio channels");
    if (info.samplerate <= 0 || info.samplerate > kMaxFileRate) return failure(file, "unsupported sample rate");
    if (info.frames <= 0) return failure(file, "no audio in the file");
    if (info.frames > static_cast<sf_count_t>(info.samplerate) * kMaxSoundSeconds) {
      return failure(file, "longer than " + std::to_string(kMaxSoundSeconds) + " seconds");
    }
    // Normalised floats from any sample format; channels averaged to mono.
    sf_command(sf.handle, SFC_SET_NORM_FLOAT, nullptr, SF_TRUE);
    const auto channels = static_cast<std::size_t>(info.channels);
    std::vector<float> mono;
    mono.reserve(static_cast<std::size_t>(info.frames));
    std::vector<float> chunk(4096 * channels);
    for (;;) {
      const sf_count_t got = sf_readf_float(sf.handle, chunk.data(), 4096);
      if (got <= 0) break;
      for (sf_count_t f = 0; f < got; ++f) {
        float sum = 0;
        for (std::size_t c = 0; c < channels; ++c) sum += chunk[static_cast<std::size_t>(f) * channels + c];
        mono.push_back(sum / static_cast<float>(channels));
      }
      if (mono.size() > static_cast<std::size_t>(info.frames)) break;  // header lied; keep what it said
    }
    if (sf_error(sf.handle) != SF_ERR_NO_ERROR) return failure(file, sf_strerror(sf.handle));
    if (mono.empty()) return failure(file, "no audio could be read");

    const std::vector<float> resampled =
        info.samplerate == pcmRate ? mono : resampleLoop(mono, info.samplerate, pcmRate);
    if (resampled.empty()) return failure(file, "too short to play at this rate");
    auto pcm = std::make_shared<std::vector<std::int16_t>>(resampled.size());
    std::transform(resampled.begin(), resampled.end(), pcm->begin(), [](float v) {
      return static_cast<std::int16_t>(std::clamp(std::lround(v * 32767.0f), -32768L, 32767L));
    });
    return {std::move(pcm), {}};
  } catch (const std::bad_alloc&) {
    return failure(file, "not enough memory to load it");
  }
}

Status writeWavAtomically(const std::filesystem::path& file, std::span<const std::int16_t> pcm, int rate) {
  const std::filesystem::path partial = file.string() + ".partial";
  SF_INFO info{};
  info.samplerate = rate;
  info.channels = 1;
  info.format = SF_FORMAT_WAV | SF_FORMAT_PCM_16;
  const int fd = ::open(partial.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  if (fd < 0) return fail(systemError("cannot create", partial));
  {
    SndFile sf;
    sf.handle = sf_open_fd(fd, SFM_WRITE, &info, SF_FALSE);
    if (sf.handle == nullptr) {
      ::close(fd);
      std::filesystem::remove(partial);
      return fail("cannot write " + partial.string() + ": " + sf_strerror(nullptr));
    }
    const auto written = sf_write_short(sf.handle, pcm.data(), static_cast<sf_count_t>(pcm.size()));
    if (written != static_cast<sf_count_t>(pcm.size())) {
      const std::string why = sf_strerror(sf.handle);
      sf.handle = (sf_close(sf.handle), nullptr);
      ::close(fd);
      std::filesystem::remove(partial);
      return fail("cannot write " + partial.string() + ": " + why);
    }
  }  // sf_close writes the final header sizes
  if (::fsync(fd) != 0) {
    const std::string why = systemError("cannot flush", partial);
    ::close(fd);
    std::filesystem::remove(partial);
    return fail(why);
  }
  ::close(fd);
  if (::rename(partial.c_str(), file.c_str()) != 0) {
    const std::string why = systemError("cannot rename to", file);
    std::filesystem::remove(partial);
    return fail(why);
  }
  // The rename itself survives a crash only once the directory is on disk too.
  if (const int dir = ::open(file.parent_path().c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC); dir >= 0) {
    ::fsync(dir);
    ::close(dir);
  }
  return {};
}

}  // namespace sb::media
