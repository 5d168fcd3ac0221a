// SPDX-License-Identifier: MIT
#pragma once
#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>
#include <string_view>

#include "media/codec/codec_id.h"

namespace sb::media {

// The PCM rates codecs are driven at ("pivot" rates): narrowband and wideband telephony.
inline constexpr int kNarrowbandRate = 8000;
inline constexpr int kWidebandRate = 16000;
constexpr bool isPivotRate(int rate) { return rate == kNarrowbandRate || rate == kWidebandRate; }

// Bounds on one RTP payload. 120 ms is the longest Opus packet (RFC 6716 §3.2.5) and longer than
// any ptime phones use; 1500 bytes is more than fits in an Ethernet frame's UDP payload.
inline constexpr int kMaxPacketMs = 120;
inline constexpr std::size_t kMaxPacketSamples = kMaxPacketMs * kWidebandRate / 1000;
inline constexpr std::size_t kMaxPayloadBytes = 1500;

enum class CodecError : std::uint8_t {
  None,
  EmptyPayload,     // nothing to decode
  BadPayloadSize,   // the size is not one the codec can produce
  PayloadTooLarge,  // more than kMaxPayloadBytes or longer than kMaxPacketMs
  Corrupt,          // the codec rejected the bytes themselves
  OutputTooSmall,   // the caller's buffer cannot hold the result
  BadInputLength,   // PCM handed to an encoder is not a packet length the codec supports
  Overflow,         // a transcoder was pushed more than it may buffer
  EncoderFailed,    // the codec library refused (should not happen)
};

std::string_view describe(CodecError error);

// A count (samples or bytes, as each call says) or why there is none.
struct [[nodiscard]] CodecResult {
  std::size_t count = 0;
  CodecError error = CodecError::None;

  bool ok() const { return error == CodecError::None; }
  explicit operator bool() const { return ok(); }
  static CodecResult of(std::size_t n) { return {n, CodecError::None}; }
  static CodecResult fail(CodecError e) { return {0, e}; }
};

// Turns 16-bit linear PCM at pcmRate() into RTP payloads of one codec. Owns the codec's state
// (one per stream direction); never allocates after construction. Knows nothing of RTP headers.
class Encoder {
 public:
  virtual ~Encoder() = default;
  virtual CodecId codec() const = 0;
  virtual int pcmRate() const = 0;
  // Whether a packet of `ms` milliseconds can be produced (a multiple of 10 up to kMaxPacketMs;
  // Opus also needs a frame size it knows: 10, 20, 40, 60, 80, 100, 120).
  virtual bool supportsPacketMs(int ms) const;
  // Encodes `pcm` as one RTP payload into `out`; count is the payload's size in bytes.
  // `pcm` must hold a supported packet length at pcmRate().
  virtual CodecResult encode(std::span<const std::int16_t> pcm, std::span<std::uint8_t> out) = 0;
};

// Turns RTP payloads of one codec, as they come from the network, back into 16-bit linear PCM at
// pcmRate(). Every payload is validated before it is read: a payload of the wrong size is an
// error, never an out-of-bounds read. Never allocates after construction.
class Decoder {
 public:
  virtual ~Decoder() = default;
  virtual CodecId codec() const = 0;
  virtual int pcmRate() const = 0;
  // How many samples at pcmRate() `payload` decodes to, or why it cannot be decoded.
  virtual CodecResult samplesIn(std::span<const std::uint8_t> payload) const = 0;
  // Decodes one payload into the front of `pcm`; count is the number of samples written.
  virtual CodecResult decode(std::span<const std::uint8_t> payload, std::span<std::int16_t> pcm) = 0;
  // Fills all of `pcm` (a whole number of 10 ms blocks) with concealment for lost packets.
  virtual CodecResult conceal(std::span<std::int16_t> pcm) = 0;
};

// A fresh encoder/decoder for `codec` fed at `pcmRate` (kNarrowbandRate or kWidebandRate);
// nullptr when the rate is not a pivot rate or the codec library cannot start.
std::unique_ptr<Encoder> makeEncoder(CodecId codec, int pcmRate);
std::unique_ptr<Decoder> makeDecoder(CodecId codec, int pcmRate);

// Samples in `ms` milliseconds at `rate`.
constexpr std::size_t samplesFor(int rate, int ms) { return static_cast<std::size_t>(rate / 1000 * ms); }

// The length in ms of `samples` at `rate` when it is a whole number of 10 ms blocks between 10
// and kMaxPacketMs, else 0.
int packetMsOf(std::size_t samples, int rate);

}  // namespace sb::media
