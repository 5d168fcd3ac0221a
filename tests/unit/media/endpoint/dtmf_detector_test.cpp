// SPDX-License-Identifier: MIT
#include "media/endpoint/dtmf_detector.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "media/endpoint/speech_synthesizer.h"
#include "media/endpoint/tone_generator.h"
#include "media/endpoint/tone_pattern_source.h"

namespace sb::media {
namespace {

// `keys` as a phone sends them in-band: each a row and a column tone at `levelDbfs`, `onMs` on
// and `offMs` of silence after.
std::vector<std::int16_t> dialled(const std::string& keys, int onMs = 80, int offMs = 60, double levelDbfs = -12,
                                  double twistDb = 0) {
  static const std::string kKeys = "123A456B789C*0#D";
  static const double kRow[] = {697, 770, 852, 941};
  static const double kColumn[] = {1209, 1336, 1477, 1633};
  std::vector<std::int16_t> pcm;
  for (char k : keys) {
    const auto at = kKeys.find(k);
    ToneGenerator row(8000, Tone{kRow[at / 4], 0, levelDbfs, {}});
    ToneGenerator column(8000, Tone{kColumn[at % 4], 0, levelDbfs + twistDb, {}});
    std::vector<std::int16_t> a(static_cast<std::size_t>(8 * onMs)), b(a.size());
    row.fill(a);
    column.fill(b);
    for (std::size_t i = 0; i < a.size(); ++i) pcm.push_back(static_cast<std::int16_t>(a[i] + b[i]));
    pcm.insert(pcm.end(), static_cast<std::size_t>(8 * offMs), 0);
  }
  return pcm;
}

std::string heard(const std::vector<std::int16_t>& pcm, std::size_t chunk = 160) {
  DtmfDetector detector;
  std::string keys;
  for (std::size_t at = 0; at < pcm.size(); at += chunk)
    detector.feed(std::span<const std::int16_t>(pcm).subspan(at, std::min(chunk, pcm.size() - at)), keys);
  return keys;
}

TEST(DtmfDetector, hears_every_key_once_in_any_chunk_size) {
  const auto pcm = dialled("123A456B789C*0#D");
  EXPECT_EQ(heard(pcm), "123A456B789C*0#D");
  EXPECT_EQ(heard(pcm, 240), "123A456B789C*0#D");
  EXPECT_EQ(heard(pcm, 7), "123A456B789C*0#D");
}

TEST(DtmfDetector, a_held_key_counts_once_and_a_repeated_key_twice) {
  EXPECT_EQ(heard(dialled("5", 900)), "5");
  EXPECT_EQ(heard(dialled("77")), "77");
}

TEST(DtmfDetector, takes_quiet_keys_and_twist_within_limits_and_refuses_the_rest) {
  EXPECT_EQ(heard(dialled("9", 80, 60, -30)), "9");
  EXPECT_EQ(heard(dialled("9", 80, 60, -12, 3)), "9");    // column 3 dB over the row
  EXPECT_EQ(heard(dialled("9", 80, 60, -12, -6)), "9");   // column 6 dB under
  EXPECT_EQ(heard(dialled("9", 80, 60, -12, -14)), "");   // far outside
  EXPECT_EQ(heard(dialled("9", 30)), "") << "shorter than two blocks";
  EXPECT_EQ(heard(dialled("9", 80, 60, -60)), "") << "under the level";
}

TEST(DtmfDetector, speech_music_and_single_tones_are_not_keys) {
  const auto speech = speak("Please leave a message after the tone. One two three, four five six, seven.", 8000);
  ASSERT_TRUE(speech.pcm) << speech.error;
  EXPECT_EQ(heard(*speech.pcm), "");
  EXPECT_EQ(heard(*TonePatternSource::render(8000)), "");
  std::vector<std::int16_t> tone(8000);
  ToneGenerator(8000, Tone{1000, 0, -6, {}}).fill(tone);
  EXPECT_EQ(heard(tone), "");
  std::vector<std::int16_t> dial(8000);
  ToneGenerator(8000, Tone::dial()).fill(dial);
  EXPECT_EQ(heard(dial), "");
}

}  // namespace
}  // namespace sb::media
