// SPDX-License-Identifier: MIT
#include "sip/auth/nonce_count_tracker.h"

#include <cassert>

namespace sb::sip::auth {

NonceCountTracker::NonceCountTracker(const Clock& clock, std::size_t maxEntries)
    : clock_(clock), maxEntries_(maxEntries), forgottenThrough_(SystemTime::min()) {
  assert(maxEntries_ > 0);
}

void NonceCountTracker::dropExpired() {
  const SystemTime now = clock_.systemNow();
  while (!byExpiry_.empty() && byExpiry_.begin()->first <= now) {
    entries_.erase(byExpiry_.begin()->second);
    byExpiry_.erase(byExpiry_.begin());
  }
}

NonceUse NonceCountTracker::use(std::string_view nonce, std::optional<std::uint32_t> nonceCount,
                                SystemTime expiresAt) {
  dropExpired();
  const std::uint32_t count = nonceCount.value_or(1);
  const std::string key(nonce);

  if (auto it = entries_.find(key); it != entries_.end()) {
    if (count <= it->second.highestCount) return NonceUse::Replayed;
    it->second.highestCount = count;
    return NonceUse::Fresh;
  }
  if (count == 0) return NonceUse::Replayed;  // RFC 7616 §3.4: nc starts at 1
  if (expiresAt <= forgottenThrough_) return NonceUse::Replayed;

  entries_.emplace(key, Entry{count, expiresAt});
  byExpiry_.emplace(expiresAt, key);
  while (entries_.size() > maxEntries_) {
    auto oldest = byExpiry_.begin();
    if (oldest->first > forgottenThrough_) forgottenThrough_ = oldest->first;
    entries_.erase(oldest->second);
    byExpiry_.erase(oldest);
  }
  return NonceUse::Fresh;
}

}  // namespace sb::sip::auth
