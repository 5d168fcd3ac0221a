// SPDX-License-Identifier: MIT
#include "base/random.h"

#include <gtest/gtest.h>

#include <set>

namespace sb::random {

TEST(Random, tokens_have_the_asked_length_and_safe_alphabet) {
  auto t = token(32);
  ASSERT_EQ(t.size(), 32u);
  for (char c : t) EXPECT_TRUE(std::isalnum(static_cast<unsigned char>(c))) << c;
}

TEST(Random, tokens_do_not_repeat) {
  std::set<std::string> seen;
  for (int i = 0; i < 1000; ++i) EXPECT_TRUE(seen.insert(token(22)).second);
}

}  // namespace sb::random
