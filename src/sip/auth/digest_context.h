// SPDX-License-Identifier: MIT
#pragma once
#include <openssl/types.h>

#include <cstddef>
#include <cstdint>
#include <string_view>

#include "sip/auth/credentials.h"

namespace sb::sip::auth {

// One reusable OpenSSL message digest context. The algorithms are fetched once per process
// (EVP_MD_fetch): OpenSSL 3 otherwise looks them up in its provider tables on every one-shot
// EVP_Digest/HMAC call, which cost more than the hashing itself. It does no formatting and
// knows nothing of digest authentication; it is not thread-safe (one per owner and thread).
class DigestContext {
 public:
  static constexpr std::size_t kMaxSize = 32;  // SHA-256; MD5 is 16

  DigestContext();
  ~DigestContext();
  DigestContext(const DigestContext&) = delete;
  DigestContext& operator=(const DigestContext&) = delete;

  // Starts a new hash (EVP_DigestInit_ex2 with the fetched algorithm).
  void start(DigestAlgorithm algorithm);
  // Starts from the state `prepared` has absorbed so far (EVP_MD_CTX_copy_ex), e.g. an HMAC key
  // block hashed once in advance.
  void startFrom(const DigestContext& prepared);
  void update(const void* data, std::size_t size);
  void update(std::string_view data) { update(data.data(), data.size()); }
  // Writes the digest to `out` (room for kMaxSize bytes) and returns its size.
  std::size_t finish(std::uint8_t* out);

 private:
  EVP_MD_CTX* ctx_;
};

// Size in bytes of the algorithm's digest: 16 for MD5, 32 for SHA-256.
std::size_t digestSize(DigestAlgorithm algorithm);

}  // namespace sb::sip::auth
