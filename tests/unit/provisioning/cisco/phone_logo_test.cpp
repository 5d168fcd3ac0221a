// SPDX-License-Identifier: MIT
// The 7940/7960 logo: 90×56, four greys, a BMP the phone reads.
#include "provisioning/cisco/phone_logo.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <set>

namespace sb::provisioning {
namespace {

std::uint32_t le32(const std::string& s, std::size_t at) {
  return static_cast<std::uint8_t>(s[at]) | static_cast<std::uint8_t>(s[at + 1]) << 8 |
         static_cast<std::uint8_t>(s[at + 2]) << 16 | static_cast<std::uint32_t>(static_cast<std::uint8_t>(s[at + 3])) << 24;
}

TEST(PhoneLogo, the_bmp_is_90_by_56_with_four_greys_in_its_palette) {
  const auto bmp = logoBmp(toFourGreys(defaultLogo()));
  ASSERT_GT(bmp.size(), 70u);
  EXPECT_EQ(bmp.substr(0, 2), "BM");
  EXPECT_EQ(le32(bmp, 2), bmp.size());
  EXPECT_EQ(le32(bmp, 18), 90u);
  EXPECT_EQ(le32(bmp, 22), 56u);
  EXPECT_EQ(static_cast<int>(bmp[28]), 4);  // bits per pixel
  EXPECT_EQ(le32(bmp, 10), 14u + 40u + 16u);
  const std::string palette = bmp.substr(54, 16);
  EXPECT_EQ(palette, std::string("\x00\x00\x00\x00\x40\x40\x40\x00\x80\x80\x80\x00\xFF\xFF\xFF\x00", 16));
  EXPECT_EQ(bmp.size(), 70u + 48u * 56u);  // rows of 45 bytes padded to 48
}

TEST(PhoneLogo, the_default_logo_uses_black_grey_and_white) {
  const auto levels = toFourGreys(defaultLogo());
  ASSERT_EQ(levels.size(), 90u * 56u);
  const std::set<std::uint8_t> used(levels.begin(), levels.end());
  EXPECT_TRUE(used.count(0) && used.count(3));
  EXPECT_GT(std::count(levels.begin(), levels.end(), 3), 90 * 56 / 2);  // mostly white
}

TEST(PhoneLogo, a_mid_grey_photo_is_dithered_not_flattened) {
  GreyImage grey{300, 200, std::vector<std::uint8_t>(300 * 200, 100)};  // between #404040 and #808080
  const auto levels = toFourGreys(grey);
  const auto dark = std::count(levels.begin(), levels.end(), 1);
  const auto light = std::count(levels.begin(), levels.end(), 2);
  EXPECT_GT(dark, 0);
  EXPECT_GT(light, 0);
  // 300x200 fits as 84x56 centred: white bars at the sides.
  EXPECT_EQ(levels[0], 3);
  EXPECT_EQ(levels[89], 3);
}

TEST(PhoneLogo, an_unreadable_file_is_refused_with_a_reason) {
  const auto image = loadImage("/nonexistent/logo.png");
  EXPECT_FALSE(image.ok());
  EXPECT_NE(image.error().find("/nonexistent/logo.png"), std::string::npos);
}

}  // namespace
}  // namespace sb::provisioning
