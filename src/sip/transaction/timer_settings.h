// SPDX-License-Identifier: MIT
#pragma once
#include "base/clock.h"

namespace sb::sip {

// RFC 3261 §17 timer values (Table 4 of the RFC). Every transaction timer is derived from these
// few numbers; the defaults are the RFC's. Only tests and unusual networks change them.
struct TimerSettings {
  Millis t1{500};      // RTT estimate
  Millis t2{4000};     // cap on non-INVITE request and INVITE response retransmission intervals
  Millis t4{5000};     // longest time a message stays in the network
  Millis timerD{32000};  // RFC 3261 §17.1.1.2: "at least 32 seconds" on unreliable transports
  // RFC 3261 §17.2.1: the server INVITE transaction sends 100 Trying itself when the TU has not
  // answered within this time (0 = at once).
  Millis trying{200};

  Millis transactionTimeout() const { return 64 * t1; }  // Timers B, F, H, and RFC 6026's L, M
};

}  // namespace sb::sip
