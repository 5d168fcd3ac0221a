// SPDX-License-Identifier: MIT
#include "sip/auth/digest_challenge.h"

#include "base/text.h"

namespace sb::sip::auth {
namespace {

struct AlgorithmChoice {
  DigestAlgorithm algorithm;
  bool session;
};

std::optional<AlgorithmChoice> knownAlgorithm(std::string_view name) {
  if (text::iequals(name, "MD5")) return AlgorithmChoice{DigestAlgorithm::Md5, false};
  if (text::iequals(name, "MD5-sess")) return AlgorithmChoice{DigestAlgorithm::Md5, true};
  if (text::iequals(name, "SHA-256")) return AlgorithmChoice{DigestAlgorithm::Sha256, false};
  if (text::iequals(name, "SHA-256-sess")) return AlgorithmChoice{DigestAlgorithm::Sha256, true};
  return std::nullopt;
}

// qop-options is a quoted, comma-separated list (RFC 7616 §3.3); some servers send a bare token.
bool offersAuth(std::string_view qopOptions) {
  while (true) {
    const std::size_t comma = qopOptions.find(',');
    if (text::iequals(text::trim(qopOptions.substr(0, comma)), "auth")) return true;
    if (comma == std::string_view::npos) return false;
    qopOptions.remove_prefix(comma + 1);
  }
}

int strength(const DigestChallenge& c) {
  return (c.algorithm == DigestAlgorithm::Sha256 ? 4 : 0) + (c.qopAuth ? 2 : 0) + (c.session ? 0 : 1);
}

}  // namespace

std::optional<DigestChallenge> parseChallenge(std::string_view headerValue) {
  auto params = parseDigestParams(headerValue);
  if (!params) return std::nullopt;
  std::string* realm = params->find("realm");
  std::string* nonce = params->find("nonce");
  if (!realm || !nonce || nonce->empty()) return std::nullopt;

  DigestChallenge c;
  c.realm = std::move(*realm);
  c.nonce = std::move(*nonce);
  if (std::string* opaque = params->find("opaque")) c.opaque = std::move(*opaque);
  if (const std::string* algorithm = params->find("algorithm")) {
    const auto choice = knownAlgorithm(*algorithm);
    if (!choice) return std::nullopt;
    c.algorithm = choice->algorithm;
    c.session = choice->session;
  }
  if (const std::string* qop = params->find("qop")) {
    if (!offersAuth(*qop)) return std::nullopt;
    c.qopAuth = true;
  }
  if (c.session && !c.qopAuth) return std::nullopt;
  if (const std::string* stale = params->find("stale")) c.stale = text::iequals(*stale, "true");
  return c;
}

std::optional<DigestChallenge> strongestChallenge(std::span<const std::string_view> headerValues) {
  std::optional<DigestChallenge> best;
  for (std::string_view value : headerValues) {
    auto candidate = parseChallenge(value);
    if (candidate && (!best || strength(*candidate) > strength(*best))) best = std::move(candidate);
  }
  return best;
}

}  // namespace sb::sip::auth
