// SPDX-License-Identifier: MIT
#include "sip/auth/digest_hash.h"

#include <openssl/crypto.h>

#include <cstdint>

namespace sb::sip::auth {
namespace {

constexpr std::size_t kMaxHexSize = 2 * DigestContext::kMaxSize;

void toHex(const std::uint8_t* data, std::size_t size, char* out) {
  static constexpr char kDigits[] = "0123456789abcdef";
  for (std::size_t i = 0; i < size; ++i) {
    out[2 * i] = kDigits[data[i] >> 4];
    out[2 * i + 1] = kDigits[data[i] & 0xf];
  }
}

DigestHasher& threadHasher() {
  thread_local DigestHasher hasher;
  return hasher;
}

}  // namespace

std::size_t DigestHasher::hashScratch(DigestAlgorithm algorithm, char* out) {
  std::uint8_t digest[DigestContext::kMaxSize];
  context_.start(algorithm);
  context_.update(scratch_);
  const std::size_t size = context_.finish(digest);
  toHex(digest, size, out);
  return 2 * size;
}

std::string DigestHasher::hashHex(DigestAlgorithm algorithm, std::string_view data) {
  scratch_.assign(data);
  char hex[kMaxHexSize];
  const std::size_t size = hashScratch(algorithm, hex);
  return std::string(hex, size);
}

void DigestHasher::expectedResponse(const Credentials& c, std::string_view method,
                                    std::string_view secret, std::string& out) {
  char ha1[kMaxHexSize];
  char ha2[kMaxHexSize];
  scratch_.clear();
  scratch_.append(c.username).append(1, ':').append(c.realm).append(1, ':').append(secret);
  const std::size_t hexSize = hashScratch(c.algorithm, ha1);
  // The scratch buffer outlives the call: do not leave the secret, or below HA1 (as good as the
  // secret for this realm), lying in it.
  OPENSSL_cleanse(scratch_.data(), scratch_.size());
  if (c.session) {
    // RFC 7616 §3.4.2: for "-sess", HA1 = H(H(username:realm:secret):nonce:cnonce).
    scratch_.clear();
    scratch_.append(ha1, hexSize).append(1, ':').append(c.nonce).append(1, ':').append(c.cnonce);
    hashScratch(c.algorithm, ha1);
    OPENSSL_cleanse(scratch_.data(), scratch_.size());
  }

  scratch_.clear();
  scratch_.append(method).append(1, ':').append(c.uri);
  hashScratch(c.algorithm, ha2);

  scratch_.clear();
  scratch_.append(ha1, hexSize).append(1, ':').append(c.nonce).append(1, ':');
  if (!c.qop.empty())
    scratch_.append(c.nc).append(1, ':').append(c.cnonce).append(1, ':').append(c.qop).append(1, ':');
  scratch_.append(ha2, hexSize);
  char response[kMaxHexSize];
  hashScratch(c.algorithm, response);
  OPENSSL_cleanse(scratch_.data(), scratch_.size());
  out.assign(response, hexSize);
}

std::string hashHex(DigestAlgorithm algorithm, std::string_view data) {
  return threadHasher().hashHex(algorithm, data);
}

std::string expectedResponse(const Credentials& c, std::string_view method,
                             std::string_view secret) {
  std::string out;
  threadHasher().expectedResponse(c, method, secret, out);
  return out;
}

bool constantTimeEquals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) {
    // Still spend the time of a comparison so that the length check is not a shortcut.
    (void)CRYPTO_memcmp(a.data(), a.data(), a.size());
    return false;
  }
  return CRYPTO_memcmp(a.data(), b.data(), a.size()) == 0;
}

}  // namespace sb::sip::auth
