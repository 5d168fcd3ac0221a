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

}  // namespace sb

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
