// SPDX-License-Identifier: MIT
#pragma once
#include <cstddef>
#include <cstdint>
#include <string>

namespace sb::random {

// Cryptographically secure bytes: a per-thread fast-key-erasure ChaCha20 generator seeded from
// getrandom(2), reseeded in a forked child. Aborts if it fails: running on without randomness
// would hand out guessable secrets.
void fill(std::uint8_t* out, std::size_t size);
std::uint64_t u64();
// A token of `bytes` random bytes in an alphabet safe for SIP tokens, file names and phone
// keypads' configs: [A-Za-z0-9], unbiased. Used for tags, branches and generated secrets.
std::string token(std::size_t length);

}  // namespace sb::random
