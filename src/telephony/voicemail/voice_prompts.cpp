// SPDX-License-Identifier: MIT
#include "telephony/voicemail/voice_prompts.h"

#include <algorithm>
#include <array>
#include <cstdlib>
#include <cmath>
#include <numbers>

#include "base/log.h"
#include "media/endpoint/speech_synthesizer.h"

namespace sb::voicemail {
namespace {

// espeak-ng pads each phrase with silence; pieces joined into one prompt would pause too long.
// Keeps 20 ms either side of the first and last audible sample.
Clip trimmed(Clip clip) {
  constexpr std::int16_t kAudible = 400;
  constexpr std::size_t kMargin = VoicePrompts::kRate / 50;
  const auto& pcm = *clip;
  std::size_t first = 0, last = pcm.size();
  while (first < pcm.size() && std::abs(pcm[first]) < kAudible) ++first;
  while (last > first && std::abs(pcm[last - 1]) < kAudible) --last;
  if (first >= last) return clip;
  first = first > kMargin ? first - kMargin : 0;
  last = std::min(pcm.size(), last + kMargin);
  return std::make_shared<std::vector<std::int16_t>>(pcm.begin() + static_cast<std::ptrdiff_t>(first),
                                                     pcm.begin() + static_cast<std::ptrdiff_t>(last));
}

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
  if (spoken_.size() >= kMaxKept) spoken_.clear();
  auto spoken = media::speak(text, kRate);
  Clip clip = spoken.pcm ? trimmed(spoken.pcm) : nullptr;
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

Clip VoicePrompts::digits(const std::string& number) {
  std::vector<Clip> spoken;
  for (char c : number) {
    if (c >= '0' && c <= '9') spoken.push_back(say(numberWords(c - '0')));
    else if (c == '*') spoken.push_back(say("star"));
    else if (c == '#') spoken.push_back(say("pound"));
  }
  return join(spoken, 60);
}

Clip VoicePrompts::number(int n) { return say(numberWords(n)); }

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
