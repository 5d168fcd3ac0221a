// SPDX-License-Identifier: MIT
#pragma once
#include <cstddef>
#include <optional>

namespace sb {

// What the process's allocator holds, when it can tell (jemalloc can, glibc's malloc cannot).
struct AllocatorStats {
  std::size_t allocated = 0;  // bytes in live allocations
  std::size_t resident = 0;   // bytes of the allocator's pages in physical memory
};

// Hands pages that hold no live allocation back to the system: All of them (for a quiet server:
// what a past burst left), or Aged ones only (for a busy server, which will need most again).
// jemalloc returns freed pages only as allocations tick its decay clock, so after a burst an idle
// server would keep them for good; glibc keeps them until malloc_trim.
enum class Release { Aged, All };
void releaseFreeMemory(Release how);

std::optional<AllocatorStats> allocatorStats();

}  // namespace sb
