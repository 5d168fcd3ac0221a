// SPDX-License-Identifier: MIT
#pragma once
#include <cstdint>
#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

namespace sb::voicemail {

using Clip = std::shared_ptr<const std::vector<std::int16_t>>;

// The voice of voicemail: phrases spoken by espeak-ng on first use and kept (a phrase costs a
// few milliseconds once), and the tone that starts a recording. Everything at 8 kHz. What varies
// (extension numbers, counts) is put together from kept pieces, as Asterisk's prompts are, so the
// cache holds a bounded set of phrases however many extensions speak through it. When speech
// cannot be made (espeak-ng-data missing) a phrase is a short silence and the beep still sounds,
// so voicemail keeps working, just without words; the first failure is logged.
class VoicePrompts {
 public:
  static constexpr int kRate = 8000;
  VoicePrompts();

  // A fixed phrase. Never pass text that varies per call: use digits() and number().
  Clip say(const std::string& text);
  // "one zero one": a number said digit by digit, as people say extension numbers.
  Clip digits(const std::string& number);
  // "forty two".
  Clip number(int n);
  // A 0.4 s 1 kHz tone (the usual "record after the tone").
  const Clip& beep() const { return beep_; }
  // Clips one after another, with `gapMs` of silence between them.
  static Clip join(const std::vector<Clip>& clips, int gapMs = 150);
  // "one", "twenty one"... for counts and message numbers.
  static std::string numberWords(int n);

 private:
  static constexpr std::size_t kMaxKept = 1000;  // phrases; beyond it the cache starts afresh
  std::unordered_map<std::string, Clip> spoken_;
  Clip beep_;
  bool failureLogged_ = false;
};

}  // namespace sb::voicemail
