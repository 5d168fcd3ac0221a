// SPDX-License-Identifier: MIT
#include "media/rtp/source_latch.h"

namespace sb::media::rtp {

SourceLatch::Verdict SourceLatch::offer(const RawAddress& source, SteadyTime now, bool mayLatch) {
  if (!latched_) {
    if (!mayLatch) return Verdict::Accepted;
    latched_ = source;
    lastHeard_ = now;
    if (preferred_ == source) preferred_.reset();
    return Verdict::Latched;
  }
  if (*latched_ == source) {
    lastHeard_ = now;
    if (preferred_ == source) preferred_.reset();
    return Verdict::Accepted;
  }
  if (!mayLatch) return Verdict::Foreign;
  if (preferred_ == source) {
    latched_ = source;
    lastHeard_ = now;
    preferred_.reset();
    return Verdict::Moved;
  }
  const bool silent = now - lastHeard_ >= policy_.silenceBeforeMove + extraSilence_;
  const bool moveAllowed = !lastMove_ || now - *lastMove_ >= policy_.minMoveInterval;
  if (!silent || !moveAllowed) return Verdict::Foreign;
  latched_ = source;
  lastHeard_ = now;
  lastMove_ = now;
  return Verdict::Moved;
}

void SourceLatch::heard(SteadyTime at) {
  if (latched_ && at > lastHeard_) lastHeard_ = at;
}

void SourceLatch::reset(std::optional<RawAddress> preferred) {
  latched_.reset();
  lastMove_.reset();
  preferred_ = preferred;
}

}  // namespace sb::media::rtp
