// SPDX-License-Identifier: MIT
#pragma once
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "sip/auth/credentials.h"

namespace sb::sip::auth {

// One WWW-Authenticate / Proxy-Authenticate challenge with the Digest scheme (RFC 7616 §3.3,
// RFC 2617 §3.2.1, RFC 3261 §22.4), as a client needs it. Values are unquoted and unescaped.
struct DigestChallenge {
  std::string realm;
  std::string nonce;
  std::string opaque;  // returned verbatim; empty when the server sent none
  DigestAlgorithm algorithm = DigestAlgorithm::Md5;  // absent = MD5 (RFC 7616 §3.3)
  bool session = false;  // a "-sess" algorithm
  // The server offers qop "auth": answer with qop=auth, nc and cnonce. Without a qop parameter
  // the answer is RFC 2069 style (RFC 2617 §3.2.2.1: neither nc nor cnonce).
  bool qopAuth = false;
  // RFC 7616 §3.3: the previous request's response was right but its nonce is no longer good;
  // retry with this nonce, the password was right.
  bool stale = false;
};

// Parses one challenge header value, e.g. `Digest realm="pbx", nonce="...", algorithm=SHA-256,
// qop="auth,auth-int", opaque="...", stale=TRUE`. Returns nullopt when the challenge cannot be
// answered or is hostile: another scheme, bad syntax (unterminated quotes, a parameter given
// twice, past the size bounds of digest_params.h), no realm or no nonce, an algorithm we do not
// know (RFC 7616 §3.3 lets a client ignore those), a qop list without "auth" (we do not
// compute auth-int), or a "-sess" algorithm without qop (it needs a cnonce, which only comes with
// qop). Unknown parameters (domain, charset, userhash) are ignored. Never throws on input.
std::optional<DigestChallenge> parseChallenge(std::string_view headerValue);

// RFC 7616 §3.7: a server may send several challenges (one per algorithm) and the client uses
// the strongest it supports. Of the values given (each one WWW-Authenticate or
// Proxy-Authenticate header line), the one we answer: SHA-256 before MD5, with qop before
// without, plain before "-sess" (the variant servers implement least consistently); the first of
// equals. nullopt when none can be answered.
std::optional<DigestChallenge> strongestChallenge(std::span<const std::string_view> headerValues);

}  // namespace sb::sip::auth
