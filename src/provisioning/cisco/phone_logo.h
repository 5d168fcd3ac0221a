// SPDX-License-Identifier: MIT
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "base/result.h"

namespace sb::provisioning {

// The 7940/7960 logo (shared reference cisco-79xx.md §1.5): 90×56 pixels in the phone's four
// greys (#000000, #404040, #808080, #FFFFFF), served as a BMP.
constexpr int kLogoWidth = 90;
constexpr int kLogoHeight = 56;

// A grey image: `grey` holds width*height values 0 (black) to 255 (white), rows top first.
struct GreyImage {
  int width = 0;
  int height = 0;
  std::vector<std::uint8_t> grey;
};

// Scales `image` to fit 90×56 keeping its proportions (centred on white), then reduces it to the
// four greys with Floyd-Steinberg dithering; returns one of 0..3 per pixel (0 black .. 3 white).
std::vector<std::uint8_t> toFourGreys(const GreyImage& image);

// A 4-bit palette BMP (BITMAPINFOHEADER, bottom-up rows) of 90×56 pixels with the four greys.
std::string logoBmp(const std::vector<std::uint8_t>& levels);

// The default logo, drawn in code: a framed "Switchboard" word mark with a handset.
GreyImage defaultLogo();

// Reads a PNG, JPEG, BMP or GIF file into grey levels.
Result<GreyImage> loadImage(const std::string& path);

}  // namespace sb::provisioning
