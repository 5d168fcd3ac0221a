// SPDX-License-Identifier: MIT
#pragma once
#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "base/clock.h"
#include "net/socket_address.h"
#include "sdp/codec_ref.h"
#include "telephony/call/media_negotiation.h"
#include "telephony/call/side.h"

namespace sb::call {


// What each leg agreed to send and receive: the codec with that leg's payload type, and its
// telephone-event payload type if it takes RFC 4733 events.
struct CodecPlan {
  sdp::CodecRef caller;
  std::optional<std::uint8_t> callerEvents;
  sdp::CodecRef callee;
  std::optional<std::uint8_t> calleeEvents;
};

// Packets seen in each direction, for `ctl calls` and the call record.
struct MediaCounters {
  std::uint64_t callerToCallee = 0;
  std::uint64_t calleeToCaller = 0;
  bool inKernel = false;  // the kernel forwards the RTP now (decision 0013)
};

// One call's relayed media as the call engine sees it: two relay ports, where each phone wants
// media, and whether packets pass through or are transcoded. Implemented over the RTP relay
// (RelayCallMedia); an interface so the call logic can be tested without sockets.
class CallMedia {
 public:
  virtual ~CallMedia() = default;
  // Our RTP address for a side (the bind address; the engine puts a reachable one in the SDP).
  virtual net::SocketAddress relayAddress(Side side) const = 0;
  // The address the side's SDP names for the relay, when relayAddress is the wildcard.
  virtual void announce(Side side, const boost::asio::ip::address& ip) = 0;
  // Where a side's SDP says it receives (also on hold: 0.0.0.0 sends it nothing).
  virtual void expect(Side side, const PeerMedia& peer) = 0;
  // Both legs' codecs are known: pass packets through when they match, rewrite payload types
  // when only the numbers differ, transcode otherwise. False when no transcoder exists.
  virtual bool useCodecs(const CodecPlan& plan) = 0;
  // Plays music on hold to `side` instead of what the other phone sends (nullopt: stop). The
  // other phone holds the call; its packets are still received, just not passed on.
  virtual void playMusicTo(std::optional<Side> side) = 0;
  // Who holds the call (its last offer said it will not receive): nothing is sent to a holder,
  // and a party held by the other (and not holding itself) hears music instead of the holder.
  virtual void setHolds(bool callerHolds, bool calleeHolds) = 0;
  // Plays `pcm` (8 kHz, looped) to `side`, e.g. a feature code's confirmation tone.
  virtual void play(Side side, std::shared_ptr<const std::vector<std::int16_t>> pcm) = 0;
  // Plays `pcm` (8 kHz) to `side` once, then silence (a voice prompt, a voicemail message).
  virtual void playOnce(Side side, std::shared_ptr<const std::vector<std::int16_t>> pcm) = 0;
  // Whether what playOnce() started for `side` is still sounding.
  virtual bool playing(Side side) const = 0;
  // Switchboard itself listens to the caller (voicemail): its audio, decoded to 8 kHz PCM, and
  // its RFC 4733 key presses are kept for takeFromCaller() instead of being passed on.
  virtual void listenToCaller() = 0;
  virtual void takeFromCaller(std::vector<std::int16_t>& audio, std::string& keys) = 0;
  // The echo test: what the caller sends comes back to it (from the port it sends to).
  virtual void echoCaller() = 0;
  // Time since either phone last sent media.
  virtual std::chrono::steady_clock::duration idleFor(SteadyTime now) const = 0;
  virtual MediaCounters counters() const = 0;
};

// Opens the media of new calls; null (with a reason) when no ports are left.
class MediaFactory {
 public:
  virtual ~MediaFactory() = default;
  virtual std::unique_ptr<CallMedia> open(std::string& error) = 0;
};

}  // namespace sb::call
