// SPDX-License-Identifier: MIT
#pragma once
#include <array>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "media/codec/codec.h"
#include "media/endpoint/dtmf_detector.h"
#include "media/rtp/packet_transform.h"

namespace sb::call {

// Switchboard listening to a phone instead of passing its packets on (voicemail): audio of the
// agreed codec is decoded to 8 kHz PCM, RFC 4733 key presses become characters (or, when the
// phone agreed to no telephone-event, keys heard in its audio); both wait in fixed buffers for
// take() (every 20 ms from the loop). Sends nothing on. Nothing is allocated per packet; audio
// beyond the buffer's two seconds (nobody took it) is dropped.
class CallerTap final : public media::rtp::PacketTransform {
 public:
  static constexpr int kRate = media::kNarrowbandRate;
  static constexpr std::size_t kAudioCapacity = 2 * kRate;
  static constexpr std::size_t kKeyCapacity = 32;

  CallerTap(std::unique_ptr<media::Decoder> decoder, std::uint8_t audioType, std::optional<std::uint8_t> eventType);
  std::span<const std::uint8_t> transform(media::rtp::RtpPacketView packet, std::span<std::uint8_t> spare) override;
  // Appends what was heard since the last call and forgets it.
  void take(std::vector<std::int16_t>& audio, std::string& keys);

 private:
  void onEvent(std::span<const std::uint8_t> payload, std::uint32_t timestamp);
  void addKey(char key);

  std::unique_ptr<media::Decoder> decoder_;
  std::uint8_t audioType_;
  std::optional<std::uint8_t> eventType_;
  std::optional<std::uint32_t> lastSsrc_;
  std::optional<std::uint32_t> lastEventTimestamp_;  // RFC 4733 §2.5.1.3: one event per timestamp
  std::vector<std::int16_t> audio_;  // capacity kAudioCapacity, reserved once
  std::array<std::int16_t, media::kMaxPacketSamples> scratch_{};
  std::string keys_;
  media::DtmfDetector inBand_;  // used only without telephone-event
};

}  // namespace sb::call
