// SPDX-License-Identifier: MIT
#include "sip/auth/credentials.h"

#include "base/text.h"

namespace sb::sip::auth {
namespace {

bool isHexDigit(char c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

std::optional<std::uint32_t> parseNonceCount(std::string_view nc) {
  if (nc.size() != 8) return std::nullopt;
  std::uint32_t value = 0;
  for (char c : nc) {
    if (!isHexDigit(c)) return std::nullopt;
    const char l = text::toLower(c);
    value = value * 16 + static_cast<std::uint32_t>(l <= '9' ? l - '0' : l - 'a' + 10);
  }
  return value;
}

}  // namespace

std::string_view algorithmName(DigestAlgorithm algorithm, bool session) {
  if (algorithm == DigestAlgorithm::Sha256) return session ? "SHA-256-sess" : "SHA-256";
  return session ? "MD5-sess" : "MD5";
}

std::optional<Credentials> parseCredentials(std::string_view headerValue) {
  auto params = parseDigestParams(headerValue);
  if (!params) return std::nullopt;
  std::string* username = params->find("username");
  std::string* realm = params->find("realm");
  std::string* nonce = params->find("nonce");
  std::string* uri = params->find("uri");
  std::string* response = params->find("response");
  if (!username || !realm || !nonce || !uri || !response) return std::nullopt;

  Credentials c;
  c.username = std::move(*username);
  c.realm = std::move(*realm);
  c.nonce = std::move(*nonce);
  c.uri = std::move(*uri);
  c.response = std::move(*response);
  if (c.username.empty() || c.username.size() > kMaxUsernameSize) return std::nullopt;
  if (c.nonce.empty() || c.uri.empty() || c.response.empty()) return std::nullopt;

  if (const std::string* algorithm = params->find("algorithm")) {
    if (text::iequals(*algorithm, "MD5")) c.algorithm = DigestAlgorithm::Md5;
    else if (text::iequals(*algorithm, "SHA-256")) c.algorithm = DigestAlgorithm::Sha256;
    else return std::nullopt;
  }

  // RFC 7616 §3.4: cnonce and nc go with qop and only with qop.
  std::string* qop = params->find("qop");
  std::string* nc = params->find("nc");
  std::string* cnonce = params->find("cnonce");
  if (qop) {
    if (qop->empty() || !nc || !cnonce || cnonce->empty()) return std::nullopt;
    auto count = parseNonceCount(*nc);
    if (!count) return std::nullopt;
    c.qop = std::move(*qop);
    c.nc = std::move(*nc);
    c.nonceCount = *count;
    c.cnonce = std::move(*cnonce);
  } else if (nc || cnonce) {
    return std::nullopt;
  }
  if (std::string* opaque = params->find("opaque")) c.opaque = std::move(*opaque);
  return c;
}

std::string formatCredentials(const Credentials& c) {
  std::string out;
  out.reserve(256 + c.nonce.size() + c.uri.size() + c.opaque.size());
  out.append("Digest username=").append(quoted(c.username));
  out.append(", realm=").append(quoted(c.realm));
  out.append(", nonce=").append(quoted(c.nonce));
  out.append(", uri=").append(quoted(c.uri));
  out.append(", response=").append(quoted(c.response));
  out.append(", algorithm=").append(algorithmName(c.algorithm, c.session));
  if (!c.qop.empty()) {
    out.append(", cnonce=").append(quoted(c.cnonce));
    out.append(", qop=").append(c.qop);
    out.append(", nc=").append(c.nc);
  }
  if (!c.opaque.empty()) out.append(", opaque=").append(quoted(c.opaque));
  return out;
}

}  // namespace sb::sip::auth
