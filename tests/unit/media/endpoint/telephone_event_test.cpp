// SPDX-License-Identifier: MIT
#include "media/endpoint/telephone_event.h"

#include <gtest/gtest.h>

#include <vector>

namespace sb::media {
namespace {

TEST(TelephoneEvent, reads_the_rfc4733_payload) {
  const std::vector<std::uint8_t> payload{11, 0x80 | 10, 0x03, 0x20};
  const auto e = parseTelephoneEvent(payload);
  ASSERT_TRUE(e);
  EXPECT_EQ(e->event, 11);
  EXPECT_TRUE(e->end);
  EXPECT_EQ(e->volume, 10);
  EXPECT_EQ(e->duration, 800);
  EXPECT_FALSE(parseTelephoneEvent(std::vector<std::uint8_t>{1, 2, 3}));
}

TEST(TelephoneEvent, names_the_sixteen_keys_and_nothing_else) {
  EXPECT_EQ(dtmfKey(0), '0');
  EXPECT_EQ(dtmfKey(9), '9');
  EXPECT_EQ(dtmfKey(10), '*');
  EXPECT_EQ(dtmfKey(11), '#');
  EXPECT_EQ(dtmfKey(12), 'A');
  EXPECT_EQ(dtmfKey(15), 'D');
  EXPECT_EQ(dtmfKey(16), 0);   // flash
  EXPECT_EQ(dtmfKey(255), 0);
}

}  // namespace
}  // namespace sb::media
