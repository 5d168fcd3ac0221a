// SPDX-License-Identifier: MIT
#include "app/housekeeping.h"

#include "base/allocator.h"
#include "base/log.h"

namespace sb::app {

void Housekeeping::tick() {
  using namespace std::chrono_literals;
  securityLog_.flush();
  log::flush();
  if (++ticks_ % 10 == 0) {
    stack_.transactions().trim();
    loop_.compactTimers();
    // Under 100 requests a second the server is quiet enough to give back everything unused.
    const auto requests = stack_.stats().requestsIn;
    const bool quiet = requests - requestsAtLastRelease_ < 1000;
    requestsAtLastRelease_ = requests;
    releaseFreeMemory(quiet ? Release::All : Release::Aged);
  }
  loop_.timers().schedule(1s, [this] { tick(); });
}

}  // namespace sb::app
