// SPDX-License-Identifier: MIT
#pragma once
#include <boost/asio/io_context.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>
#include <chrono>
#include <functional>
#include <memory>
#include <optional>

#include "base/clock.h"
#include "base/timer_queue.h"

namespace sb::net {

// The signalling thread's loop: one io_context for sockets, one TimerQueue for protocol timers,
// woken by a single asio steady_timer armed at the queue's earliest deadline. It runs everything
// on the thread that calls run(); it owns no protocol state and does not create threads.
class EventLoop {
 public:
  EventLoop();
  ~EventLoop();
  EventLoop(const EventLoop&) = delete;
  EventLoop& operator=(const EventLoop&) = delete;

  boost::asio::io_context& io() { return io_; }
  // Protocol timers. Scheduling through this interface rearms the wake-up timer when needed.
  Timers& timers() { return timers_; }
  const Clock& clock() const { return clock_; }

  // Runs until stop(). Calling run() again after stop() starts over.
  void run();
  // Runs until stop() or until `limit` has passed; for tests and bounded drains.
  void runFor(std::chrono::steady_clock::duration limit);
  void stop();
  bool stopped() const { return io_.stopped(); }

  // Gives back the timer memory a burst left behind (TimerQueue::compact); for housekeeping.
  void compactTimers() { queue_.compact(); }

  // Runs fn on the loop thread soon after the current handler returns. Safe from any thread.
  void post(std::function<void()> fn);

  // Calls handler(signalNumber) on the loop thread for each SIGINT or SIGTERM. The signals are
  // caught only once a handler is set, so tests and tools that never call this keep the defaults.
  void onSignal(std::function<void(int)> handler);

 private:
  // Forwards to the TimerQueue and rearms the wake-up when a new timer becomes the earliest.
  class LoopTimers final : public Timers {
   public:
    explicit LoopTimers(EventLoop& loop) : loop_(loop) {}
    TimerId schedule(Millis after, std::function<void()> callback) override;
    void cancel(TimerId id) override;
    const Clock& clock() const override { return loop_.clock_; }

   private:
    EventLoop& loop_;
  };

  void rearm();
  void onWake(const boost::system::error_code& ec);
  void waitForSignal();

  RealClock clock_;
  boost::asio::io_context io_;
  TimerQueue queue_;
  LoopTimers timers_;
  boost::asio::steady_timer wake_;
  std::optional<SteadyTime> armedFor_;  // deadline the wake-up timer waits for, if any
  bool runningTimers_ = false;          // inside onWake's runDue: rearm once afterwards
  std::unique_ptr<boost::asio::signal_set> signals_;
  std::function<void(int)> signalHandler_;
};

}  // namespace sb::net
