// SPDX-License-Identifier: MIT
#include "media/endpoint/speech_synthesizer.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>

namespace sb::media {
namespace {

TEST(SpeechSynthesizer, speaks_english_at_the_pivot_rates) {
  for (int rate : {8000, 16000}) {
    const auto spoken = speak("Please leave a message after the tone.", rate);
    ASSERT_TRUE(spoken.pcm) << spoken.error;
    // About two seconds of speech, loud enough, and not one steady tone.
    const double seconds = static_cast<double>(spoken.pcm->size()) / rate;
    EXPECT_GT(seconds, 1.0);
    EXPECT_LT(seconds, 6.0);
    const auto peak = *std::max_element(spoken.pcm->begin(), spoken.pcm->end(),
                                        [](auto a, auto b) { return std::abs(a) < std::abs(b); });
    EXPECT_GT(std::abs(peak), 12000);
    EXPECT_LE(std::abs(peak), 17000);
  }
}

TEST(SpeechSynthesizer, refuses_a_rate_the_codecs_do_not_use) {
  EXPECT_FALSE(speak("hello", 44100).pcm);
}

}  // namespace
}  // namespace sb::media
