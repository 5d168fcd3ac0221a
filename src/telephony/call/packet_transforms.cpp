// SPDX-License-Identifier: MIT
#include "telephony/call/packet_transforms.h"

#include <algorithm>
#include <cstring>

#include "base/random.h"

namespace sb::call {

PayloadTypeRewriter::PayloadTypeRewriter(std::uint8_t audioFrom, std::uint8_t audioTo,
                                         std::optional<std::uint8_t> eventsFrom,
                                         std::optional<std::uint8_t> eventsTo)
    : audioFrom_(audioFrom), audioTo_(audioTo), eventsFrom_(eventsFrom), eventsTo_(eventsTo) {}

std::span<const std::uint8_t> PayloadTypeRewriter::transform(media::rtp::RtpPacketView packet,
                                                             std::span<std::uint8_t>) {
  const auto pt = packet.payloadType();
  if (pt == audioFrom_) {
    packet.setPayloadType(audioTo_);
  } else if (eventsFrom_ && eventsTo_ && pt == *eventsFrom_) {
    packet.setPayloadType(*eventsTo_);
  }
  return packet.bytes();
}

TranscodingTransform::TranscodingTransform(std::unique_ptr<media::Transcoder> transcoder,
                                           std::uint8_t audioFrom, std::uint8_t audioTo,
                                           std::optional<std::uint8_t> eventsFrom,
                                           std::optional<std::uint8_t> eventsTo)
    : transcoder_(std::move(transcoder)), audioFrom_(audioFrom), audioTo_(audioTo),
      eventsFrom_(eventsFrom), eventsTo_(eventsTo) {
  // RFC 3550 §5.1: random initial sequence number and timestamp for the stream we originate.
  sequence_ = static_cast<std::uint16_t>(random::u64());
  timestamp_ = static_cast<std::uint32_t>(random::u64());
}

std::span<const std::uint8_t> TranscodingTransform::transform(media::rtp::RtpPacketView packet,
                                                              std::span<std::uint8_t> spare) {
  const auto pt = packet.payloadType();
  if (eventsFrom_ && eventsTo_ && pt == *eventsFrom_) {
    packet.setPayloadType(*eventsTo_);
    packet.setSequenceNumber(sequence_++);
    packet.setTimestamp(timestamp_);
    return packet.bytes();
  }
  if (pt != audioFrom_) return {};
  // A new source (the phone restarted its stream) starts the codec afresh (RFC 3550 §8.2).
  if (lastSsrc_ != packet.ssrc()) {
    transcoder_->reset();
    lastSsrc_ = packet.ssrc();
  }
  if (!transcoder_->push(packet.payload()).ok()) return {};
  const auto out = transcoder_->pull();
  if (!out) return {};
  constexpr std::size_t kHeader = 12;
  if (kHeader + out->payload.size() > spare.size()) return {};
  // A fresh RFC 3550 §5.1 header: version 2, no padding/extension/CSRCs, the source's marker
  // and SSRC, our sequence and timestamp in the target codec's clock.
  spare[0] = 0x80;
  spare[1] = static_cast<std::uint8_t>((packet.marker() ? 0x80 : 0) | (audioTo_ & 0x7f));
  spare[2] = static_cast<std::uint8_t>(sequence_ >> 8);
  spare[3] = static_cast<std::uint8_t>(sequence_ & 0xff);
  ++sequence_;
  for (int i = 0; i < 4; ++i) spare[4 + i] = static_cast<std::uint8_t>(timestamp_ >> (24 - 8 * i));
  const auto ssrc = packet.ssrc();
  for (int i = 0; i < 4; ++i) spare[8 + i] = static_cast<std::uint8_t>(ssrc >> (24 - 8 * i));
  std::memcpy(spare.data() + kHeader, out->payload.data(), out->payload.size());
  timestamp_ += out->timestampIncrement;
  return spare.first(kHeader + out->payload.size());
}

}  // namespace sb::call
