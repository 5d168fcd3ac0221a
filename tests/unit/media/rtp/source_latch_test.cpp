// SPDX-License-Identifier: MIT
#include "media/rtp/source_latch.h"

#include <gtest/gtest.h>

#include "relay_test_peers.h"

using namespace std::chrono_literals;

namespace sb::media::rtp {
namespace {

using Verdict = SourceLatch::Verdict;

RawAddress at(std::uint16_t port) { return RawAddress::from({testing::kLoopback, port}); }

class SourceLatchTest : public ::testing::Test {
 protected:
  ManualClock clock;
  SourceLatch latch{LatchPolicy{1000ms, 5000ms}};
};

TEST_F(SourceLatchTest, latches_to_the_first_source_and_accepts_it_afterwards) {
  EXPECT_EQ(latch.offer(at(4000), clock.steadyNow(), true), Verdict::Latched);
  EXPECT_EQ(latch.offer(at(4000), clock.steadyNow(), true), Verdict::Accepted);
  ASSERT_TRUE(latch.latched());
  EXPECT_EQ(latch.latched()->port(), 4000);
}

TEST_F(SourceLatchTest, refuses_another_source_while_the_latched_one_is_talking) {
  latch.offer(at(4000), clock.steadyNow(), true);
  for (int i = 0; i < 200; ++i) {
    clock.advance(20ms);
    EXPECT_EQ(latch.offer(at(4000), clock.steadyNow(), true), Verdict::Accepted);
    EXPECT_EQ(latch.offer(at(6666), clock.steadyNow(), true), Verdict::Foreign);
  }
  EXPECT_EQ(latch.latched()->port(), 4000);
}

TEST_F(SourceLatchTest, hearing_the_source_by_other_means_keeps_it_latched) {
  latch.offer(at(4000), clock.steadyNow(), true);
  clock.advance(3s);
  latch.heard(clock.steadyNow() - 500ms);  // the kernel's counters saw it half a second ago
  EXPECT_EQ(latch.offer(at(6666), clock.steadyNow(), true), Verdict::Foreign);
  clock.advance(600ms);
  EXPECT_EQ(latch.offer(at(6666), clock.steadyNow(), true), Verdict::Moved);
}

TEST_F(SourceLatchTest, extra_silence_delays_a_move_by_that_much) {
  latch.offer(at(4000), clock.steadyNow(), true);
  latch.requireExtraSilence(2000ms);
  clock.advance(2900ms);
  EXPECT_EQ(latch.offer(at(6666), clock.steadyNow(), true), Verdict::Foreign);
  clock.advance(100ms);
  EXPECT_EQ(latch.offer(at(6666), clock.steadyNow(), true), Verdict::Moved);
}

TEST_F(SourceLatchTest, after_a_reset_the_address_the_sdp_names_wins_over_an_old_sender_once) {
  latch.offer(at(4000), clock.steadyNow(), true);
  latch.reset(at(5000));
  clock.advance(20ms);
  // The old phone is still talking into our port and latches first...
  EXPECT_EQ(latch.offer(at(4000), clock.steadyNow(), true), Verdict::Latched);
  clock.advance(20ms);
  // ...but the phone the new SDP names takes the stream at its first packet.
  EXPECT_EQ(latch.offer(at(5000), clock.steadyNow(), true), Verdict::Moved);
  for (int i = 0; i < 100; ++i) {
    clock.advance(20ms);
    EXPECT_EQ(latch.offer(at(4000), clock.steadyNow(), true), Verdict::Foreign);
    EXPECT_EQ(latch.offer(at(5000), clock.steadyNow(), true), Verdict::Accepted);
  }
  // Only once: later the usual silence rule holds for everyone.
  clock.advance(10s);
  EXPECT_EQ(latch.offer(at(6000), clock.steadyNow(), true), Verdict::Moved);
  clock.advance(20ms);
  EXPECT_EQ(latch.offer(at(5000), clock.steadyNow(), true), Verdict::Foreign);
}

TEST_F(SourceLatchTest, a_preferred_address_that_never_sends_changes_nothing) {
  latch.reset(at(5000));  // a private address behind NAT
  EXPECT_EQ(latch.offer(at(4000), clock.steadyNow(), true), Verdict::Latched);
  clock.advance(20ms);
  EXPECT_EQ(latch.offer(at(6666), clock.steadyNow(), true), Verdict::Foreign);
  EXPECT_EQ(latch.latched()->port(), 4000);
}

TEST_F(SourceLatchTest, moves_once_the_latched_source_has_been_silent_long_enough) {
  latch.offer(at(4000), clock.steadyNow(), true);
  clock.advance(999ms);
  EXPECT_EQ(latch.offer(at(5000), clock.steadyNow(), true), Verdict::Foreign);
  clock.advance(1ms);
  EXPECT_EQ(latch.offer(at(5000), clock.steadyNow(), true), Verdict::Moved);
  EXPECT_EQ(latch.latched()->port(), 5000);
  EXPECT_EQ(latch.offer(at(4000), clock.steadyNow(), true), Verdict::Foreign);
}

TEST_F(SourceLatchTest, moves_no_more_often_than_the_minimum_interval) {
  latch.offer(at(4000), clock.steadyNow(), true);
  clock.advance(1s);
  ASSERT_EQ(latch.offer(at(5000), clock.steadyNow(), true), Verdict::Moved);
  // 5000 falls silent at once; 6000 waits until five seconds after the move, not one.
  clock.advance(1s);
  EXPECT_EQ(latch.offer(at(6000), clock.steadyNow(), true), Verdict::Foreign);
  clock.advance(3999ms);
  EXPECT_EQ(latch.offer(at(6000), clock.steadyNow(), true), Verdict::Foreign);
  clock.advance(1ms);
  EXPECT_EQ(latch.offer(at(6000), clock.steadyNow(), true), Verdict::Moved);
}

TEST_F(SourceLatchTest, packets_that_may_not_latch_are_held_to_the_latch_without_moving_it) {
  EXPECT_EQ(latch.offer(at(4000), clock.steadyNow(), false), Verdict::Accepted);
  EXPECT_FALSE(latch.latched());
  latch.offer(at(4000), clock.steadyNow(), true);
  clock.advance(10s);
  EXPECT_EQ(latch.offer(at(5000), clock.steadyNow(), false), Verdict::Foreign);
  // ...and they keep the latched source from counting as silent.
  EXPECT_EQ(latch.offer(at(4000), clock.steadyNow(), false), Verdict::Accepted);
  clock.advance(500ms);
  EXPECT_EQ(latch.offer(at(5000), clock.steadyNow(), true), Verdict::Foreign);
}

TEST_F(SourceLatchTest, reset_forgets_the_source_and_the_last_move) {
  latch.offer(at(4000), clock.steadyNow(), true);
  clock.advance(1s);
  latch.offer(at(5000), clock.steadyNow(), true);
  latch.reset();
  EXPECT_FALSE(latch.latched());
  EXPECT_EQ(latch.offer(at(6000), clock.steadyNow(), true), Verdict::Latched);
}

}  // namespace
}  // namespace sb::media::rtp
