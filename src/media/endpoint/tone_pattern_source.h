// SPDX-License-Identifier: MIT
#pragma once
#include <memory>
#include <vector>

#include "media/endpoint/audio_source.h"
#include "media/endpoint/pcm_loop.h"

namespace sb::media {

// The default music on hold, made in code so Switchboard needs no sound file: a slow, soft
// progression of four seventh chords (Cmaj7, Am7, Fmaj7, G6, three seconds each) as sine pads,
// with a bell-like arpeggio above, peaking near -10 dBFS. Every fundamental lies between 260 Hz
// and 1.2 kHz so it survives narrowband codecs and handset speakers. Rendered once into a 12 s
// loop (192 KB at 8 kHz), which clones share.
class TonePatternSource final : public AudioSource {
 public:
  static constexpr int kLoopSeconds = 12;

  explicit TonePatternSource(int pcmRate);
  // Plays an already rendered loop (see render()), e.g. one shared by every held call.
  TonePatternSource(int pcmRate, std::shared_ptr<const std::vector<std::int16_t>> loop);

  // The pattern at `pcmRate`, kLoopSeconds long.
  static std::shared_ptr<const std::vector<std::int16_t>> render(int pcmRate);

  int pcmRate() const override { return rate_; }
  std::size_t read(std::span<std::int16_t> pcm) override;
  std::unique_ptr<AudioSource> clone() const override;

 private:
  int rate_;
  PcmLoop loop_;
};

}  // namespace sb::media
