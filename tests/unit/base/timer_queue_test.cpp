// SPDX-License-Identifier: MIT
#include "base/timer_queue.h"

#include <gtest/gtest.h>

#include <vector>

using namespace std::chrono_literals;

namespace sb {

TEST(TimerQueue, runs_due_timers_in_deadline_order) {
  ManualClock clock;
  TimerQueue timers(clock);
  std::vector<int> fired;
  timers.schedule(300ms, [&] { fired.push_back(3); });
  timers.schedule(100ms, [&] { fired.push_back(1); });
  timers.schedule(200ms, [&] { fired.push_back(2); });
  EXPECT_EQ(timers.runDue(), 0u);
  clock.advance(250ms);
  EXPECT_EQ(timers.runDue(), 2u);
  EXPECT_EQ(fired, (std::vector<int>{1, 2}));
  clock.advance(50ms);
  timers.runDue();
  EXPECT_EQ(fired, (std::vector<int>{1, 2, 3}));
  EXPECT_FALSE(timers.nextDeadline().has_value());
}

TEST(TimerQueue, cancelled_timer_never_fires) {
  ManualClock clock;
  TimerQueue timers(clock);
  bool fired = false;
  auto id = timers.schedule(10ms, [&] { fired = true; });
  timers.cancel(id);
  clock.advance(1s);
  timers.runDue();
  EXPECT_FALSE(fired);
  EXPECT_EQ(timers.pending(), 0u);
}

TEST(TimerQueue, timer_scheduled_from_a_callback_waits_for_its_own_deadline) {
  ManualClock clock;
  TimerQueue timers(clock);
  int count = 0;
  timers.schedule(10ms, [&] {
    ++count;
    timers.schedule(10ms, [&] { ++count; });
  });
  clock.advance(10ms);
  timers.runDue();
  EXPECT_EQ(count, 1);
  clock.advance(10ms);
  timers.runDue();
  EXPECT_EQ(count, 2);
}


namespace sb {

TEST(TimerQueue, cancelling_a_fired_timer_leaves_the_timer_that_reused_its_slot_alone) {
  ManualClock clock;
  TimerQueue timers(clock);
  auto first = timers.schedule(10ms, [] {});
  clock.advance(10ms);
  timers.runDue();
  bool secondFired = false;
  timers.schedule(10ms, [&] { secondFired = true; });  // takes the slot `first` had
  timers.cancel(first);
  clock.advance(10ms);
  timers.runDue();
  EXPECT_TRUE(secondFired);
}

TEST(TimerQueue, a_callback_may_cancel_its_own_id_and_reschedule) {
  ManualClock clock;
  TimerQueue timers(clock);
  int runs = 0;
  TimerId id{};
  id = timers.schedule(10ms, [&] {
    ++runs;
    timers.cancel(id);
    id = timers.schedule(10ms, [&] { ++runs; });
  });
  clock.advance(10ms);
  timers.runDue();
  clock.advance(10ms);
  timers.runDue();
  EXPECT_EQ(runs, 2);
  EXPECT_EQ(timers.pending(), 0u);
}

}  // namespace sb

TEST(TimerQueue, compact_gives_back_the_slab_and_heap_a_burst_left_behind) {
  ManualClock clock;
  TimerQueue timers(clock);
  int fired = 0;
  const TimerId keeper = timers.schedule(Millis(5000), [&] { ++fired; });
  std::vector<TimerId> burst;
  for (int i = 0; i < 10000; ++i) burst.push_back(timers.schedule(Millis(32000), [&] { ++fired; }));
  for (auto id : burst) timers.cancel(id);
  EXPECT_EQ(timers.heapSize(), 10001u);  // cancelled entries wait in the heap until compacted

  timers.compact();
  EXPECT_EQ(timers.pending(), 1u);
  EXPECT_EQ(timers.heapSize(), 1u);
  EXPECT_EQ(timers.slabSize(), 1u);
  timers.cancel(burst.back());  // a stale id from beyond the slab's new end is ignored
  clock.advance(Millis(5000));
  EXPECT_EQ(timers.runDue(), 1u);
  EXPECT_EQ(fired, 1);
  (void)keeper;
}

TEST(TimerQueue, an_id_from_before_compact_never_cancels_the_timer_that_later_took_its_slot) {
  ManualClock clock;
  TimerQueue timers(clock);
  timers.schedule(Millis(10), [] {});
  const TimerId old = timers.schedule(Millis(10), [] {});
  timers.cancel(old);
  timers.compact();  // slot 1 is cut from the slab
  timers.schedule(Millis(10), [] {});
  bool fired = false;
  timers.schedule(Millis(10), [&] { fired = true; });  // slot 1 again
  timers.cancel(old);
  clock.advance(Millis(10));
  timers.runDue();
  EXPECT_TRUE(fired);
}

}  // namespace sb
