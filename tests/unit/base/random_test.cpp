// SPDX-License-Identifier: MIT
#include "base/random.h"

#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <cmath>
#include <set>
#include <thread>
#include <vector>

namespace sb::random {

TEST(Random, tokens_have_the_asked_length_and_safe_alphabet) {
  auto t = token(32);
  ASSERT_EQ(t.size(), 32u);
  for (char c : t) EXPECT_TRUE(std::isalnum(static_cast<unsigned char>(c))) << c;
  EXPECT_EQ(token(0), "");
  EXPECT_EQ(token(200).size(), 200u);
}

TEST(Random, tokens_do_not_repeat) {
  std::set<std::string> seen;
  for (int i = 0; i < 1000; ++i) EXPECT_TRUE(seen.insert(token(22)).second);
}

// Chi-square over byte values of 4 MiB, drawn in odd sizes across many buffer refills: a broken
// buffer walk (repeated or zeroed bytes) fails this by orders of magnitude.
TEST(Random, bytes_are_uniform_across_refills) {
  std::array<double, 256> counts{};
  std::vector<std::uint8_t> chunk(4099);
  constexpr int kChunks = 1024;
  for (int i = 0; i < kChunks; ++i) {
    fill(chunk.data(), chunk.size());
    for (std::uint8_t b : chunk) counts[b] += 1;
  }
  const double expected = 4099.0 * kChunks / 256;
  double chi2 = 0;
  for (double c : counts) chi2 += (c - expected) * (c - expected) / expected;
  // 255 degrees of freedom: the 99.99th percentile is about 346.
  EXPECT_LT(chi2, 346) << "chi-square " << chi2;
}

TEST(Random, threads_draw_different_streams) {
  std::uint64_t other = 0;
  std::thread([&] { other = u64(); }).join();
  EXPECT_NE(other, u64());
}

TEST(Random, a_forked_child_does_not_repeat_its_parent) {
  fill(nullptr, 0);  // the generator exists before the fork
  int pipeFds[2];
  ASSERT_EQ(::pipe(pipeFds), 0);
  const pid_t child = ::fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    const std::uint64_t v = u64();
    (void)!::write(pipeFds[1], &v, sizeof v);
    ::_exit(0);
  }
  const std::uint64_t mine = u64();
  std::uint64_t theirs = 0;
  ASSERT_EQ(::read(pipeFds[0], &theirs, sizeof theirs), static_cast<ssize_t>(sizeof theirs));
  ::waitpid(child, nullptr, 0);
  ::close(pipeFds[0]);
  ::close(pipeFds[1]);
  EXPECT_NE(mine, theirs);
}

}  // namespace sb::random
