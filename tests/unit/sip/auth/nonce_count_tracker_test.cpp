// SPDX-License-Identifier: MIT
#include "sip/auth/nonce_count_tracker.h"

#include <gtest/gtest.h>

namespace sb::sip::auth {
namespace {

class NonceCountTrackerTest : public ::testing::Test {
 protected:
  NonceCountTracker tracker_{8, 0x1234, 0};
};

TEST_F(NonceCountTrackerTest, accepts_increasing_nonce_counts) {
  const NonceId a = tracker_.issue();
  EXPECT_EQ(tracker_.use(a, 1), NonceUse::Fresh);
  EXPECT_EQ(tracker_.use(a, 2), NonceUse::Fresh);
  EXPECT_EQ(tracker_.use(a, 7), NonceUse::Fresh);
}

TEST_F(NonceCountTrackerTest, refuses_a_repeated_or_lower_nonce_count) {
  const NonceId a = tracker_.issue();
  const NonceId b = tracker_.issue();
  EXPECT_EQ(tracker_.use(a, 5), NonceUse::Fresh);
  EXPECT_EQ(tracker_.use(a, 5), NonceUse::Replayed);
  EXPECT_EQ(tracker_.use(a, 4), NonceUse::Replayed);
  EXPECT_EQ(tracker_.use(b, 5), NonceUse::Fresh);  // counts are per nonce
}

TEST_F(NonceCountTrackerTest, refuses_nonce_count_zero) {
  EXPECT_EQ(tracker_.use(tracker_.issue(), 0), NonceUse::Replayed);
}

TEST_F(NonceCountTrackerTest, accepts_a_nonce_without_qop_only_once) {
  const NonceId a = tracker_.issue();
  EXPECT_EQ(tracker_.use(a, std::nullopt), NonceUse::Fresh);
  EXPECT_EQ(tracker_.use(a, std::nullopt), NonceUse::Replayed);
  EXPECT_EQ(tracker_.use(a, 1), NonceUse::Replayed);
}

TEST_F(NonceCountTrackerTest, tracks_counts_up_to_255_and_no_further) {
  const NonceId a = tracker_.issue();
  EXPECT_EQ(tracker_.use(a, 255), NonceUse::Fresh);
  EXPECT_EQ(tracker_.use(a, 255), NonceUse::Replayed);
  const NonceId b = tracker_.issue();
  EXPECT_EQ(tracker_.use(b, 256), NonceUse::Untracked);
  EXPECT_EQ(tracker_.use(b, 0x1'01), NonceUse::Untracked);  // not truncated to nc=1
  EXPECT_EQ(tracker_.use(b, 1), NonceUse::Fresh);
}

TEST_F(NonceCountTrackerTest, does_not_track_another_epoch) {
  const NonceId a = tracker_.issue();
  EXPECT_EQ(tracker_.use({a.epoch + 1, a.sequence}, 1), NonceUse::Untracked);
  EXPECT_EQ(tracker_.use(a, 1), NonceUse::Fresh);
}

TEST_F(NonceCountTrackerTest, does_not_track_a_sequence_not_yet_issued) {
  const NonceId a = tracker_.issue();
  EXPECT_EQ(tracker_.use({a.epoch, a.sequence + 1}, 1), NonceUse::Untracked);
  EXPECT_EQ(tracker_.use({a.epoch, a.sequence + 1000}, 1), NonceUse::Untracked);
}

TEST_F(NonceCountTrackerTest, forgets_a_nonce_once_the_ring_has_wrapped_past_it) {
  ASSERT_EQ(tracker_.slots(), 8u);
  const NonceId oldest = tracker_.issue();
  for (int i = 0; i < 7; ++i) tracker_.issue();
  EXPECT_EQ(tracker_.use(oldest, 1), NonceUse::Fresh);  // 8 issued: still in the ring
  const NonceId next = tracker_.issue();                // takes the oldest one's slot
  EXPECT_EQ(next.sequence % 8, oldest.sequence % 8);
  EXPECT_EQ(tracker_.use(oldest, 2), NonceUse::Untracked);
  // The new nonce in that slot starts with no count, not with the old nonce's.
  EXPECT_EQ(tracker_.use(next, 1), NonceUse::Fresh);
}

TEST_F(NonceCountTrackerTest, a_slot_reused_without_any_use_starts_empty) {
  const NonceId a = tracker_.issue();
  EXPECT_EQ(tracker_.use(a, 9), NonceUse::Fresh);
  NonceId reused{};
  for (int i = 0; i < 8; ++i) reused = tracker_.issue();
  ASSERT_EQ(reused.sequence % 8, a.sequence % 8);
  EXPECT_EQ(tracker_.use(reused, 1), NonceUse::Fresh);
}

TEST(NonceCountTracker, keeps_working_across_the_32_bit_sequence_wrap) {
  NonceCountTracker tracker(4, 1, 0xffff'fffe);
  const NonceId a = tracker.issue();  // 0xfffffffe
  const NonceId b = tracker.issue();  // 0xffffffff
  const NonceId c = tracker.issue();  // 0
  EXPECT_EQ(c.sequence, 0u);
  EXPECT_EQ(tracker.use(a, 1), NonceUse::Fresh);
  EXPECT_EQ(tracker.use(b, 1), NonceUse::Fresh);
  EXPECT_EQ(tracker.use(c, 1), NonceUse::Fresh);
  EXPECT_EQ(tracker.use(a, 1), NonceUse::Replayed);
  tracker.issue();  // 1
  tracker.issue();  // 2: a's slot
  EXPECT_EQ(tracker.use(a, 2), NonceUse::Untracked);
  EXPECT_EQ(tracker.use(b, 2), NonceUse::Fresh);
}

TEST(NonceCountTracker, rounds_its_ring_up_to_a_power_of_two_and_defaults_to_4_mib) {
  EXPECT_EQ(NonceCountTracker(100).slots(), 128u);
  EXPECT_EQ(NonceCountTracker(1).slots(), 1u);
  EXPECT_EQ(NonceCountTracker().slots(), std::size_t{4} << 20);
}

TEST(NonceCountTracker, picks_a_random_epoch_per_instance) {
  // Two equal epochs from a CSPRNG have probability 2^-32 per pair; three draws agreeing, 2^-64.
  const NonceCountTracker a(1), b(1), c(1);
  EXPECT_FALSE(a.epoch() == b.epoch() && b.epoch() == c.epoch());
}

}  // namespace
}  // namespace sb::sip::auth
