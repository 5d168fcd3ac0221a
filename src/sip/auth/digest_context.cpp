// SPDX-License-Identifier: MIT
#include "sip/auth/digest_context.h"

#include <openssl/evp.h>

#include <cstdio>
#include <cstdlib>

namespace sb::sip::auth {
namespace {

// Every failure here means OpenSSL cannot provide MD5 or SHA-256 (a broken installation, or a
// FIPS-only configuration without MD5) or is out of memory. Running on would compute wrong
// digests and fail every login silently, so stop loudly instead; no network input gets here.
[[noreturn]] void fatal(const char* what) {
  std::fprintf(stderr, "switchboard: OpenSSL digest failure: %s\n", what);
  std::abort();
}

void require(int ok, const char* what) {
  if (ok != 1) fatal(what);
}

// Fetched on first use and kept for the life of the process (never freed: other statics'
// destructors may still hash).
const EVP_MD* fetched(DigestAlgorithm algorithm) {
  static EVP_MD* const md5 = EVP_MD_fetch(nullptr, "MD5", nullptr);
  static EVP_MD* const sha256 = EVP_MD_fetch(nullptr, "SHA2-256", nullptr);
  EVP_MD* md = algorithm == DigestAlgorithm::Sha256 ? sha256 : md5;
  if (md == nullptr) fatal(algorithm == DigestAlgorithm::Sha256 ? "no SHA-256" : "no MD5");
  return md;
}

}  // namespace

std::size_t digestSize(DigestAlgorithm algorithm) {
  return algorithm == DigestAlgorithm::Sha256 ? 32 : 16;
}

DigestContext::DigestContext() : ctx_(EVP_MD_CTX_new()) {
  if (ctx_ == nullptr) fatal("EVP_MD_CTX_new");
}

DigestContext::~DigestContext() { EVP_MD_CTX_free(ctx_); }

void DigestContext::start(DigestAlgorithm algorithm) {
  require(EVP_DigestInit_ex2(ctx_, fetched(algorithm), nullptr), "EVP_DigestInit_ex2");
}

void DigestContext::startFrom(const DigestContext& prepared) {
  require(EVP_MD_CTX_copy_ex(ctx_, prepared.ctx_), "EVP_MD_CTX_copy_ex");
}

void DigestContext::update(const void* data, std::size_t size) {
  require(EVP_DigestUpdate(ctx_, data, size), "EVP_DigestUpdate");
}

std::size_t DigestContext::finish(std::uint8_t* out) {
  unsigned int size = 0;
  // Only MD5 and SHA-256 ever reach a context (start() and startFrom() see to it), so `size`
  // is at most kMaxSize.
  require(EVP_DigestFinal_ex(ctx_, out, &size), "EVP_DigestFinal_ex");
  return size;
}

}  // namespace sb::sip::auth
