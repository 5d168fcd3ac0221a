// SPDX-License-Identifier: MIT
#include "telephony/voicemail/voice_prompts.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <numbers>

#include "base/log.h"
#include "media/endpoint/speech_synthesizer.h"

namespace sb::voicemail {
namespace {

Clip renderBeep() {
  constexpr int kSamples = VoicePrompts::kRate * 4 / 10;
  auto pcm = std::make_shared<std::vector<std::int16_t>>(kSamples);
  for (int i = 0; i < kSamples; ++i) {
    // 5 ms ramps at both ends keep the tone from clicking.
    const double ramp = std::min({1.0, i / 40.0, (kSamples - i) / 40.0});
    (*pcm)[i] = static_cast<std::int16_t>(
        12000.0 * ramp * std::sin(2.0 * std::numbers::pi * 1000.0 * i / VoicePrompts::kRate));
  }
  return pcm;
}

}  // namespace

VoicePrompts::VoicePrompts() : beep_(renderBeep()) {}

Clip VoicePrompts::say(const std::string& text) {
  if (auto it = spoken_.find(text); it != spoken_.end()) return it->second;
  auto spoken = media::speak(text, kRate);
  Clip clip = spoken.pcm;
  if (!clip) {
    if (!failureLogged_) SB_LOG_WARNING("Voice prompts are silent: {}", spoken.error);
    failureLogged_ = true;
    clip = std::make_shared<std::vector<std::int16_t>>(kRate / 2);
  }
  spoken_.emplace(text, clip);
  return clip;
}

Clip VoicePrompts::join(const std::vector<Clip>& clips, int gapMs) {
  auto joined = std::make_shared<std::vector<std::int16_t>>();
  const std::size_t gap = static_cast<std::size_t>(kRate * gapMs / 1000);
  for (std::size_t i = 0; i < clips.size(); ++i) {
    if (!clips[i]) continue;
    if (!joined->empty()) joined->insert(joined->end(), gap, 0);
    joined->insert(joined->end(), clips[i]->begin(), clips[i]->end());
  }
  return joined;
}

std::string VoicePrompts::digitByDigit(const std::string& number) {
  std::string out;
  for (char c : number) {
    if (!out.empty()) out += ' ';
    out += c;
  }
  return out;
}

std::string VoicePrompts::numberWords(int n) {
  static constexpr std::array<const char*, 20> kSmall{
      "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
      "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen"};
  static constexpr std::array<const char*, 10> kTens{"", "", "twenty", "thirty", "forty",
                                                     "fifty", "sixty", "seventy", "eighty", "ninety"};
  if (n < 0) return "minus " + numberWords(-n);
  if (n < 20) return kSmall[static_cast<std::size_t>(n)];
  if (n < 100) {
    std::string words = kTens[static_cast<std::size_t>(n / 10)];
    return n % 10 ? words + " " + kSmall[static_cast<std::size_t>(n % 10)] : words;
  }
  if (n < 1000) {
    std::string words = std::string(kSmall[static_cast<std::size_t>(n / 100)]) + " hundred";
    return n % 100 ? words + " " + numberWords(n % 100) : words;
  }
  return std::to_string(n);
}

}  // namespace sb::voicemail
