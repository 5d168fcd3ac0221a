// SPDX-License-Identifier: MIT
#include "provisioning/cisco/phone_logo.h"

#include <algorithm>
#include <array>
#include <cmath>

// stb_image (Debian's libstb-dev): one well-kept decoder for PNG, JPEG, BMP and GIF. Only the
// decoders we need are compiled in, into this file alone.
#define STB_IMAGE_IMPLEMENTATION
#define STBI_ONLY_PNG
#define STBI_ONLY_JPEG
#define STBI_ONLY_BMP
#define STBI_ONLY_GIF
#include <stb/stb_image.h>

namespace sb::provisioning {
namespace {

constexpr std::array<int, 4> kLevels = {0x00, 0x40, 0x80, 0xFF};

void put16(std::string& out, std::uint32_t v) {
  out.push_back(static_cast<char>(v & 0xff));
  out.push_back(static_cast<char>((v >> 8) & 0xff));
}
void put32(std::string& out, std::uint32_t v) {
  put16(out, v & 0xffff);
  put16(out, v >> 16);
}

// A 5×7 pixel font for the word mark: each glyph is seven rows of five bits, left bit first.
struct Glyph {
  char c;
  std::array<std::uint8_t, 7> rows;
};
constexpr std::array<Glyph, 11> kFont = {{
    {'S', {0x0F, 0x10, 0x10, 0x0E, 0x01, 0x01, 0x1E}}, {'W', {0x11, 0x11, 0x11, 0x15, 0x15, 0x15, 0x0A}},
    {'I', {0x0E, 0x04, 0x04, 0x04, 0x04, 0x04, 0x0E}}, {'T', {0x1F, 0x04, 0x04, 0x04, 0x04, 0x04, 0x04}},
    {'C', {0x0E, 0x11, 0x10, 0x10, 0x10, 0x11, 0x0E}}, {'H', {0x11, 0x11, 0x11, 0x1F, 0x11, 0x11, 0x11}},
    {'B', {0x1E, 0x11, 0x11, 0x1E, 0x11, 0x11, 0x1E}}, {'O', {0x0E, 0x11, 0x11, 0x11, 0x11, 0x11, 0x0E}},
    {'A', {0x0E, 0x11, 0x11, 0x1F, 0x11, 0x11, 0x11}}, {'R', {0x1E, 0x11, 0x11, 0x1E, 0x14, 0x12, 0x11}},
    {'D', {0x1E, 0x11, 0x11, 0x11, 0x11, 0x11, 0x1E}},
}};

const Glyph* glyphFor(char c) {
  for (const auto& g : kFont) {
    if (g.c == c) return &g;
  }
  return nullptr;
}

}  // namespace

std::vector<std::uint8_t> toFourGreys(const GreyImage& image) {
  // Fit inside 90×56, proportions kept, on white; each target pixel averages the source pixels
  // it covers (area sampling), so shrinking a photo keeps its tones.
  std::vector<float> plane(static_cast<std::size_t>(kLogoWidth * kLogoHeight), 255.0f);
  if (image.width > 0 && image.height > 0 &&
      image.grey.size() == static_cast<std::size_t>(image.width) * static_cast<std::size_t>(image.height)) {
    const double scale = std::min(static_cast<double>(kLogoWidth) / image.width,
                                  static_cast<double>(kLogoHeight) / image.height);
    const int w = std::max(1, static_cast<int>(std::lround(image.width * scale)));
    const int h = std::max(1, static_cast<int>(std::lround(image.height * scale)));
    const int x0 = (kLogoWidth - w) / 2;
    const int y0 = (kLogoHeight - h) / 2;
    for (int y = 0; y < h; ++y) {
      const int sy0 = y * image.height / h;
      const int sy1 = std::max(sy0 + 1, (y + 1) * image.height / h);
      for (int x = 0; x < w; ++x) {
        const int sx0 = x * image.width / w;
        const int sx1 = std::max(sx0 + 1, (x + 1) * image.width / w);
        double sum = 0;
        for (int sy = sy0; sy < sy1; ++sy) {
          for (int sx = sx0; sx < sx1; ++sx) sum += image.grey[static_cast<std::size_t>(sy) * image.width + sx];
        }
        plane[static_cast<std::size_t>((y0 + y) * kLogoWidth + x0 + x)] =
            static_cast<float>(sum / ((sy1 - sy0) * (sx1 - sx0)));
      }
    }
  }
  // Floyd-Steinberg to the four levels.
  std::vector<std::uint8_t> out(plane.size());
  for (int y = 0; y < kLogoHeight; ++y) {
    for (int x = 0; x < kLogoWidth; ++x) {
      const std::size_t i = static_cast<std::size_t>(y * kLogoWidth + x);
      const float value = std::clamp(plane[i], 0.0f, 255.0f);
      int best = 0;
      for (int l = 1; l < 4; ++l) {
        if (std::abs(value - kLevels[l]) < std::abs(value - kLevels[best])) best = l;
      }
      out[i] = static_cast<std::uint8_t>(best);
      const float error = value - static_cast<float>(kLevels[best]);
      if (x + 1 < kLogoWidth) plane[i + 1] += error * 7 / 16;
      if (y + 1 < kLogoHeight) {
        if (x > 0) plane[i + kLogoWidth - 1] += error * 3 / 16;
        plane[i + kLogoWidth] += error * 5 / 16;
        if (x + 1 < kLogoWidth) plane[i + kLogoWidth + 1] += error * 1 / 16;
      }
    }
  }
  return out;
}

std::string logoBmp(const std::vector<std::uint8_t>& levels) {
  constexpr std::uint32_t kRowBytes = ((kLogoWidth * 4 + 31) / 32) * 4;  // 4 bits a pixel, rows padded to 4 bytes
  constexpr std::uint32_t kPalette = 4 * 4;
  constexpr std::uint32_t kOffset = 14 + 40 + kPalette;
  constexpr std::uint32_t kImageBytes = kRowBytes * kLogoHeight;
  std::string out;
  out.reserve(kOffset + kImageBytes);
  out.append("BM");
  put32(out, kOffset + kImageBytes);
  put32(out, 0);
  put32(out, kOffset);
  put32(out, 40);  // BITMAPINFOHEADER
  put32(out, kLogoWidth);
  put32(out, kLogoHeight);  // positive: rows bottom-up
  put16(out, 1);
  put16(out, 4);
  put32(out, 0);  // BI_RGB
  put32(out, kImageBytes);
  put32(out, 2835);  // 72 dpi
  put32(out, 2835);
  put32(out, 4);  // colours used
  put32(out, 4);
  for (int level : kLevels) {
    out.push_back(static_cast<char>(level));  // blue, green, red, reserved
    out.push_back(static_cast<char>(level));
    out.push_back(static_cast<char>(level));
    out.push_back(0);
  }
  for (int y = kLogoHeight - 1; y >= 0; --y) {
    std::string row(kRowBytes, '\0');
    for (int x = 0; x < kLogoWidth; ++x) {
      const std::size_t i = static_cast<std::size_t>(y * kLogoWidth + x);
      const std::uint8_t level = i < levels.size() ? std::min<std::uint8_t>(levels[i], 3) : 3;
      row[static_cast<std::size_t>(x / 2)] |= static_cast<char>(x % 2 == 0 ? level << 4 : level);
    }
    out.append(row);
  }
  return out;
}

GreyImage defaultLogo() {
  GreyImage image{kLogoWidth, kLogoHeight, std::vector<std::uint8_t>(kLogoWidth * kLogoHeight, 255)};
  auto set = [&](int x, int y, std::uint8_t v) {
    if (x >= 0 && x < kLogoWidth && y >= 0 && y < kLogoHeight) image.grey[static_cast<std::size_t>(y * kLogoWidth + x)] = v;
  };
  // A dark grey frame.
  for (int x = 0; x < kLogoWidth; ++x) {
    set(x, 0, 0x40);
    set(x, kLogoHeight - 1, 0x40);
  }
  for (int y = 0; y < kLogoHeight; ++y) {
    set(0, y, 0x40);
    set(kLogoWidth - 1, y, 0x40);
  }
  // A handset: two ear/mouth pieces joined by a curved grip, in black.
  for (int y = 0; y < kLogoHeight; ++y) {
    for (int x = 0; x < kLogoWidth; ++x) {
      const double dx = x - 45.0;
      const double dy = y - 24.0;
      const double r = std::sqrt(dx * dx + dy * dy * 4);
      if (r >= 18 && r <= 22 && dy < 2) set(x, y, 0x00);  // the grip
      const double ear = std::hypot(x - 25.0, y - 25.0);
      const double mouth = std::hypot(x - 65.0, y - 25.0);
      if (ear <= 5 || mouth <= 5) set(x, y, 0x00);
    }
  }
  // The word mark below, light grey shadow then black letters.
  const std::string word = "SWITCHBOARD";
  const int left = (kLogoWidth - static_cast<int>(word.size()) * 6 + 1) / 2;
  const int top = 40;
  for (int pass = 0; pass < 2; ++pass) {
    for (std::size_t k = 0; k < word.size(); ++k) {
      const Glyph* g = glyphFor(word[k]);
      if (!g) continue;
      for (int row = 0; row < 7; ++row) {
        for (int col = 0; col < 5; ++col) {
          if (g->rows[static_cast<std::size_t>(row)] & (0x10 >> col)) {
            const int x = left + static_cast<int>(k) * 6 + col;
            if (pass == 0) set(x + 1, top + row + 1, 0x80);
            else set(x, top + row, 0x00);
          }
        }
      }
    }
  }
  return image;
}

Result<GreyImage> loadImage(const std::string& path) {
  int w = 0;
  int h = 0;
  int channels = 0;
  if (!stbi_info(path.c_str(), &w, &h, &channels)) {
    return fail(path + ": not a PNG, JPEG, BMP or GIF image (" + stbi_failure_reason() + ")");
  }
  if (w <= 0 || h <= 0 || static_cast<long long>(w) * h > 16'000'000) {
    return fail(path + ": image too large (" + std::to_string(w) + "x" + std::to_string(h) + ")");
  }
  unsigned char* pixels = stbi_load(path.c_str(), &w, &h, &channels, 1);
  if (pixels == nullptr) {
    return fail(path + ": " + stbi_failure_reason());
  }
  GreyImage image{w, h, std::vector<std::uint8_t>(pixels, pixels + static_cast<std::size_t>(w) * h)};
  stbi_image_free(pixels);
  return image;
}

}  // namespace sb::provisioning
