// SPDX-License-Identifier: MIT
#pragma once
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "sip/auth/digest_params.h"

namespace sb::sip::auth {

// The hash functions of RFC 7616 §3.2 we know. As a server we offer both without "-sess", so
// credentials naming a "-sess" variant are not parsed; as a client we also answer the "-sess"
// variants (Credentials::session).
enum class DigestAlgorithm : std::uint8_t { Md5, Sha256 };

// "MD5", "SHA-256", or with `session` "MD5-sess", "SHA-256-sess".
std::string_view algorithmName(DigestAlgorithm algorithm, bool session = false);

// The parameters of one Authorization / Proxy-Authorization header with the Digest scheme
// (RFC 7616 §3.4, RFC 3261 §25.1 "credentials"). Values are unquoted and unescaped.
struct Credentials {
  std::string username;
  std::string realm;
  std::string nonce;
  std::string uri;
  std::string response;
  DigestAlgorithm algorithm = DigestAlgorithm::Md5;  // absent = MD5 (RFC 7616 §3.4)
  // A "-sess" algorithm (RFC 7616 §3.4.2): HA1 also covers nonce and cnonce. Only ever set by a
  // client answering such a challenge; parseCredentials refuses them.
  bool session = false;
  std::string qop;     // empty: RFC 2069 style, no qop, no nc, no cnonce
  std::string nc;      // exactly as sent (8 hex digits), used verbatim in the hash
  std::uint32_t nonceCount = 0;  // nc as a number
  std::string cnonce;
  std::string opaque;
};

// Bounds on what we accept from the network, beyond those of digest_params.h.
inline constexpr std::size_t kMaxCredentialsSize = kMaxDigestHeaderSize;
inline constexpr std::size_t kMaxUsernameSize = 256;

// Parses a header value such as `Digest username="100", realm="pbx", nonce="...", uri="sip:pbx",
// response="...", algorithm=MD5, qop=auth, nc=00000001, cnonce="..."`. Returns nullopt for another
// scheme, bad syntax, a duplicated parameter, a missing required parameter, an algorithm we do not
// offer, inconsistent qop/nc/cnonce, or anything past the size bounds. Never throws on input.
std::optional<Credentials> parseCredentials(std::string_view headerValue);

// The Authorization / Proxy-Authorization header value for `credentials` (RFC 7616 §3.4, RFC
// 3261 §22.4): username, realm, nonce, uri, response, cnonce and opaque quoted and escaped;
// algorithm, qop and nc as tokens; cnonce, nc and qop only with qop, opaque only when set.
std::string formatCredentials(const Credentials& credentials);

}  // namespace sb::sip::auth
