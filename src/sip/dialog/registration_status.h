// SPDX-License-Identifier: MIT
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "base/clock.h"

namespace sb::sip {

// Where a ClientRegistration stands, for `ctl trunks` and the console.
enum class RegistrationState : std::uint8_t {
  Unregistered,   // not started, or stopped and the binding removed (or given up on)
  Registering,    // a REGISTER is on its way and nothing is bound yet
  Registered,     // the registrar granted a binding; refreshes keep this state
  Failed,         // the last attempt failed; another is scheduled
  Unregistering,  // stopped: the REGISTER with Expires: 0 is on its way
};

std::string_view registrationStateName(RegistrationState state);  // "registered", ...

// The observable status. Times are wall-clock (SystemTime) because people read them; the
// registration schedules itself on the steady clock.
struct RegistrationStatus {
  RegistrationState state = RegistrationState::Unregistered;
  // Registered: when the binding lapses unless refreshed.
  std::optional<SystemTime> expiresAt;
  // Registered: when the refresh goes out. Failed: when the next attempt goes out.
  std::optional<SystemTime> nextAttemptAt;
  // The last final answer (RFC 3261 §8.1.3.1: a timeout counts as 408, a transport error as
  // 503), 0 before any, and why in words ("OK", "Forbidden", "credentials refused", ...).
  int lastStatus = 0;
  std::string reason;
};

}  // namespace sb::sip
