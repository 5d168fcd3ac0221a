// SPDX-License-Identifier: MIT
#include "media/endpoint/speech_synthesizer.h"

#include <espeak-ng/speak_lib.h>

#include <algorithm>
#include <cmath>
#include <mutex>

#include "media/codec/codec.h"
#include "media/endpoint/resampler.h"

namespace sb::media {
namespace {

std::mutex engineMutex;
int engineRate = 0;  // espeak-ng's output rate once initialised (22050 for its voices)

int collect(short* samples, int count, espeak_EVENT* events) {
  if (samples == nullptr || count <= 0 || events == nullptr) return 0;
  auto* out = static_cast<std::vector<float>*>(events->user_data);
  for (int i = 0; i < count; ++i) out->push_back(static_cast<float>(samples[i]) / 32768.0f);
  return 0;  // 0: go on
}

}  // namespace

SpokenText speak(std::string_view text, int pcmRate) {
  if (!isPivotRate(pcmRate)) return {nullptr, "unsupported PCM rate"};
  std::lock_guard lock(engineMutex);
  if (engineRate == 0) {
    const int rate = espeak_Initialize(AUDIO_OUTPUT_SYNCHRONOUS, 0, nullptr, espeakINITIALIZE_DONT_EXIT);
    if (rate <= 0) return {nullptr, "espeak-ng could not start (is espeak-ng-data installed?)"};
    espeak_SetSynthCallback(collect);
    if (espeak_SetVoiceByName("en-us") != EE_OK && espeak_SetVoiceByName("en") != EE_OK) {
      return {nullptr, "espeak-ng has no English voice"};
    }
    espeak_SetParameter(espeakRATE, 150, 0);  // words per minute: slower than its 175, for handsets
    engineRate = rate;
  }
  std::vector<float> speech;
  const std::string copy(text);
  if (espeak_Synth(copy.c_str(), copy.size() + 1, 0, POS_CHARACTER, 0, espeakCHARS_UTF8, nullptr, &speech) != EE_OK ||
      espeak_Synchronize() != EE_OK) {
    return {nullptr, "espeak-ng failed to speak \"" + copy + "\""};
  }
  if (speech.empty()) return {nullptr, "espeak-ng produced no audio for \"" + copy + "\""};
  // A prompt plays once, so the loop seam resampleLoop smooths is silence on both sides anyway.
  std::vector<float> resampled = resampleLoop(speech, engineRate, pcmRate);
  float peak = 0;
  for (float v : resampled) peak = std::max(peak, std::fabs(v));
  const float gain = peak > 0 ? 0.5f / peak : 1.0f;
  auto pcm = std::make_shared<std::vector<std::int16_t>>(resampled.size());
  std::transform(resampled.begin(), resampled.end(), pcm->begin(), [gain](float v) {
    return static_cast<std::int16_t>(std::clamp(std::lround(v * gain * 32767.0f), -32768L, 32767L));
  });
  return {std::move(pcm), {}};
}

}  // namespace sb::media
