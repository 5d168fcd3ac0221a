// SPDX-License-Identifier: MIT
#include "media/endpoint/wav_file_source.h"

#include <sndfile.h>

#include <algorithm>
#include <cmath>
#include <new>

#include "media/codec/codec.h"
#include "media/endpoint/resampler.h"

namespace sb::media {
namespace {

// Closes the libsndfile handle on every path out.
struct SndFile {
  SNDFILE* handle = nullptr;
  ~SndFile() {
    if (handle != nullptr) sf_close(handle);
  }
};

WavFileSource::OpenResult failure(const std::filesystem::path& file, std::string_view why) {
  return {nullptr, "cannot use " + file.string() + ": " + std::string(why)};
}

}  // namespace

WavFileSource::OpenResult WavFileSource::open(const std::filesystem::path& file, int pcmRate) {
  if (!isPivotRate(pcmRate)) return failure(file, "unsupported PCM rate");
  try {
    SF_INFO info{};
    SndFile sf;
    sf.handle = sf_open(file.c_str(), SFM_READ, &info);
    if (sf.handle == nullptr) return failure(file, sf_strerror(nullptr));
    if (info.channels <= 0) return failure(file, "no audio channels");
    if (info.samplerate <= 0 || info.samplerate > kMaxFileRate) return failure(file, "unsupported sample rate");
    if (info.frames <= 0) return failure(file, "no audio in the file");
    if (info.frames > static_cast<sf_count_t>(info.samplerate) * kMaxSeconds) {
      return failure(file, "longer than " + std::to_string(kMaxSeconds) + " seconds");
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

    const std::vector<float> resampled = resampleLoop(mono, info.samplerate, pcmRate);
    if (resampled.empty()) return failure(file, "too short to play at this rate");
    auto pcm = std::make_shared<std::vector<std::int16_t>>(resampled.size());
    std::transform(resampled.begin(), resampled.end(), pcm->begin(), [](float v) {
      return static_cast<std::int16_t>(std::clamp(std::lround(v * 32767.0f), -32768L, 32767L));
    });
    return {std::make_unique<WavFileSource>(pcmRate, std::move(pcm)), {}};
  } catch (const std::bad_alloc&) {
    return failure(file, "not enough memory to load it");
  }
}

WavFileSource::WavFileSource(int pcmRate, std::shared_ptr<const std::vector<std::int16_t>> samples)
    : rate_(pcmRate), loop_(std::move(samples)) {}

std::size_t WavFileSource::read(std::span<std::int16_t> pcm) {
  loop_.read(pcm);
  return pcm.size();
}

std::unique_ptr<AudioSource> WavFileSource::clone() const {
  return std::make_unique<WavFileSource>(rate_, loop_.samples());
}

}  // namespace sb::media
