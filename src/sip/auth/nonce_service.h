// SPDX-License-Identifier: MIT
#pragma once
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>

#include "base/clock.h"
#include "sip/auth/digest_context.h"
#include "sip/auth/nonce_count_tracker.h"

namespace sb::sip::auth {

enum class NonceStatus : std::uint8_t {
  Valid,    // issued by us for this realm, within its lifetime
  Stale,    // issued by us, but older than the lifetime (or from a clock that has since gone back)
  Invalid,  // not ours: forged, from another key, another realm, or malformed
};

struct NonceCheck {
  NonceStatus status = NonceStatus::Invalid;
  SystemTime expiresAt{};  // when the nonce turns stale; set for Valid and Stale
  NonceId id{};            // as issued; set for Valid and Stale
};

// Issues and checks server nonces that need no server memory (RFC 7616 §3.3 suggests
// time-stamp plus a keyed hash). A nonce is base64url(issue time in ms (8 bytes) || epoch (4) ||
// sequence (4) || first 16 bytes of HMAC-SHA256(key, those 16 bytes || realm)), 43 characters.
// It only carries the NonceId; whether that id was used already is NonceCountTracker's job.
// The HMAC key's inner and outer blocks are hashed once here, so a nonce costs two SHA-256
// blocks. Not thread-safe (it reuses one digest context).
class NonceService {
 public:
  static constexpr std::size_t kMinKeySize = 16;
  static constexpr std::size_t kNonceLength = 43;  // base64url of 32 bytes, no padding
  // A nonce stamped this far in the future is taken as a clock step, not an attack.
  static constexpr std::chrono::seconds kClockSkew{2};

  // `key` must hold at least kMinKeySize secret bytes.
  NonceService(std::span<const std::uint8_t> key, const Clock& clock, std::chrono::seconds lifetime);

  std::string issue(std::string_view realm, NonceId id);
  NonceCheck check(std::string_view nonce, std::string_view realm) const;
  std::chrono::seconds lifetime() const { return lifetime_; }

 private:
  static constexpr std::size_t kPayloadSize = 16;
  static constexpr std::size_t kTagSize = 16;

  void tag(const std::uint8_t* payload, std::string_view realm, std::uint8_t* out) const;

  // HMAC (RFC 2104) with the key blocks absorbed once: SHA-256 states after key ^ ipad and
  // key ^ opad. Each tag starts a copy of them in work_.
  DigestContext inner_;
  DigestContext outer_;
  mutable DigestContext work_;
  const Clock& clock_;
  std::chrono::seconds lifetime_;
};

}  // namespace sb::sip::auth
