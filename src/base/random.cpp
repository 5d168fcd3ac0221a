// SPDX-License-Identifier: MIT
#include "base/random.h"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <pthread.h>
#include <sys/random.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>

namespace sb::random {
namespace {

[[noreturn]] void fail(const char* what) {
  std::fprintf(stderr, "switchboard: the random generator failed (%s)\n", what);
  std::abort();
}

// Bumped in a forked child, so that parent and child never hand out the same stream.
std::atomic<unsigned> forkGeneration{0};

void fromKernel(std::uint8_t* out, std::size_t size) {
  while (size > 0) {
    const ssize_t got = ::getrandom(out, size, 0);
    if (got < 0) {
      if (errno == EINTR) continue;
      fail("getrandom");
    }
    out += got;
    size -= static_cast<std::size_t>(got);
  }
}

// A fast-key-erasure generator (D. J. Bernstein, "Fast-key-erasure random-number generators",
// 2017): ChaCha20 under a 256-bit key seeded from getrandom(2) fills a buffer; the buffer's
// first 32 bytes become the next key at once and every byte is wiped as it is handed out, so
// nothing in memory reveals past output. A registrar draws a tag for every response: this costs
// a few nanoseconds a byte where RAND_bytes cost about 2 µs a call (its locks and fork check).
class Generator {
 public:
  Generator() {
    ctx_ = EVP_CIPHER_CTX_new();
    cipher_ = EVP_CIPHER_fetch(nullptr, "ChaCha20", nullptr);
    if (ctx_ == nullptr || cipher_ == nullptr) fail("ChaCha20 unavailable");
    reseed();
  }
  ~Generator() {
    OPENSSL_cleanse(key_.data(), key_.size());
    OPENSSL_cleanse(buffer_.data(), buffer_.size());
    EVP_CIPHER_CTX_free(ctx_);
    EVP_CIPHER_free(cipher_);
  }
  Generator(const Generator&) = delete;
  Generator& operator=(const Generator&) = delete;

  void fill(std::uint8_t* out, std::size_t size) {
    if (generation_ != forkGeneration.load(std::memory_order_relaxed)) reseed();
    while (size > 0) {
      if (used_ == buffer_.size()) refill();
      const std::size_t n = std::min(size, buffer_.size() - used_);
      std::memcpy(out, buffer_.data() + used_, n);
      OPENSSL_cleanse(buffer_.data() + used_, n);
      used_ += n;
      out += n;
      size -= n;
    }
  }

 private:
  void reseed() {
    generation_ = forkGeneration.load(std::memory_order_relaxed);
    fromKernel(key_.data(), key_.size());
    refill();
  }

  void refill() {
    // The key is used for one block run only, so a fixed counter and nonce never repeat a stream.
    static constexpr std::array<std::uint8_t, 16> kCounterAndNonce{};
    static constexpr std::array<std::uint8_t, kKeyBytes + kBufferBytes> kZeros{};
    std::array<std::uint8_t, kKeyBytes + kBufferBytes> stream;
    int written = 0;
    if (EVP_EncryptInit_ex2(ctx_, cipher_, key_.data(), kCounterAndNonce.data(), nullptr) != 1 ||
        EVP_EncryptUpdate(ctx_, stream.data(), &written, kZeros.data(),
                          static_cast<int>(kZeros.size())) != 1 ||
        written != static_cast<int>(stream.size())) {
      fail("ChaCha20");
    }
    std::memcpy(key_.data(), stream.data(), kKeyBytes);
    std::memcpy(buffer_.data(), stream.data() + kKeyBytes, kBufferBytes);
    OPENSSL_cleanse(stream.data(), stream.size());
    used_ = 0;
  }

  static constexpr std::size_t kKeyBytes = 32;
  static constexpr std::size_t kBufferBytes = 4096;
  EVP_CIPHER_CTX* ctx_ = nullptr;
  EVP_CIPHER* cipher_ = nullptr;
  std::array<std::uint8_t, kKeyBytes> key_{};
  std::array<std::uint8_t, kBufferBytes> buffer_{};
  std::size_t used_ = kBufferBytes;
  unsigned generation_ = 0;
};

Generator& generator() {
  static const bool registered = [] {
    ::pthread_atfork(nullptr, nullptr,
                     [] { forkGeneration.fetch_add(1, std::memory_order_relaxed); });
    return true;
  }();
  (void)registered;
  thread_local Generator instance;
  return instance;
}

}  // namespace

void fill(std::uint8_t* out, std::size_t size) { generator().fill(out, size); }

std::uint64_t u64() {
  std::uint64_t v;
  fill(reinterpret_cast<std::uint8_t*>(&v), sizeof v);
  return v;
}

std::string token(std::size_t length) {
  static constexpr char kAlphabet[] =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
  constexpr unsigned kSize = sizeof kAlphabet - 1;  // 62
  std::string out;
  out.reserve(length);
  std::uint8_t buf[64];
  while (out.size() < length) {
    // Enough bytes for the rest of the token in most draws: about 3% are rejected.
    const std::size_t want = std::min(sizeof buf, length - out.size() + 4);
    fill(buf, want);
    for (std::size_t i = 0; i < want; ++i) {
      // Rejection sampling: 248 = 4 * 62, so values below it map without bias.
      if (buf[i] < 248 && out.size() < length) out.push_back(kAlphabet[buf[i] % kSize]);
    }
  }
  OPENSSL_cleanse(buf, sizeof buf);
  return out;
}

}  // namespace sb::random
