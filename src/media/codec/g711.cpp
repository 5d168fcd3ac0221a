// SPDX-License-Identifier: MIT
#include "media/codec/g711.h"

#include <array>
#include <cassert>

namespace sb::media {
namespace {

// The ITU-T G.191 (STL) reference companders, used only at compile time to fill the tables.
// Inputs are 16-bit samples; the one's complement of negative values is what G.711 specifies.
constexpr std::uint8_t ulawCompress(int lin) {
  int absno = lin < 0 ? ((~lin) >> 2) + 33 : (lin >> 2) + 33;
  if (absno > 0x1FFF) absno = 0x1FFF;
  int i = absno >> 6;
  int segno = 1;
  while (i != 0) {
    ++segno;
    i >>= 1;
  }
  const int highNibble = 0x0008 - segno;
  const int lowNibble = 0x000F - ((absno >> segno) & 0x000F);
  int code = (highNibble << 4) | lowNibble;
  if (lin >= 0) code |= 0x0080;
  return static_cast<std::uint8_t>(code);
}

constexpr std::int16_t ulawExpand(std::uint8_t code) {
  const int sign = code < 0x80 ? -1 : 1;
  const int inverted = ~code;
  const int exponent = (inverted >> 4) & 0x0007;
  const int mantissa = inverted & 0x000F;
  const int step = 4 << (exponent + 1);
  return static_cast<std::int16_t>(sign * ((0x0080 << exponent) + step * mantissa + step / 2 - 4 * 33));
}

constexpr std::uint8_t alawCompress(int lin) {
  int ix = lin < 0 ? (~lin) >> 4 : lin >> 4;  // 12-bit magnitude
  if (ix > 15) {
    int iexp = 1;
    while (ix > 16 + 15) {
      ix >>= 1;
      ++iexp;
    }
    ix -= 16;
    ix += iexp << 4;
  }
  if (lin >= 0) ix |= 0x0080;
  return static_cast<std::uint8_t>(ix ^ 0x0055);  // even bits inverted (G.711 §2)
}

constexpr std::int16_t alawExpand(std::uint8_t code) {
  const int ix = (code ^ 0x0055) & 0x007F;
  const int iexp = ix >> 4;
  int mant = ix & 0x000F;
  if (iexp > 0) mant += 16;
  mant = (mant << 4) + 0x0008;
  if (iexp > 1) mant <<= (iexp - 1);
  return static_cast<std::int16_t>(code > 127 ? mant : -mant);
}

// Encode tables are indexed by the significant bits only (14 for µ-law, 13 for A-law), offset
// to be non-negative; the bits below never change the code.
constexpr int kUlawShift = 2;
constexpr int kAlawShift = 3;

constexpr auto kUlawEncode = [] {
  std::array<std::uint8_t, (1 << 14)> t{};
  for (int i = 0; i < static_cast<int>(t.size()); ++i) t[i] = ulawCompress((i - (1 << 13)) << kUlawShift);
  return t;
}();

constexpr auto kAlawEncode = [] {
  std::array<std::uint8_t, (1 << 13)> t{};
  for (int i = 0; i < static_cast<int>(t.size()); ++i) t[i] = alawCompress((i - (1 << 12)) << kAlawShift);
  return t;
}();

constexpr auto kUlawDecode = [] {
  std::array<std::int16_t, 256> t{};
  for (int i = 0; i < 256; ++i) t[i] = ulawExpand(static_cast<std::uint8_t>(i));
  return t;
}();

constexpr auto kAlawDecode = [] {
  std::array<std::int16_t, 256> t{};
  for (int i = 0; i < 256; ++i) t[i] = alawExpand(static_cast<std::uint8_t>(i));
  return t;
}();

// Spot checks against G.711's tables: silence codes and the extremes.
static_assert(kUlawDecode[0xFF] == 0 && kUlawDecode[0x7F] == 0);
static_assert(kUlawDecode[0x80] == 32124 && kUlawDecode[0x00] == -32124);
static_assert(kAlawDecode[0xD5] == 8 && kAlawDecode[0x55] == -8);
static_assert(kAlawDecode[0xAA] == 32256 && kAlawDecode[0x2A] == -32256);

}  // namespace

std::uint8_t linearToUlaw(std::int16_t sample) { return kUlawEncode[(sample >> kUlawShift) + (1 << 13)]; }
std::int16_t ulawToLinear(std::uint8_t code) { return kUlawDecode[code]; }
std::uint8_t linearToAlaw(std::int16_t sample) { return kAlawEncode[(sample >> kAlawShift) + (1 << 12)]; }
std::int16_t alawToLinear(std::uint8_t code) { return kAlawDecode[code]; }

G711Encoder::G711Encoder(CodecId law) : law_(law) {
  assert(law == CodecId::Pcmu || law == CodecId::Pcma);
}

CodecResult G711Encoder::encode(std::span<const std::int16_t> pcm, std::span<std::uint8_t> out) {
  if (packetMsOf(pcm.size(), kNarrowbandRate) == 0) return CodecResult::fail(CodecError::BadInputLength);
  if (out.size() < pcm.size()) return CodecResult::fail(CodecError::OutputTooSmall);
  if (law_ == CodecId::Pcmu) {
    for (std::size_t i = 0; i < pcm.size(); ++i) out[i] = linearToUlaw(pcm[i]);
  } else {
    for (std::size_t i = 0; i < pcm.size(); ++i) out[i] = linearToAlaw(pcm[i]);
  }
  return CodecResult::of(pcm.size());
}

G711Decoder::G711Decoder(CodecId law) : law_(law) {
  assert(law == CodecId::Pcmu || law == CodecId::Pcma);
}

CodecResult G711Decoder::samplesIn(std::span<const std::uint8_t> payload) const {
  if (payload.empty()) return CodecResult::fail(CodecError::EmptyPayload);
  // Any byte count is a whole number of samples (RFC 3551 §4.5.14).
  if (payload.size() > samplesFor(kNarrowbandRate, kMaxPacketMs)) return CodecResult::fail(CodecError::PayloadTooLarge);
  return CodecResult::of(payload.size());
}

CodecResult G711Decoder::decode(std::span<const std::uint8_t> payload, std::span<std::int16_t> pcm) {
  const CodecResult n = samplesIn(payload);
  if (!n) return n;
  if (pcm.size() < n.count) return CodecResult::fail(CodecError::OutputTooSmall);
  const auto& table = law_ == CodecId::Pcmu ? kUlawDecode : kAlawDecode;
  for (std::size_t i = 0; i < n.count; ++i) pcm[i] = table[payload[i]];
  plc_.received(pcm.first(n.count));
  return n;
}

CodecResult G711Decoder::conceal(std::span<std::int16_t> pcm) {
  if (packetMsOf(pcm.size(), kNarrowbandRate) == 0) return CodecResult::fail(CodecError::BadInputLength);
  plc_.fillIn(pcm);
  return CodecResult::of(pcm.size());
}

}  // namespace sb::media
