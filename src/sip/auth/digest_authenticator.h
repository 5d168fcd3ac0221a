// SPDX-License-Identifier: MIT
#pragma once
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "base/clock.h"
#include "sip/auth/credentials.h"
#include "sip/auth/digest_hash.h"
#include "sip/auth/nonce_count_tracker.h"
#include "sip/auth/nonce_service.h"

namespace sb::sip::auth {

// The closed outcome of checking credentials.
enum class Verdict : std::uint8_t {
  Ok,      // right secret, fresh nonce, nc never seen: let the request through
  Stale,   // right secret, but the nonce is stale, not ours (e.g. before a restart) or replayed:
           // challenge again with stale=true (RFC 7616 §3.3) so the client retries silently
  Failed,  // wrong secret, unknown user, wrong realm or unsupported qop: a failed attempt
};

// What to put in a 401/407: one header value per algorithm, all sharing one nonce.
struct Challenge {
  std::string nonce;                      // for the security log's Challenge field
  std::vector<std::string> headerValues;  // WWW-Authenticate / Proxy-Authenticate values, in order
};

// Digest authentication of RFC 7616 (and RFC 2617 / RFC 2069 clients) for a SIP registrar or
// proxy: builds challenges and checks credentials against a secret the caller looked up. It
// knows nothing of SIP messages, accounts or logging; the caller checks that `uri` names the
// request and that the username is allowed to act for the To/From identity.
class DigestAuthenticator {
 public:
  struct Options {
    std::chrono::seconds nonceLifetime{300};
    // Slots of the replay ring (one byte each, rounded up to a power of two): only the nonces
    // among the last this many issued are accepted, older ones get stale=true. The default,
    // 2^22, is 4 MiB and lasts a 300 s lifetime at 14,000 challenges a second.
    std::size_t maxTrackedNonces = NonceCountTracker::kDefaultSlots;
    // Offered in this order; credentials with an algorithm not offered are refused.
    std::vector<DigestAlgorithm> algorithms{DigestAlgorithm::Md5, DigestAlgorithm::Sha256};
  };

  DigestAuthenticator(std::span<const std::uint8_t> nonceKey, const Clock& clock, Options options);

  // MD5 first, then SHA-256 (RFC 7616 §3.7 allows several challenges). MD5 comes first because
  // Cisco 79xx phones and sipp only know MD5 and some clients answer only the first challenge.
  Challenge challenge(std::string_view realm, bool stale);

  // `secret` is the account's secret, or nullopt for an unknown user. An unknown user is checked
  // against a random dummy secret, so that it costs the same work and yields the same Failed as
  // a wrong secret: accounts cannot be enumerated. Calls on success change replay state.
  // A right secret over a nonce that is expired, forged, issued before a restart (another
  // epoch), pushed out of the replay ring, or used before with this nc is Stale, never Failed.
  Verdict verify(const Credentials& credentials, std::string_view method, std::string_view realm,
                 std::optional<std::string_view> secret);

 private:
  NonceService nonces_;
  NonceCountTracker counts_;
  DigestHasher hasher_;
  std::string expected_;  // reused for every response computed, so verify() does not allocate
  std::string dummySecret_;
  std::vector<DigestAlgorithm> algorithms_;
};

}  // namespace sb::sip::auth
