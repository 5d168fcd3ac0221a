// SPDX-License-Identifier: MIT
#pragma once
#include <cstddef>
#include <string>
#include <string_view>

#include "sip/auth/credentials.h"
#include "sip/auth/digest_context.h"

namespace sb::sip::auth {

// Lower-case hex digest of `data` with the algorithm's hash function (RFC 7616 §3.4.1 H()).
std::string hashHex(DigestAlgorithm algorithm, std::string_view data);

// The response a client knowing `secret` would send for these credentials:
// HA1 = H(username:realm:secret) (for a "-sess" algorithm H(that:nonce:cnonce)), HA2 =
// H(method:uri) (RFC 7616 §3.4.2, §3.4.3), and response = H(HA1:nonce:nc:cnonce:qop:HA2) with
// qop, or H(HA1:nonce:HA2) without (RFC 2069). A client computes its response the same way.
// The qop value is hashed as sent; only "auth" is accepted by DigestAuthenticator.
// These two free functions use one DigestHasher per thread.
std::string expectedResponse(const Credentials& credentials, std::string_view method,
                             std::string_view secret);

// Compares two strings in time that depends only on their lengths (OpenSSL CRYPTO_memcmp).
bool constantTimeEquals(std::string_view a, std::string_view b);

// Computes the hashes above with one reusable digest context and scratch buffer, so that after
// warm-up a response costs three digests and no allocation. The scratch buffer is wiped after
// each response, so no secret or HA1 stays in it. Not thread-safe: DigestAuthenticator owns one,
// the free functions keep one per thread.
class DigestHasher {
 public:
  std::string hashHex(DigestAlgorithm algorithm, std::string_view data);
  // Replaces `out` with the lower-case hex response (see expectedResponse above); reusing the
  // same `out` avoids an allocation per call.
  void expectedResponse(const Credentials& credentials, std::string_view method,
                        std::string_view secret, std::string& out);

 private:
  // Hashes scratch_ and writes the lower-case hex digest to `out`; returns its length.
  std::size_t hashScratch(DigestAlgorithm algorithm, char* out);

  DigestContext context_;
  std::string scratch_;
};

}  // namespace sb::sip::auth
