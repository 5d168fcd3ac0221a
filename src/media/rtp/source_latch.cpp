// SPDX-License-Identifier: MIT
#include "media/rtp/source_latch.h"

namespace sb::media::rtp {

SourceLatch::Verdict SourceLatch::offer(const RawAddress& source, SteadyTime now, bool mayLatch) {
  if (!latched_) {
    if (!mayLatch) return Verdict::Accepted;
    latched_ = source;
    lastHeard_ = now;
    return Verdict::Latched;
  }
  if (*latched_ == source) {
    lastHeard_ = now;
    return Verdict::Accepted;
  }
  if (!mayLatch) return Verdict::Foreign;
  const bool silent = now - lastHeard_ >= policy_.silenceBeforeMove;
  const bool moveAllowed = !lastMove_ || now - *lastMove_ >= policy_.minMoveInterval;
  if (!silent || !moveAllowed) return Verdict::Foreign;
  latched_ = source;
  lastHeard_ = now;
  lastMove_ = now;
  return Verdict::Moved;
}

void SourceLatch::reset() {
  latched_.reset();
  lastMove_.reset();
}

}  // namespace sb::media::rtp
