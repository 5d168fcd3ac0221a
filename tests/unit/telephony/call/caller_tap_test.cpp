// SPDX-License-Identifier: MIT
#include "telephony/call/caller_tap.h"

#include <gtest/gtest.h>

#include <array>
#include <cmath>
#include <vector>

#include "media/codec/g711.h"
#include "media/rtp/rtp_packet_view.h"

namespace sb::call {
namespace {

std::vector<std::uint8_t> rtp(std::uint8_t pt, std::uint16_t seq, std::uint32_t ts, std::vector<std::uint8_t> payload,
                              std::uint32_t ssrc = 0x11223344) {
  const std::uint8_t header[12] = {0x80, pt, static_cast<std::uint8_t>(seq >> 8), static_cast<std::uint8_t>(seq),
                                   static_cast<std::uint8_t>(ts >> 24), static_cast<std::uint8_t>(ts >> 16),
                                   static_cast<std::uint8_t>(ts >> 8), static_cast<std::uint8_t>(ts),
                                   static_cast<std::uint8_t>(ssrc >> 24), static_cast<std::uint8_t>(ssrc >> 16),
                                   static_cast<std::uint8_t>(ssrc >> 8), static_cast<std::uint8_t>(ssrc)};
  std::vector<std::uint8_t> p(12 + payload.size());
  for (std::size_t i = 0; i < 12; ++i) p[i] = header[i];
  for (std::size_t i = 0; i < payload.size(); ++i) p[12 + i] = payload[i];
  return p;
}

std::span<const std::uint8_t> feed(CallerTap& tap, std::vector<std::uint8_t> bytes) {
  static std::array<std::uint8_t, 2048> spare{};
  auto parsed = media::rtp::RtpPacketView::parse(bytes);
  EXPECT_TRUE(parsed.ok());
  return tap.transform(parsed.packet, spare);
}

CallerTap pcmuTap() { return CallerTap(media::makeDecoder(media::CodecId::Pcmu, 8000), 0, 101); }

TEST(CallerTap, decodes_the_callers_audio_and_passes_nothing_on) {
  auto tap = pcmuTap();
  std::vector<std::uint8_t> payload(160);
  for (std::size_t i = 0; i < payload.size(); ++i)
    payload[i] = media::linearToUlaw(static_cast<std::int16_t>(8000 * std::sin(i * 0.5)));
  EXPECT_TRUE(feed(tap, rtp(0, 1, 0, payload)).empty());
  EXPECT_TRUE(feed(tap, rtp(0, 2, 160, payload)).empty());
  std::vector<std::int16_t> audio;
  std::string keys;
  tap.take(audio, keys);
  ASSERT_EQ(audio.size(), 320u);
  EXPECT_NEAR(audio[3], 8000 * std::sin(1.5), 300);
  EXPECT_TRUE(keys.empty());
  tap.take(audio, keys);
  EXPECT_EQ(audio.size(), 320u) << "taken audio is forgotten";
}

TEST(CallerTap, counts_each_key_press_once_across_its_packets_and_end_repeats) {
  auto tap = pcmuTap();
  // '#' (11): three packets of the press, then the end packet three times, all with its start
  // timestamp (RFC 4733 §2.5); then '7' with a new timestamp.
  for (std::uint16_t d : {160, 320, 480}) feed(tap, rtp(101, d, 8000, {11, 10, static_cast<std::uint8_t>(d >> 8), static_cast<std::uint8_t>(d)}));
  for (int i = 0; i < 3; ++i) feed(tap, rtp(101, 9, 8000, {11, 0x80 | 10, 0x02, 0x80}));
  feed(tap, rtp(101, 10, 9600, {7, 10, 0, 160}));
  feed(tap, rtp(101, 11, 9600, {7, 0x80 | 10, 0, 160}));
  feed(tap, rtp(101, 12, 11200, {16, 10, 0, 160}));  // flash: not a key
  feed(tap, rtp(101, 13, 12800, {1, 10}));           // too short to be an event
  std::vector<std::int16_t> audio;
  std::string keys;
  tap.take(audio, keys);
  EXPECT_EQ(keys, "#7");
  EXPECT_TRUE(audio.empty());
}

// 100 ms of '#' (941 + 1477 Hz) then 100 ms of silence, as 20 ms PCMU payloads.
std::vector<std::vector<std::uint8_t>> inBandPound() {
  std::vector<std::vector<std::uint8_t>> frames;
  for (int f = 0; f < 10; ++f) {
    std::vector<std::uint8_t> payload(160);
    for (int i = 0; i < 160; ++i) {
      const double t = (f * 160 + i) / 8000.0;
      const double x = f < 5 ? 6000 * (std::sin(2 * M_PI * 941 * t) + std::sin(2 * M_PI * 1477 * t)) : 0;
      payload[static_cast<std::size_t>(i)] = media::linearToUlaw(static_cast<std::int16_t>(x));
    }
    frames.push_back(payload);
  }
  return frames;
}

TEST(CallerTap, hears_in_band_keys_only_when_no_telephone_event_was_agreed) {
  CallerTap inBand(media::makeDecoder(media::CodecId::Pcmu, 8000), 0, std::nullopt);
  CallerTap withEvents = pcmuTap();
  std::uint16_t seq = 0;
  for (const auto& frame : inBandPound()) {
    feed(inBand, rtp(0, seq, seq * 160u, frame));
    feed(withEvents, rtp(0, seq, seq * 160u, frame));
    ++seq;
  }
  std::vector<std::int16_t> audio;
  std::string keys;
  inBand.take(audio, keys);
  EXPECT_EQ(keys, "#");
  keys.clear();
  withEvents.take(audio, keys);
  EXPECT_EQ(keys, "") << "a phone that sends RFC 4733 events is not also listened to for tones";
}

TEST(CallerTap, drops_other_payload_types_and_corrupt_audio_and_bounds_what_waits) {
  auto tap = pcmuTap();
  feed(tap, rtp(8, 1, 0, std::vector<std::uint8_t>(160, 0xd5)));  // PCMA was not agreed
  const std::vector<std::uint8_t> frame(160, 0xff);
  for (std::uint16_t i = 0; i < 200; ++i) feed(tap, rtp(0, i, i * 160u, frame));  // 4 s, nobody takes it
  std::vector<std::int16_t> audio;
  std::string keys;
  tap.take(audio, keys);
  EXPECT_EQ(audio.size(), CallerTap::kAudioCapacity);
}

}  // namespace
}  // namespace sb::call
