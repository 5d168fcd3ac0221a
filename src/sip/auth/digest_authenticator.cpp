// SPDX-License-Identifier: MIT
#include "sip/auth/digest_authenticator.h"

#include <algorithm>

#include "base/random.h"
#include "base/text.h"
#include "sip/auth/digest_hash.h"

namespace sb::sip::auth {

DigestAuthenticator::DigestAuthenticator(std::span<const std::uint8_t> nonceKey, const Clock& clock,
                                         Options options)
    : nonces_(nonceKey, clock, options.nonceLifetime),
      counts_(clock, options.maxTrackedNonces),
      dummySecret_(random::token(32)),
      algorithms_(std::move(options.algorithms)) {}

std::string DigestAuthenticator::quote(std::string_view value) {
  std::string out = "\"";
  for (char c : value) {
    if (c == '"' || c == '\\') out.push_back('\\');
    out.push_back(c);
  }
  out.push_back('"');
  return out;
}

Challenge DigestAuthenticator::challenge(std::string_view realm, bool stale) {
  Challenge result;
  result.nonce = nonces_.issue(realm);
  for (DigestAlgorithm algorithm : algorithms_) {
    std::string value = "Digest realm=" + quote(realm) + ", nonce=\"" + result.nonce +
                        "\", algorithm=" + std::string(algorithmName(algorithm)) + ", qop=\"auth\"";
    if (stale) value += ", stale=true";
    result.headerValues.push_back(std::move(value));
  }
  return result;
}

Verdict DigestAuthenticator::verify(const Credentials& credentials, std::string_view method,
                                    std::string_view realm, std::optional<std::string_view> secret) {
  // The same work for every request up to the verdict on the secret: one response computation
  // and one constant-time comparison, whether the user exists or not.
  const std::string_view usedSecret = secret ? *secret : std::string_view(dummySecret_);
  const std::string expected = expectedResponse(credentials, method, usedSecret);
  const bool responseMatches = constantTimeEquals(text::lower(credentials.response), expected);
  const bool offered =
      std::find(algorithms_.begin(), algorithms_.end(), credentials.algorithm) != algorithms_.end();
  const bool acceptable = offered && credentials.realm == realm &&
                          (credentials.qop.empty() || text::iequals(credentials.qop, "auth"));
  if (!secret || !responseMatches || !acceptable) return Verdict::Failed;

  // The client knows the secret. Asterisk decides the same way: a good digest over a bad nonce
  // is stale, never a failure, so phones are not banned after a restart changed the key.
  const NonceCheck nonce = nonces_.check(credentials.nonce, realm);
  if (nonce.status != NonceStatus::Valid) return Verdict::Stale;

  const std::optional<std::uint32_t> count =
      credentials.qop.empty() ? std::nullopt : std::optional<std::uint32_t>(credentials.nonceCount);
  if (counts_.use(credentials.nonce, count, nonce.expiresAt) == NonceUse::Replayed)
    return Verdict::Stale;
  return Verdict::Ok;
}

}  // namespace sb::sip::auth
