// SPDX-License-Identifier: MIT
#pragma once
#include <cstdint>

#include "net/event_loop.h"
#include "sip/stack/sip_stack.h"
#include "telephony/security/security_log.h"

namespace sb::app {

// Once a second on the loop: logs reach the disk even when quiet, and every 10 s memory freed
// after a burst (thousands of transactions alive for Timer J) goes back to the system instead of
// staying in the allocator's free lists (decision 0007).
class Housekeeping {
 public:
  Housekeeping(net::EventLoop& loop, sip::SipStack& stack, security::SecurityLog& securityLog)
      : loop_(loop), stack_(stack), securityLog_(securityLog) {}

  // Runs the first round now and schedules the next ones.
  void start() { tick(); }

 private:
  void tick();

  net::EventLoop& loop_;
  sip::SipStack& stack_;
  security::SecurityLog& securityLog_;
  unsigned ticks_ = 0;
  std::uint64_t requestsAtLastRelease_ = 0;  // SIP requests counted at the last memory release
};

}  // namespace sb::app
