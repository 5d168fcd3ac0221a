// SPDX-License-Identifier: MIT
#include "sip/dialog/registration_timing.h"

#include <algorithm>
#include <cmath>

#include "base/text.h"

namespace sb::sip {

Millis retryDelay(const RetryPolicy& policy, std::uint32_t failures, double unitRandom) {
  const Millis max = policy.max;
  Millis wait = policy.initial;
  for (std::uint32_t i = 1; i < failures && wait < max; ++i) wait *= 2;
  wait = std::min(wait, max);
  const double jitter = std::clamp(policy.jitter, 0.0, 1.0) * std::clamp(unitRandom, 0.0, 1.0);
  return Millis(static_cast<Millis::rep>(std::llround(static_cast<double>(wait.count()) * (1.0 - jitter))));
}

Millis refreshDelay(std::chrono::seconds granted, const TimerSettings& timers) {
  const Millis grant = granted;
  const Millis early = std::max<Millis>(grant / 10, timers.transactionTimeout());
  return std::max(grant - early, grant / 2);
}

std::optional<std::chrono::seconds> parseRetryAfter(std::string_view value) {
  value = text::trim(value);
  std::size_t digits = 0;
  while (digits < value.size() && value[digits] >= '0' && value[digits] <= '9') ++digits;
  // Ten digits already exceed any wait worth honouring; callers bound the value anyway.
  if (digits == 0 || digits > 9) return std::nullopt;
  const auto seconds = text::parseUnsigned<std::uint32_t>(value.substr(0, digits));
  if (!seconds) return std::nullopt;
  return std::chrono::seconds(*seconds);
}

}  // namespace sb::sip
