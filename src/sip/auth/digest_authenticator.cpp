// SPDX-License-Identifier: MIT
#include "sip/auth/digest_authenticator.h"

#include <algorithm>

#include "base/random.h"
#include "base/text.h"

namespace sb::sip::auth {
namespace {

// The response as sent may use upper-case hex; `expected` is lower-case. Constant time as in
// constantTimeEquals, without allocating a lowered copy.
bool responseMatches(std::string_view sent, std::string_view expected) {
  char lowered[2 * DigestContext::kMaxSize];
  if (sent.size() > sizeof lowered) return constantTimeEquals(sent, expected);
  for (std::size_t i = 0; i < sent.size(); ++i) lowered[i] = text::toLower(sent[i]);
  return constantTimeEquals(std::string_view(lowered, sent.size()), expected);
}

}  // namespace

DigestAuthenticator::DigestAuthenticator(std::span<const std::uint8_t> nonceKey, const Clock& clock,
                                         Options options)
    : nonces_(nonceKey, clock, options.nonceLifetime),
      counts_(std::clamp<std::size_t>(options.maxTrackedNonces, 1, NonceCountTracker::kMaxSlots)),
      dummySecret_(random::token(32)),
      algorithms_(std::move(options.algorithms)) {}

Challenge DigestAuthenticator::challenge(std::string_view realm, bool stale) {
  Challenge result;
  result.nonce = nonces_.issue(realm, counts_.issue());
  const std::string quotedRealm = quoted(realm);
  result.headerValues.reserve(algorithms_.size());
  for (DigestAlgorithm algorithm : algorithms_) {
    std::string value;
    value.reserve(96 + quotedRealm.size());
    value.append("Digest realm=").append(quotedRealm).append(", nonce=\"").append(result.nonce);
    value.append("\", algorithm=").append(algorithmName(algorithm)).append(", qop=\"auth\"");
    if (stale) value.append(", stale=true");
    result.headerValues.push_back(std::move(value));
  }
  return result;
}

Verdict DigestAuthenticator::verify(const Credentials& credentials, std::string_view method,
                                    std::string_view realm, std::optional<std::string_view> secret) {
  // The same work for every request up to the verdict on the secret: one response computation
  // and one constant-time comparison, whether the user exists or not.
  const std::string_view usedSecret = secret ? *secret : std::string_view(dummySecret_);
  hasher_.expectedResponse(credentials, method, usedSecret, expected_);
  const bool matches = responseMatches(credentials.response, expected_);
  const bool offered =
      std::find(algorithms_.begin(), algorithms_.end(), credentials.algorithm) != algorithms_.end();
  const bool acceptable = offered && credentials.realm == realm &&
                          (credentials.qop.empty() || text::iequals(credentials.qop, "auth"));
  if (!secret || !matches || !acceptable) return Verdict::Failed;

  // The client knows the secret. Asterisk decides the same way: a good digest over a bad nonce
  // is stale, never a failure, so phones are not banned after a restart (a new epoch, perhaps
  // a new key) made their nonces unknown.
  const NonceCheck nonce = nonces_.check(credentials.nonce, realm);
  if (nonce.status != NonceStatus::Valid) return Verdict::Stale;

  const std::optional<std::uint32_t> count =
      credentials.qop.empty() ? std::nullopt : std::optional<std::uint32_t>(credentials.nonceCount);
  // Replayed, or not tracked (issued before a restart, pushed out of the ring, nc past 255).
  if (counts_.use(nonce.id, count) != NonceUse::Fresh) return Verdict::Stale;
  return Verdict::Ok;
}

}  // namespace sb::sip::auth
