// SPDX-License-Identifier: MIT
#include "base/text.h"

#include <gtest/gtest.h>

namespace sb::text {

TEST(Text, splits_lists_but_not_inside_quotes_or_angle_brackets) {
  auto parts = splitOutsideQuotes(R"("a, b" <sip:x@y;p=1,2>, <sip:z@w> )", ',');
  ASSERT_EQ(parts.size(), 2u);
  EXPECT_EQ(parts[0], R"("a, b" <sip:x@y;p=1,2>)");
  EXPECT_EQ(parts[1], "<sip:z@w>");
}

TEST(Text, parses_only_whole_unsigned_numbers) {
  EXPECT_EQ(parseUnsigned<unsigned>("3600"), 3600u);
  EXPECT_FALSE(parseUnsigned<unsigned>("-1"));
  EXPECT_FALSE(parseUnsigned<unsigned>("12 "));
  EXPECT_FALSE(parseUnsigned<std::uint8_t>("256"));
}

TEST(Text, sanitizes_quotes_and_control_characters_for_logs) {
  EXPECT_EQ(sanitizeForLog("a\"b\r\nc'd\\"), "a_b__c_d_");
  EXPECT_EQ(sanitizeForLog("abcdef", 3), "abc");
}

}  // namespace sb::text
