// SPDX-License-Identifier: MIT
// libFuzzer target for what voicemail hears: a stream of RTP datagrams (the input cut into
// packets by a length byte each) through CallerTap, the transform that decodes the caller's
// audio and its key presses (RFC 4733, or in-band tones without telephone-event), for each codec. Whatever arrives, it passes nothing on, keeps
// no more than its bounds, and yields only the sixteen DTMF keys. A broken promise aborts.
#include <array>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "media/codec/codec.h"
#include "media/rtp/rtp_packet_view.h"
#include "telephony/call/caller_tap.h"
#include "require.h"

namespace {

constexpr std::array<std::pair<sb::media::CodecId, std::uint8_t>, 5> kCodecs{{
    {sb::media::CodecId::Pcmu, 0}, {sb::media::CodecId::Pcma, 8}, {sb::media::CodecId::G722, 9},
    {sb::media::CodecId::G729, 18}, {sb::media::CodecId::Opus, 111}}};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size < 1) return 0;
  const auto& [codec, pt] = kCodecs[data[0] % kCodecs.size()];
  // The high bit: a phone without telephone-event, whose keys are listened for in its audio.
  const std::optional<std::uint8_t> events = (data[0] & 0x80) ? std::nullopt : std::optional<std::uint8_t>(101);
  sb::call::CallerTap tap(sb::media::makeDecoder(codec, sb::call::CallerTap::kRate), pt, events);
  std::array<std::uint8_t, 2048> spare{};
  std::vector<std::int16_t> audio;
  std::string keys;
  std::size_t at = 1;
  while (at < size) {
    const std::size_t length = std::min<std::size_t>(data[at], size - at - 1);
    std::vector<std::uint8_t> packet(data + at + 1, data + at + 1 + length);
    at += 1 + length;
    auto parsed = sb::media::rtp::RtpPacketView::parse(packet);
    if (!parsed.ok()) continue;
    SB_REQUIRE(tap.transform(parsed.packet, spare).empty());
    if (data[at - 1] & 1) {
      tap.take(audio, keys);
      SB_REQUIRE(audio.size() <= sb::call::CallerTap::kAudioCapacity * size);
    }
  }
  audio.clear();
  keys.clear();
  tap.take(audio, keys);
  SB_REQUIRE(audio.size() <= sb::call::CallerTap::kAudioCapacity);
  SB_REQUIRE(keys.size() <= sb::call::CallerTap::kKeyCapacity);
  for (char k : keys) SB_REQUIRE(std::string_view("0123456789*#ABCD").find(k) != std::string_view::npos);
  return 0;
}
