// SPDX-License-Identifier: MIT
#include "sip/auth/nonce_count_tracker.h"

#include <bit>
#include <cassert>

#include "base/random.h"

namespace sb::sip::auth {
namespace {

std::uint32_t randomEpoch() {
  std::uint32_t epoch = 0;
  random::fill(reinterpret_cast<std::uint8_t*>(&epoch), sizeof epoch);
  return epoch;
}

}  // namespace

NonceCountTracker::NonceCountTracker(std::size_t slots)
    : NonceCountTracker(slots, randomEpoch(), 0) {}

NonceCountTracker::NonceCountTracker(std::size_t slots, std::uint32_t epoch,
                                     std::uint32_t firstSequence)
    : epoch_(epoch), nextSequence_(firstSequence) {
  assert(slots > 0 && slots <= kMaxSlots);
  const std::size_t size = std::bit_ceil(slots);
  mask_ = static_cast<std::uint32_t>(size - 1);
  highestCounts_ = std::make_unique<std::uint8_t[]>(size);  // zeroed: no nonce used yet
}

NonceId NonceCountTracker::issue() {
  const std::uint32_t sequence = nextSequence_++;  // wraps at 2^32, which the masks respect
  highestCounts_[sequence & mask_] = 0;
  return {epoch_, sequence};
}

NonceUse NonceCountTracker::use(NonceId id, std::optional<std::uint32_t> nonceCount) {
  if (id.epoch != epoch_) return NonceUse::Untracked;
  // How many nonces were issued from this one on, counting itself: 1 for the latest. Unsigned
  // arithmetic keeps it right across the 2^32 wrap. 0 (or anything past the ring) cannot be an
  // authentic id of this epoch still in the ring.
  const std::uint32_t age = nextSequence_ - id.sequence;
  if (age == 0 || age > slots()) return NonceUse::Untracked;

  const std::uint32_t count = nonceCount.value_or(1);
  if (count == 0) return NonceUse::Replayed;  // RFC 7616 §3.4: nc starts at 1
  if (count > kMaxNonceCount) return NonceUse::Untracked;
  std::uint8_t& highest = highestCounts_[id.sequence & mask_];
  if (count <= highest) return NonceUse::Replayed;
  highest = static_cast<std::uint8_t>(count);
  return NonceUse::Fresh;
}

}  // namespace sb::sip::auth
