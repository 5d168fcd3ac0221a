// SPDX-License-Identifier: MIT
#pragma once
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace sb::media {

// Spoken prompts (voicemail's greetings and menus) rendered from text with espeak-ng, so
// Switchboard ships no recordings. espeak-ng is one engine per process; speak() serialises on
// it. Fast enough to render all prompts at start (about 2 ms per second of speech).
struct SpokenText {
  std::shared_ptr<const std::vector<std::int16_t>> pcm;  // null on failure
  std::string error;
};

// `text` in English, rendered at `pcmRate` (a pivot rate), peaking near -6 dBFS.
SpokenText speak(std::string_view text, int pcmRate);

}  // namespace sb::media
