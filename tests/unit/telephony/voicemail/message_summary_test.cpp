// SPDX-License-Identifier: MIT
#include "telephony/voicemail/message_summary.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>

#include "telephony/voicemail/voice_prompts.h"

namespace sb::voicemail {
namespace {

TEST(MessageSummary, is_the_rfc3842_body_the_lamp_follows) {
  EXPECT_EQ(messageSummary({2, 1}, "sip:*97@pbx.example"),
            "Messages-Waiting: yes\r\nMessage-Account: sip:*97@pbx.example\r\nVoice-Message: 2/1 (0/0)\r\n");
  EXPECT_EQ(messageSummary({0, 3}, ""), "Messages-Waiting: no\r\nVoice-Message: 0/3 (0/0)\r\n");
}

TEST(VoicePrompts, says_numbers_in_words) {
  EXPECT_EQ(VoicePrompts::numberWords(0), "zero");
  EXPECT_EQ(VoicePrompts::numberWords(7), "seven");
  EXPECT_EQ(VoicePrompts::numberWords(20), "twenty");
  EXPECT_EQ(VoicePrompts::numberWords(42), "forty two");
  EXPECT_EQ(VoicePrompts::numberWords(300), "three hundred");
  EXPECT_EQ(VoicePrompts::numberWords(115), "one hundred fifteen");
  EXPECT_EQ(VoicePrompts::numberWords(1500), "1500");
}

TEST(VoicePrompts, says_numbers_from_kept_pieces_without_the_padding_between_them) {
  VoicePrompts prompts;
  const auto one = prompts.say("one");
  ASSERT_GT(one->size(), 800u);
  // Trimmed: the first and last sounds are within 20 ms (160 samples) of the clip's ends.
  const auto loud = [](std::int16_t x) { return std::abs(x) >= 400; };
  EXPECT_LE(std::find_if(one->begin(), one->end(), loud) - one->begin(), 160);
  EXPECT_LE(std::find_if(one->rbegin(), one->rend(), loud) - one->rbegin(), 160);
  const auto digits = prompts.digits("101");
  const auto zero = prompts.say("zero");
  EXPECT_EQ(digits->size(), 2 * one->size() + zero->size() + 2 * 480u);  // two 60 ms gaps
  EXPECT_EQ(prompts.number(42), prompts.say("forty two")) << "kept, not spoken again";
}

TEST(VoicePrompts, joins_clips_with_silence_between_and_skips_missing_ones) {
  auto a = std::make_shared<std::vector<std::int16_t>>(3, 1);
  auto b = std::make_shared<std::vector<std::int16_t>>(2, 2);
  const auto joined = VoicePrompts::join({nullptr, a, b}, 1);  // 1 ms = 8 samples
  ASSERT_EQ(joined->size(), 3u + 8u + 2u);
  EXPECT_EQ((*joined)[0], 1);
  EXPECT_EQ((*joined)[3], 0);
  EXPECT_EQ((*joined)[11], 2);
}

}  // namespace
}  // namespace sb::voicemail
