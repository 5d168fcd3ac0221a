// SPDX-License-Identifier: MIT
#include "sip/auth/digest_hash.h"

#include <openssl/crypto.h>
#include <openssl/evp.h>

#include <cassert>
#include <cstdint>

#include "base/text.h"

namespace sb::sip::auth {

std::string hashHex(DigestAlgorithm algorithm, std::string_view data) {
  const EVP_MD* md = algorithm == DigestAlgorithm::Sha256 ? EVP_sha256() : EVP_md5();
  std::uint8_t digest[EVP_MAX_MD_SIZE];
  unsigned int size = 0;
  // Fails only if OpenSSL cannot provide MD5/SHA-256 at all: a broken installation.
  [[maybe_unused]] const int ok = EVP_Digest(data.data(), data.size(), digest, &size, md, nullptr);
  assert(ok == 1);
  return text::hex(digest, size);
}

std::string expectedResponse(const Credentials& c, std::string_view method,
                             std::string_view secret) {
  std::string a1;
  a1.reserve(c.username.size() + c.realm.size() + secret.size() + 2);
  a1.append(c.username).append(":").append(c.realm).append(":").append(secret);
  const std::string ha1 = hashHex(c.algorithm, a1);

  std::string a2;
  a2.append(method).append(":").append(c.uri);
  const std::string ha2 = hashHex(c.algorithm, a2);

  std::string kd = ha1;
  kd.append(":").append(c.nonce).append(":");
  if (!c.qop.empty()) kd.append(c.nc).append(":").append(c.cnonce).append(":").append(c.qop).append(":");
  kd.append(ha2);
  return hashHex(c.algorithm, kd);
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
