// SPDX-License-Identifier: MIT
#include "net/event_loop.h"

#include <gtest/gtest.h>

#include <csignal>
#include <vector>

using namespace std::chrono_literals;

namespace sb::net {

// The one place where real time passes in unit tests: the loop's whole job is waking up on a
// real clock. Delays are a few milliseconds and every run is bounded by runFor.

TEST(EventLoop, fires_timers_in_deadline_order_on_the_real_clock) {
  EventLoop loop;
  std::vector<int> fired;
  const auto start = loop.clock().steadyNow();
  loop.timers().schedule(30ms, [&] {
    fired.push_back(3);
    loop.stop();
  });
  loop.timers().schedule(10ms, [&] { fired.push_back(1); });
  loop.timers().schedule(20ms, [&] { fired.push_back(2); });
  loop.runFor(5s);
  const auto elapsed = loop.clock().steadyNow() - start;
  EXPECT_EQ(fired, (std::vector<int>{1, 2, 3}));
  EXPECT_GE(elapsed, 30ms);
  EXPECT_LT(elapsed, 4s);
}

TEST(EventLoop, earlier_timer_scheduled_later_wakes_the_loop_in_time) {
  EventLoop loop;
  std::vector<int> fired;
  loop.timers().schedule(3s, [&] { fired.push_back(2); });
  loop.timers().schedule(5ms, [&] {
    fired.push_back(1);
    loop.stop();
  });
  const auto start = loop.clock().steadyNow();
  loop.runFor(5s);
  EXPECT_EQ(fired, (std::vector<int>{1}));
  EXPECT_LT(loop.clock().steadyNow() - start, 2s);
}

TEST(EventLoop, timer_scheduled_from_a_timer_and_cancelled_timers_behave) {
  EventLoop loop;
  int chained = 0;
  bool cancelledFired = false;
  const auto cancelled = loop.timers().schedule(2ms, [&] { cancelledFired = true; });
  loop.timers().cancel(cancelled);
  loop.timers().schedule(5ms, [&] {
    ++chained;
    loop.timers().schedule(5ms, [&] {
      ++chained;
      loop.stop();
    });
  });
  loop.runFor(5s);
  EXPECT_EQ(chained, 2);
  EXPECT_FALSE(cancelledFired);
}

TEST(EventLoop, posted_work_runs_in_order) {
  EventLoop loop;
  std::vector<int> ran;
  loop.post([&] { ran.push_back(1); });
  loop.post([&] {
    ran.push_back(2);
    loop.post([&] {
      ran.push_back(3);
      loop.stop();
    });
  });
  loop.runFor(5s);
  EXPECT_EQ(ran, (std::vector<int>{1, 2, 3}));
}

TEST(EventLoop, runs_again_after_stop) {
  EventLoop loop;
  int ran = 0;
  loop.post([&] { ++ran; loop.stop(); });
  loop.runFor(5s);
  loop.post([&] { ++ran; loop.stop(); });
  loop.runFor(5s);
  EXPECT_EQ(ran, 2);
}

TEST(EventLoop, sigterm_reaches_the_signal_handler_on_the_loop) {
  EventLoop loop;
  int received = 0;
  loop.onSignal([&](int signalNumber) {
    received = signalNumber;
    loop.stop();
  });
  loop.post([] { std::raise(SIGTERM); });
  loop.runFor(5s);
  EXPECT_EQ(received, SIGTERM);
}

}  // namespace sb::net
