// SPDX-License-Identifier: MIT
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "sip/auth/credentials.h"
#include "sip/auth/digest_challenge.h"

namespace sb::sip::auth {

// The credentials a client sends to answer `challenge` for a request with this method and
// Request-URI (RFC 7616 §3.4, RFC 3261 §22.4): with qop=auth, nc is `nonceCount` as 8 hex digits
// and `cnonce` is used as given; without qop neither is sent (RFC 2069). Pure; the response
// comes from the same hashing the server checks with (digest_hash.h).
Credentials answerChallenge(const DigestChallenge& challenge, std::string_view username,
                            std::string_view password, std::string_view method,
                            std::string_view uri, std::uint32_t nonceCount,
                            std::string_view cnonce);

// Answers digest challenges for one account, as a UA or a trunk does towards a registrar or
// proxy. It keeps the challenge last adopted, so later requests can carry credentials up front
// (RFC 3261 §22.3 lets a client reuse them), and counts nc per nonce (RFC 7616 §3.4: the server
// may refuse a count it saw before). Each answer gets a fresh cnonce from the CSPRNG.
class DigestResponder {
 public:
  // The caller keeps CR, LF and other control characters out of `username` (configuration
  // checks do): a quoted-string cannot carry them.
  DigestResponder(std::string username, std::string password);

  // Answers `challenge` from now on. The same nonce again keeps nc counting up; a new one
  // starts over at 1.
  void adopt(DigestChallenge challenge);
  // Drops the challenge (e.g. when the account changes or the server refused the credentials).
  void forget() { challenge_.reset(); }
  const std::optional<DigestChallenge>& challenge() const { return challenge_; }

  // The Authorization / Proxy-Authorization value for the next request (the next nc, a fresh
  // cnonce), or nullopt before any challenge was adopted.
  std::optional<std::string> authorization(std::string_view method, std::string_view uri);

 private:
  std::string username_;
  std::string password_;
  std::optional<DigestChallenge> challenge_;
  std::uint32_t nonceCount_ = 0;  // nc of the last answer to challenge_'s nonce
};

}  // namespace sb::sip::auth
