// SPDX-License-Identifier: MIT
#pragma once
#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>

namespace sb::sip::auth {

// Names one issued nonce for replay tracking; NonceService signs it into the nonce.
struct NonceId {
  std::uint32_t epoch = 0;     // random per process: nonces from before a restart do not match
  std::uint32_t sequence = 0;  // per-process counter, one step per issued nonce
};

enum class NonceUse : std::uint8_t {
  Fresh,      // nc is above every nc accepted before for this nonce; now recorded
  Replayed,   // nc is 0, or not above one accepted before (RFC 7616 §3.4)
  Untracked,  // another process's epoch, pushed out of the ring by newer nonces, or nc > 255
};

// Replay protection for stateless nonces (RFC 7616 §3.4: the server checks that nc grows), in
// fixed memory, after Kamailio's nonce-id pool. Each issued nonce gets the next sequence number;
// a ring of one-byte slots, indexed by sequence modulo the ring size, holds the highest nc
// accepted for the last `slots()` nonces issued (0 = none yet). The default ring has 2^22 slots:
// 4 MiB allocated once, nothing per nonce, so neither load nor a flood of unauthenticated
// requests grows it. A nonce older than the ring (4,194,304 nonces issued after it: 14,000 a
// second for a 300 s lifetime) or from another epoch is Untracked, and the caller answers
// stale=true so the client fetches a new nonce. It does not decide whether a nonce is authentic
// or within its lifetime: that is NonceService's job. Not thread-safe.
class NonceCountTracker {
 public:
  static constexpr std::size_t kDefaultSlots = std::size_t{1} << 22;
  static constexpr std::size_t kMaxSlots = std::size_t{1} << 31;
  // The highest nc a one-byte slot can hold. A client counting past it gets stale=true and
  // starts over at nc=1 with a new nonce.
  static constexpr std::uint32_t kMaxNonceCount = 255;

  // `slots` is rounded up to a power of two (so sequence numbers map to slots the same way across
  // the 2^32 wrap), between 1 and kMaxSlots. The epoch is random; sequences start at 0.
  explicit NonceCountTracker(std::size_t slots = kDefaultSlots);
  // For tests: a chosen epoch and first sequence number.
  NonceCountTracker(std::size_t slots, std::uint32_t epoch, std::uint32_t firstSequence);

  // Allocates the id for a new nonce. Its slot, last used by the nonce `slots()` issues ago
  // (which this makes Untracked), starts empty.
  NonceId issue();

  // Records one use of nonce `id` whose response verified. `nonceCount` is nc, or nullopt for a
  // client without qop (RFC 2069), which has no counter.
  //
  // Without qop we accept each nonce once: such a use counts as nc=1. A second use, or any nc
  // after it, is a replay. The alternative, accepting any number of uses within the lifetime,
  // would let a captured REGISTER be replayed to hijack the binding; the cost of our choice is
  // one extra 401 with stale=true per refresh for old phones that reuse their last nonce.
  NonceUse use(NonceId id, std::optional<std::uint32_t> nonceCount);

  std::uint32_t epoch() const { return epoch_; }
  std::size_t slots() const { return static_cast<std::size_t>(mask_) + 1; }

 private:
  std::uint32_t epoch_;
  std::uint32_t nextSequence_;
  std::uint32_t mask_;  // slots() - 1
  std::unique_ptr<std::uint8_t[]> highestCounts_;
};

}  // namespace sb::sip::auth
