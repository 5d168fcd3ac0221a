// SPDX-License-Identifier: MIT
#pragma once
#include <chrono>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "base/clock.h"

namespace sb::sip::auth {

enum class NonceStatus : std::uint8_t {
  Valid,    // issued by us for this realm, within its lifetime
  Stale,    // issued by us, but older than the lifetime (or from a clock that has since gone back)
  Invalid,  // not ours: forged, from another key (a previous run), another realm, or malformed
};

struct NonceCheck {
  NonceStatus status = NonceStatus::Invalid;
  SystemTime expiresAt{};  // when the nonce turns stale; set for Valid and Stale
};

// Issues and checks server nonces that need no server memory (RFC 7616 §3.3 suggests
// time-stamp plus a keyed hash). A nonce is base64url(issue time in ms || 8 random bytes ||
// first 16 bytes of HMAC-SHA256(key, time || random || realm)), 43 characters. It does not
// remember which nonces were used: replay protection is NonceCountTracker's job.
class NonceService {
 public:
  static constexpr std::size_t kMinKeySize = 16;
  static constexpr std::size_t kNonceLength = 43;  // base64url of 32 bytes, no padding
  // A nonce stamped this far in the future is taken as a clock step, not an attack.
  static constexpr std::chrono::seconds kClockSkew{2};

  // `key` must hold at least kMinKeySize secret bytes; nonces survive a restart only if it does.
  NonceService(std::span<const std::uint8_t> key, const Clock& clock, std::chrono::seconds lifetime);

  std::string issue(std::string_view realm);
  NonceCheck check(std::string_view nonce, std::string_view realm) const;
  std::chrono::seconds lifetime() const { return lifetime_; }

 private:
  void tag(const std::uint8_t* payload, std::string_view realm, std::uint8_t* out) const;

  std::vector<std::uint8_t> key_;
  const Clock& clock_;
  std::chrono::seconds lifetime_;
};

}  // namespace sb::sip::auth
