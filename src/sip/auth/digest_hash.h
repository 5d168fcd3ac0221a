// SPDX-License-Identifier: MIT
#pragma once
#include <string>
#include <string_view>

#include "sip/auth/credentials.h"

namespace sb::sip::auth {

// Lower-case hex digest of `data` with the algorithm's hash function (RFC 7616 §3.4.1 H()).
std::string hashHex(DigestAlgorithm algorithm, std::string_view data);

// The response a client knowing `secret` would send for these credentials:
// HA1 = H(username:realm:secret), HA2 = H(method:uri) (RFC 7616 §3.4.2, §3.4.3), and
// response = H(HA1:nonce:nc:cnonce:qop:HA2) with qop, or H(HA1:nonce:HA2) without (RFC 2069).
// The qop value is hashed as sent; only "auth" is accepted by DigestAuthenticator.
std::string expectedResponse(const Credentials& credentials, std::string_view method,
                             std::string_view secret);

// Compares two strings in time that depends only on their lengths (OpenSSL CRYPTO_memcmp).
bool constantTimeEquals(std::string_view a, std::string_view b);

}  // namespace sb::sip::auth
