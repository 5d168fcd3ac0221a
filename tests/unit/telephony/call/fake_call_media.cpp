// SPDX-License-Identifier: MIT
#include "fake_call_media.h"

#include <stdexcept>

namespace sb::call::testing {

const PeerMedia& MediaLog::lastExpected(Side side) const {
  const auto& list = expected[side == Side::Caller ? 0 : 1];
  if (list.empty()) throw std::runtime_error("the engine never told the media where this side receives");
  return list.back();
}

std::pair<bool, bool> MediaLog::lastHolds() const {
  if (holds.empty()) throw std::runtime_error("the engine never told the media who holds");
  return holds.back();
}

std::optional<Side> MediaLog::lastMusic() const {
  if (music.empty()) throw std::runtime_error("the engine never started or stopped music on hold");
  return music.back();
}

net::SocketAddress FakeCallMedia::relayAddress(Side side) const {
  return side == Side::Caller ? log_->callerRelay : log_->calleeRelay;
}

void FakeCallMedia::expect(Side side, const PeerMedia& peer) {
  log_->expected[side == Side::Caller ? 0 : 1].push_back(peer);
}

bool FakeCallMedia::useCodecs(const CodecPlan& plan) {
  log_->codecPlans.push_back(plan);
  return log_->transcodes;
}

void FakeCallMedia::playOnce(Side side, Clip pcm) {
  // 8 kHz: a clip lasts one millisecond per 8 samples of simulated time.
  log_->promptEnds = clock_.steadyNow() + Millis(static_cast<long>(pcm ? pcm->size() / 8 : 0));
  log_->prompts.emplace_back(side, std::move(pcm));
}

bool FakeCallMedia::playing(Side) const { return clock_.steadyNow() < log_->promptEnds; }

void FakeCallMedia::takeFromCaller(std::vector<std::int16_t>& audio, std::string& keys) {
  constexpr std::size_t kTickSamples = 160;  // 20 ms at 8 kHz, what a voice session's tick takes
  for (std::size_t i = 0; i < kTickSamples && !log_->callerAudio.empty(); ++i) {
    audio.push_back(log_->callerAudio.front());
    log_->callerAudio.pop_front();
  }
  keys += log_->callerKeys;
  log_->callerKeys.clear();
}

std::chrono::steady_clock::duration FakeCallMedia::idleFor(SteadyTime now) const {
  return log_->silentSince ? now - *log_->silentSince : std::chrono::steady_clock::duration::zero();
}

Result<std::unique_ptr<CallMedia>> FakeMediaFactory::open() {
  if (!portsLeft) return fail("no free RTP ports");
  auto log = std::make_shared<MediaLog>();
  log->callerRelay = *net::SocketAddress::parse("127.0.0.1:" + std::to_string(nextPort_));
  log->calleeRelay = *net::SocketAddress::parse("127.0.0.1:" + std::to_string(nextPort_ + 2));
  nextPort_ = static_cast<std::uint16_t>(nextPort_ + 4);
  opened.push_back(log);
  return std::unique_ptr<CallMedia>(std::make_unique<FakeCallMedia>(std::move(log), clock_));
}

MediaLog& FakeMediaFactory::last() const {
  if (opened.empty()) throw std::runtime_error("no call opened media");
  return *opened.back();
}

}  // namespace sb::call::testing
