// SPDX-License-Identifier: MIT
#pragma once
#include <cstdio>
#include <cstdlib>

// A promise the code under fuzzing must keep: when broken, say which and abort, so libFuzzer
// keeps the input as a crash.
#define SB_REQUIRE(condition)                                   \
  do {                                                          \
    if (!(condition)) {                                         \
      std::fprintf(stderr, "broken promise: %s\n", #condition); \
      std::abort();                                             \
    }                                                           \
  } while (false)
