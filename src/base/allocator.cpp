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
// MALLCTL_ARENAS_ALL (4096) means every arena. "purge" returns every unused page; "decay" only
// those past jemalloc's decay curve, so pages a busy server reuses from one second to the next
// stay (returning them would cost a page fault each when they are needed again).
constexpr const char* kPurgeAllArenas = "arena.4096.purge";
constexpr const char* kDecayAllArenas = "arena.4096.decay";
}  // namespace

void releaseFreeMemory(Release how) {
  if (mallctl != nullptr) {
    mallctl(how == Release::All ? kPurgeAllArenas : kDecayAllArenas, nullptr, nullptr, nullptr, 0);
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
