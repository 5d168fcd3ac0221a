// SPDX-License-Identifier: MIT
#pragma once
#include <chrono>
#include <cstdint>
#include <optional>

#include "base/clock.h"
#include "media/rtp/raw_address.h"

namespace sb::media::rtp {

// How a latch may move once it holds a source. A phone that really moved (Wi-Fi to LTE, a NAT
// that rebound) falls silent at its old address, so a move needs the latched source to have been
// silent for `silenceBeforeMove`; and moves are at most one per `minMoveInterval`, so a stranger
// spraying packets at our ports can take a stream only while its owner is silent, and not often.
struct LatchPolicy {
  // Shorter than any gap in a live G.711 stream is pointless; 1 s loses at most a second of
  // audio when a phone moves, and is longer than the jitter of a healthy path.
  std::chrono::milliseconds silenceBeforeMove{1000};
  // After a move, the next one waits this long, whatever the silence.
  std::chrono::milliseconds minMoveInterval{5000};
};

// Symmetric RTP latching for one local socket ("comedia"; RFC 4961 symmetric RTP): the first
// packet's source becomes where we send, whatever the SDP said (it may name a private address
// behind NAT). Decides only who is accepted; it knows nothing of sockets or forwarding.
class SourceLatch {
 public:
  enum class Verdict : std::uint8_t {
    Accepted,  // from the latched source (or not latching: mayLatch was false and none held)
    Latched,   // first source: now latched
    Moved,     // the latched source was silent long enough: latched to this one instead
    Foreign,   // from someone else: drop it
  };

  explicit SourceLatch(LatchPolicy policy = {}) : policy_(policy) {}

  // A valid packet from `source` at `now`. `mayLatch` false: the packet can be accepted from the
  // latched source (or from anyone while nothing is latched) but never latches or moves the
  // latch (RTCP arriving on a muxed RTP port).
  Verdict offer(const RawAddress& source, SteadyTime now, bool mayLatch);

  // Forget the source (the SDP moved the media): the next packet latches afresh. When the new SDP
  // names `preferred`, packets from it take the latch over whatever latched first, once: after a
  // re-INVITE (or a transfer) the old sender may still be talking into our port for a while, and
  // it must not keep the stream from the phone the SDP names. A private address behind NAT never
  // sends, and the first source stays latched as before.
  void reset(std::optional<RawAddress> preferred = std::nullopt);

  // The latched source was heard at `at` by other means (the kernel's counters while it forwards
  // the stream, decision 0013).
  void heard(SteadyTime at);
  // Silence a move needs on top of the policy's: while the kernel forwards the latched stream,
  // the relay learns of its packets only as late as the counters are read.
  void requireExtraSilence(std::chrono::milliseconds extra) { extraSilence_ = extra; }

  const std::optional<RawAddress>& latched() const { return latched_; }
  const LatchPolicy& policy() const { return policy_; }

 private:
  LatchPolicy policy_;
  std::optional<RawAddress> latched_;
  std::optional<RawAddress> preferred_;
  SteadyTime lastHeard_{};
  std::chrono::milliseconds extraSilence_{0};
  std::optional<SteadyTime> lastMove_;
};

}  // namespace sb::media::rtp
