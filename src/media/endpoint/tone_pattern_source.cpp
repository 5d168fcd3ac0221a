// SPDX-License-Identifier: MIT
#include "media/endpoint/tone_pattern_source.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <numbers>

namespace sb::media {
namespace {

constexpr double kTwoPi = 2 * std::numbers::pi;
constexpr double kChordSeconds = 3.0;
constexpr double kNoteSeconds = 0.75;  // four arpeggio notes per chord

struct Chord {
  std::array<double, 4> pad;     // Hz
  std::array<double, 4> melody;  // Hz, one after another
};

// Equal-tempered pitches (A4 = 440 Hz).
constexpr double kC4 = 261.63, kD4 = 293.66, kE4 = 329.63, kF4 = 349.23, kG4 = 392.00, kA4 = 440.00,
                 kB4 = 493.88, kD5 = 587.33, kE5 = 659.25, kF5 = 698.46, kG5 = 783.99,
                 kA5 = 880.00, kB5 = 987.77, kC6 = 1046.50, kD6 = 1174.66;

constexpr std::array<Chord, 4> kProgression = {{
    {{kC4, kE4, kG4, kB4}, {kE5, kG5, kB5, kG5}},  // Cmaj7
    {{kC4, kE4, kG4, kA4}, {kA5, kE5, kC6, kE5}},  // Am7 (upper voicing)
    {{kC4, kE4, kF4, kA4}, {kF5, kA5, kC6, kA5}},  // Fmaj7
    {{kD4, kE4, kG4, kB4}, {kD5, kG5, kB5, kD6}},  // G6
}};
static_assert(kProgression.size() * kChordSeconds == TonePatternSource::kLoopSeconds);

// Adds a sine note into `mix` treating it as a loop, so notes that ring past the end continue
// at the start and the seam cannot be heard. A gentle second harmonic makes it rounder.
void addNote(std::vector<float>& mix, int rate, double startSeconds, double frequency, double amplitude,
             double attackSeconds, double holdSeconds, double decaySeconds) {
  const auto n = mix.size();
  const auto start = static_cast<std::size_t>(startSeconds * rate);
  const auto length = static_cast<std::size_t>((attackSeconds + holdSeconds + 5 * decaySeconds) * rate);
  for (std::size_t i = 0; i < length && i < n; ++i) {
    const double t = static_cast<double>(i) / rate;
    double envelope = 1.0;
    if (t < attackSeconds) {
      envelope = 0.5 - 0.5 * std::cos(std::numbers::pi * t / attackSeconds);  // raised-cosine rise
    } else if (t > attackSeconds + holdSeconds) {
      envelope = std::exp(-(t - attackSeconds - holdSeconds) / decaySeconds);
    }
    const double phase = kTwoPi * frequency * t;
    const double v = amplitude * envelope * (std::sin(phase) + 0.25 * std::sin(2 * phase));
    mix[(start + i) % n] += static_cast<float>(v);
  }
}

}  // namespace

std::shared_ptr<const std::vector<std::int16_t>> TonePatternSource::render(int pcmRate) {
  std::vector<float> mix(static_cast<std::size_t>(pcmRate) * kLoopSeconds, 0.0f);
  for (std::size_t c = 0; c < kProgression.size(); ++c) {
    const double chordStart = static_cast<double>(c) * kChordSeconds;
    for (double f : kProgression[c].pad) {
      // A slow swell that fades into the next chord.
      addNote(mix, pcmRate, chordStart, f, 0.05, 0.6, kChordSeconds - 0.9, 0.35);
    }
    for (std::size_t m = 0; m < kProgression[c].melody.size(); ++m) {
      // A soft bell: quick onset, long exponential ring.
      addNote(mix, pcmRate, chordStart + static_cast<double>(m) * kNoteSeconds, kProgression[c].melody[m], 0.09,
              0.015, 0.0, 0.45);
    }
  }
  float peak = 0;
  for (float v : mix) peak = std::max(peak, std::fabs(v));
  const float gain = peak > 0 ? static_cast<float>(0.32 * 32767.0 / peak) : 0.0f;  // about -10 dBFS
  auto pcm = std::make_shared<std::vector<std::int16_t>>(mix.size());
  for (std::size_t i = 0; i < mix.size(); ++i) {
    (*pcm)[i] = static_cast<std::int16_t>(std::lround(mix[i] * gain));
  }
  return pcm;
}

TonePatternSource::TonePatternSource(int pcmRate) : TonePatternSource(pcmRate, render(pcmRate)) {}

TonePatternSource::TonePatternSource(int pcmRate, std::shared_ptr<const std::vector<std::int16_t>> loop)
    : rate_(pcmRate), loop_(std::move(loop)) {}

std::size_t TonePatternSource::read(std::span<std::int16_t> pcm) {
  loop_.read(pcm);
  return pcm.size();
}

std::unique_ptr<AudioSource> TonePatternSource::clone() const {
  return std::make_unique<TonePatternSource>(rate_, loop_.samples());
}

}  // namespace sb::media
