// SPDX-License-Identifier: MIT
#include "base/random.h"

#include <openssl/rand.h>

#include <cstdlib>
#include <cstdio>

namespace sb::random {

void fill(std::uint8_t* out, std::size_t size) {
  if (RAND_bytes(out, static_cast<int>(size)) != 1) {
    std::fputs("switchboard: the system random generator failed\n", stderr);
    std::abort();
  }
}

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
    fill(buf, sizeof buf);
    for (std::uint8_t b : buf) {
      // Rejection sampling: 248 = 4 * 62, so values below it map without bias.
      if (b < 248 && out.size() < length) out.push_back(kAlphabet[b % kSize]);
    }
  }
  return out;
}

}  // namespace sb::random
