// SPDX-License-Identifier: MIT
#include "sip/auth/nonce_count_tracker.h"

#include <gtest/gtest.h>

namespace sb::sip::auth {
namespace {

using namespace std::chrono_literals;

class NonceCountTrackerTest : public ::testing::Test {
 protected:
  SystemTime in(std::chrono::seconds s) const { return clock_.systemNow() + s; }
  ManualClock clock_;
  NonceCountTracker tracker_{clock_, 3};
};

TEST_F(NonceCountTrackerTest, accepts_increasing_nonce_counts) {
  EXPECT_EQ(tracker_.use("a", 1, in(300s)), NonceUse::Fresh);
  EXPECT_EQ(tracker_.use("a", 2, in(300s)), NonceUse::Fresh);
  EXPECT_EQ(tracker_.use("a", 7, in(300s)), NonceUse::Fresh);
}

TEST_F(NonceCountTrackerTest, refuses_a_repeated_or_lower_nonce_count) {
  EXPECT_EQ(tracker_.use("a", 5, in(300s)), NonceUse::Fresh);
  EXPECT_EQ(tracker_.use("a", 5, in(300s)), NonceUse::Replayed);
  EXPECT_EQ(tracker_.use("a", 4, in(300s)), NonceUse::Replayed);
  EXPECT_EQ(tracker_.use("b", 5, in(300s)), NonceUse::Fresh);  // counts are per nonce
}

TEST_F(NonceCountTrackerTest, refuses_nonce_count_zero) {
  EXPECT_EQ(tracker_.use("a", 0, in(300s)), NonceUse::Replayed);
}

TEST_F(NonceCountTrackerTest, accepts_a_nonce_without_qop_only_once) {
  EXPECT_EQ(tracker_.use("a", std::nullopt, in(300s)), NonceUse::Fresh);
  EXPECT_EQ(tracker_.use("a", std::nullopt, in(300s)), NonceUse::Replayed);
  EXPECT_EQ(tracker_.use("a", 1, in(300s)), NonceUse::Replayed);
}

TEST_F(NonceCountTrackerTest, forgets_entries_once_their_nonce_expires) {
  tracker_.use("a", 1, in(10s));
  tracker_.use("b", 1, in(20s));
  EXPECT_EQ(tracker_.size(), 2u);
  clock_.advance(10s);
  tracker_.use("c", 1, in(300s));
  EXPECT_EQ(tracker_.size(), 2u);  // "a" dropped
  clock_.advance(10s);
  tracker_.use("d", 1, in(300s));
  EXPECT_EQ(tracker_.size(), 2u);  // "b" dropped
}

TEST_F(NonceCountTrackerTest, keeps_to_its_cap_and_refuses_nonces_it_had_to_forget) {
  tracker_.use("a", 1, in(10s));
  tracker_.use("b", 1, in(20s));
  tracker_.use("c", 1, in(30s));
  EXPECT_EQ(tracker_.use("d", 1, in(40s)), NonceUse::Fresh);
  EXPECT_EQ(tracker_.size(), 3u);
  // "a" was evicted while still live: a replay of it must not be taken as a first use.
  EXPECT_EQ(tracker_.use("a", 1, in(10s)), NonceUse::Replayed);
  EXPECT_EQ(tracker_.use("a", 2, in(10s)), NonceUse::Replayed);
  // Nonces expiring later are unaffected.
  EXPECT_EQ(tracker_.use("b", 2, in(20s)), NonceUse::Fresh);
  EXPECT_EQ(tracker_.use("e", 1, in(50s)), NonceUse::Fresh);
  EXPECT_EQ(tracker_.size(), 3u);
}

}  // namespace
}  // namespace sb::sip::auth
