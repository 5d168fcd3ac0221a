// SPDX-License-Identifier: MIT
#include "sip/auth/digest_responder.h"

#include <cstdio>

#include "base/random.h"
#include "sip/auth/digest_hash.h"

namespace sb::sip::auth {
namespace {

// 16 characters of [A-Za-z0-9]: 95 bits, more than RFC 7616 §5.12 asks of a cnonce.
constexpr std::size_t kCnonceLength = 16;

}  // namespace

Credentials answerChallenge(const DigestChallenge& challenge, std::string_view username,
                            std::string_view password, std::string_view method,
                            std::string_view uri, std::uint32_t nonceCount,
                            std::string_view cnonce) {
  Credentials c;
  c.username = username;
  c.realm = challenge.realm;
  c.nonce = challenge.nonce;
  c.uri = uri;
  c.algorithm = challenge.algorithm;
  c.session = challenge.session;
  c.opaque = challenge.opaque;
  if (challenge.qopAuth) {
    c.qop = "auth";
    char nc[9];
    std::snprintf(nc, sizeof nc, "%08x", nonceCount);  // RFC 7616 §3.4: 8 hex digits
    c.nc = nc;
    c.nonceCount = nonceCount;
    c.cnonce = cnonce;
  }
  c.response = expectedResponse(c, method, password);
  return c;
}

DigestResponder::DigestResponder(std::string username, std::string password)
    : username_(std::move(username)), password_(std::move(password)) {}

void DigestResponder::adopt(DigestChallenge challenge) {
  if (!challenge_ || challenge_->nonce != challenge.nonce || challenge_->realm != challenge.realm)
    nonceCount_ = 0;
  challenge_ = std::move(challenge);
}

std::optional<std::string> DigestResponder::authorization(std::string_view method,
                                                          std::string_view uri) {
  if (!challenge_) return std::nullopt;
  ++nonceCount_;
  const std::string cnonce = challenge_->qopAuth ? random::token(kCnonceLength) : std::string();
  return formatCredentials(
      answerChallenge(*challenge_, username_, password_, method, uri, nonceCount_, cnonce));
}

}  // namespace sb::sip::auth
