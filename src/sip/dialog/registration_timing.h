// SPDX-License-Identifier: MIT
#pragma once
#include <chrono>
#include <cstdint>
#include <optional>
#include <string_view>

#include "base/clock.h"
#include "sip/transaction/timer_settings.h"

namespace sb::sip {

// How a client registration waits after a failure: exponential back-off from `initial`, doubling
// per consecutive failure up to `max`, each wait shortened by a random part of up to `jitter`
// of itself so that trunks failing together (a provider outage) do not retry together.
struct RetryPolicy {
  std::chrono::seconds initial{30};
  std::chrono::seconds max{1800};
  double jitter = 0.25;  // 0 = none, 1 = anywhere between 0 and the full wait
};

// The wait before attempt number `failures` + 1 after `failures` (>= 1) failures in a row;
// `unitRandom` in [0, 1) chooses the jitter.
Millis retryDelay(const RetryPolicy& policy, std::uint32_t failures, double unitRandom);

// When to refresh a binding the registrar granted for `granted` (RFC 3261 §10.2.4 leaves it to
// the UA): a tenth of the grant early, but at least one whole transaction timeout (Timer F) early
// so that a refresh nobody answers still ends before the binding does; never sooner than half
// the grant, which is what short grants get.
Millis refreshDelay(std::chrono::seconds granted, const TimerSettings& timers);

// The delta-seconds of a Retry-After value (RFC 3261 §20.33: "120 (in a while);duration=60"),
// or nullopt when it does not start with one.
std::optional<std::chrono::seconds> parseRetryAfter(std::string_view value);

}  // namespace sb::sip
