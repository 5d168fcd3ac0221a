// SPDX-License-Identifier: MIT
#pragma once
#include <cstddef>
#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>

#include "base/clock.h"

namespace sb::sip::auth {

enum class NonceUse : std::uint8_t { Fresh, Replayed };

// Replay protection for stateless nonces (RFC 7616 §3.4: the server checks that nc grows). It
// remembers, per nonce, the highest nonce count that authenticated successfully. Callers record a
// nonce only after its response verified, so only people who know a secret can add entries;
// entries leave when their nonce turns stale anyway, and a hard cap bounds memory otherwise.
// It does not decide whether a nonce is authentic or fresh: that is NonceService's job.
class NonceCountTracker {
 public:
  NonceCountTracker(const Clock& clock, std::size_t maxEntries);

  // Records one successful use of `nonce`, valid until `expiresAt`. `nonceCount` is nc, or nullopt
  // for a client without qop (RFC 2069), which has no counter.
  //
  // Without qop we accept each nonce once: such a use counts as nc=1. A second use, or any nc
  // after it, is a replay. The alternative, accepting any number of uses within the lifetime,
  // would let a captured REGISTER be replayed to hijack the binding; the cost of our choice is
  // one extra 401 with stale=true per refresh for old phones that reuse their last nonce.
  //
  // When the cap evicts a live entry, every nonce that expires no later than it and is not
  // remembered counts as replayed: memory stays bounded without opening a replay window. Clients
  // affected just get stale=true and a new nonce.
  NonceUse use(std::string_view nonce, std::optional<std::uint32_t> nonceCount, SystemTime expiresAt);

  std::size_t size() const { return entries_.size(); }

 private:
  struct Entry {
    std::uint32_t highestCount = 0;
    SystemTime expiresAt{};
  };
  void dropExpired();

  const Clock& clock_;
  std::size_t maxEntries_;
  std::unordered_map<std::string, Entry> entries_;
  std::set<std::pair<SystemTime, std::string>> byExpiry_;
  SystemTime forgottenThrough_{};  // nonces expiring at or before this may have been evicted
};

}  // namespace sb::sip::auth
