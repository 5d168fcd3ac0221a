// SPDX-License-Identifier: MIT
#include "base/allocator.h"

#include <malloc.h>

#include <cstdint>

// jemalloc's control interface, present only when the binary links jemalloc (the server does;
// tests and sanitizer builds use glibc's allocator). Weak, so both link.
extern "C" int mallctl(const char* name, void* oldp, std::size_t* oldlenp, void* newp,
                       std::size_t newlen) __attribute__((weak));

namespace sb {

namespace {
// MALLCTL_ARENAS_ALL: the pseudo-arena index meaning "every arena".
constexpr const char* kPurgeAllArenas = "arena.4096.purge";
}  // namespace

void releaseFreeMemory() {
  if (mallctl != nullptr) {
    mallctl(kPurgeAllArenas, nullptr, nullptr, nullptr, 0);
  } else {
    malloc_trim(0);
  }
}

std::optional<AllocatorStats> allocatorStats() {
  if (mallctl == nullptr) return std::nullopt;
  // Statistics are a snapshot taken when the epoch advances.
  std::uint64_t epoch = 1;
  std::size_t len = sizeof(epoch);
  mallctl("epoch", &epoch, &len, &epoch, len);
  AllocatorStats stats;
  len = sizeof(std::size_t);
  if (mallctl("stats.allocated", &stats.allocated, &len, nullptr, 0) != 0) return std::nullopt;
  len = sizeof(std::size_t);
  if (mallctl("stats.resident", &stats.resident, &len, nullptr, 0) != 0) return std::nullopt;
  return stats;
}

}  // namespace sb
