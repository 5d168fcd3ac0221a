// SPDX-License-Identifier: MIT
#include "media/endpoint/wav_file_source.h"

#include "media/endpoint/sound_file.h"

namespace sb::media {

WavFileSource::OpenResult WavFileSource::open(const std::filesystem::path& file, int pcmRate) {
  auto sound = loadSound(file, pcmRate);
  if (!sound.pcm) return {nullptr, std::move(sound.error)};
  return {std::make_unique<WavFileSource>(pcmRate, std::move(sound.pcm)), {}};
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
