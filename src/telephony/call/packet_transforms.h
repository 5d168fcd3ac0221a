// SPDX-License-Identifier: MIT
#pragma once
#include <cstdint>
#include <memory>
#include <optional>

#include "media/codec/transcoder.h"
#include "media/rtp/packet_transform.h"

namespace sb::call {

// Renumbers payload types between legs that agreed on the same codec under different numbers
// (dynamic types such as opus or telephone-event, RFC 3551 §3). Packets of other types pass as is.
class PayloadTypeRewriter final : public media::rtp::PacketTransform {
 public:
  PayloadTypeRewriter(std::uint8_t audioFrom, std::uint8_t audioTo, std::optional<std::uint8_t> eventsFrom,
                      std::optional<std::uint8_t> eventsTo);
  std::span<const std::uint8_t> transform(media::rtp::RtpPacketView packet,
                                          std::span<std::uint8_t> spare) override;

 private:
  std::uint8_t audioFrom_, audioTo_;
  std::optional<std::uint8_t> eventsFrom_, eventsTo_;
};

// Transcodes one direction's audio (e.g. opus to PCMA): each packet of the source codec is
// decoded and re-encoded into a new packet in `spare`, with its own sequence numbers and a
// timestamp in the target codec's clock. Telephone events are renumbered and keep flowing;
// anything else is dropped, since the far phone could not decode it.
class TranscodingTransform final : public media::rtp::PacketTransform {
 public:
  TranscodingTransform(std::unique_ptr<media::Transcoder> transcoder, std::uint8_t audioFrom,
                       std::uint8_t audioTo, std::optional<std::uint8_t> eventsFrom,
                       std::optional<std::uint8_t> eventsTo);
  std::span<const std::uint8_t> transform(media::rtp::RtpPacketView packet,
                                          std::span<std::uint8_t> spare) override;

 private:
  std::unique_ptr<media::Transcoder> transcoder_;
  std::uint8_t audioFrom_, audioTo_;
  std::optional<std::uint8_t> eventsFrom_, eventsTo_;
  std::optional<std::uint32_t> lastSsrc_;
  std::uint16_t sequence_ = 0;
  std::uint32_t timestamp_ = 0;
};

}  // namespace sb::call
