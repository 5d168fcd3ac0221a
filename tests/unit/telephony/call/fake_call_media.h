// SPDX-License-Identifier: MIT
#pragma once
#include <array>
#include <deque>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "base/clock.h"
#include "telephony/call/call_media.h"

namespace sb::call::testing {

using Clip = std::shared_ptr<const std::vector<std::int16_t>>;

// Everything the engine asked of one call's media, kept after the engine drops the CallMedia
// (a finished call's record can still be read). Tests may also steer it: silence (idleFor), what
// the caller says and presses (takeFromCaller) and whether transcoding is possible (useCodecs).
struct MediaLog {
  net::SocketAddress callerRelay, calleeRelay;
  std::array<std::vector<PeerMedia>, 2> expected;   // expect(), by Side
  std::vector<CodecPlan> codecPlans;                // useCodecs()
  std::vector<std::pair<bool, bool>> holds;         // setHolds(callerHolds, calleeHolds)
  std::vector<std::optional<Side>> music;           // playMusicTo()
  std::vector<std::pair<Side, Clip>> loops;         // play()
  std::vector<std::pair<Side, Clip>> prompts;       // playOnce()
  bool listening = false;                           // listenToCaller()
  bool echoing = false;                             // echoCaller()
  bool closed = false;                              // the engine destroyed the CallMedia

  // Steering.
  bool transcodes = true;                  // what useCodecs() answers
  std::optional<SteadyTime> silentSince;   // no media from then on (idleFor); unset: media flows
  std::deque<std::int16_t> callerAudio;    // what takeFromCaller() hands over, 160 samples a call
  std::string callerKeys;                  // RFC 4733 keys handed over at the next take
  SteadyTime promptEnds{};                 // playOnce() sounds until then (simulated time)

  // The latest of each; they throw when the engine never asked (the test fails with why).
  const PeerMedia& lastExpected(Side side) const;
  std::pair<bool, bool> lastHolds() const;
  std::optional<Side> lastMusic() const;
};

// CallMedia without sockets: records, answers from the log, plays in simulated time.
class FakeCallMedia final : public CallMedia {
 public:
  FakeCallMedia(std::shared_ptr<MediaLog> log, const Clock& clock) : log_(std::move(log)), clock_(clock) {}
  ~FakeCallMedia() override { log_->closed = true; }

  net::SocketAddress relayAddress(Side side) const override;
  void announce(Side, const boost::asio::ip::address&) override {}
  void expect(Side side, const PeerMedia& peer) override;
  bool useCodecs(const CodecPlan& plan) override;
  void playMusicTo(std::optional<Side> side) override { log_->music.push_back(side); }
  void setHolds(bool callerHolds, bool calleeHolds) override { log_->holds.emplace_back(callerHolds, calleeHolds); }
  void play(Side side, Clip pcm) override { log_->loops.emplace_back(side, std::move(pcm)); }
  void playOnce(Side side, Clip pcm) override;
  bool playing(Side side) const override;
  void listenToCaller() override { log_->listening = true; }
  void takeFromCaller(std::vector<std::int16_t>& audio, std::string& keys) override;
  void echoCaller() override { log_->echoing = true; }
  std::chrono::steady_clock::duration idleFor(SteadyTime now) const override;
  MediaCounters counters() const override { return {}; }

 private:
  std::shared_ptr<MediaLog> log_;
  const Clock& clock_;
};

// Opens FakeCallMedia on distinct loopback relay ports and keeps every call's MediaLog.
class FakeMediaFactory final : public MediaFactory {
 public:
  explicit FakeMediaFactory(const Clock& clock) : clock_(clock) {}
  Result<std::unique_ptr<CallMedia>> open() override;

  bool portsLeft = true;                          // false: open() fails ("no ports left")
  std::vector<std::shared_ptr<MediaLog>> opened;  // in the order calls opened them

  MediaLog& last() const;

 private:
  const Clock& clock_;
  std::uint16_t nextPort_ = 20000;
};

}  // namespace sb::call::testing
