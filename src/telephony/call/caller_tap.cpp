// SPDX-License-Identifier: MIT
#include "telephony/call/caller_tap.h"

#include <algorithm>

#include "media/endpoint/telephone_event.h"

namespace sb::call {

CallerTap::CallerTap(std::unique_ptr<media::Decoder> decoder, std::uint8_t audioType,
                     std::optional<std::uint8_t> eventType)
    : decoder_(std::move(decoder)), audioType_(audioType), eventType_(eventType) {
  audio_.reserve(kAudioCapacity);
  keys_.reserve(kKeyCapacity);
}

std::span<const std::uint8_t> CallerTap::transform(media::rtp::RtpPacketView packet, std::span<std::uint8_t>) {
  const auto pt = packet.payloadType();
  if (eventType_ && pt == *eventType_) {
    onEvent(packet.payload(), packet.timestamp());
    return {};
  }
  if (pt != audioType_ || !decoder_) return {};
  // A new source restarts the codec (RFC 3550 §8.2), as the transcoder does.
  if (lastSsrc_ != packet.ssrc()) {
    decoder_ = media::makeDecoder(decoder_->codec(), kRate);
    lastSsrc_ = packet.ssrc();
    if (!decoder_) return {};
  }
  const auto decoded = decoder_->decode(packet.payload(), scratch_);
  if (!decoded.ok()) return {};
  if (!eventType_) {
    std::string heard;  // a packet holds at most a few keys: within the small-string buffer
    inBand_.feed(std::span<const std::int16_t>(scratch_.data(), decoded.count), heard);
    for (char key : heard) addKey(key);
  }
  const std::size_t room = kAudioCapacity - audio_.size();
  const std::size_t n = std::min(decoded.count, room);
  audio_.insert(audio_.end(), scratch_.begin(), scratch_.begin() + static_cast<std::ptrdiff_t>(n));
  return {};
}

void CallerTap::onEvent(std::span<const std::uint8_t> payload, std::uint32_t timestamp) {
  const auto event = media::parseTelephoneEvent(payload);
  if (!event) return;
  // Every packet of one key press (and its three end repeats, §2.5.1.4) carries the timestamp
  // of the press's start: the first one seen counts, the rest repeat it.
  if (lastEventTimestamp_ == timestamp) return;
  const char key = media::dtmfKey(event->event);
  if (key == 0) return;
  lastEventTimestamp_ = timestamp;
  addKey(key);
}

void CallerTap::addKey(char key) {
  if (keys_.size() < kKeyCapacity) keys_.push_back(key);
}

void CallerTap::take(std::vector<std::int16_t>& audio, std::string& keys) {
  audio.insert(audio.end(), audio_.begin(), audio_.end());
  audio_.clear();
  keys += keys_;
  keys_.clear();
}

}  // namespace sb::call
