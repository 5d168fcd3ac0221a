// SPDX-License-Identifier: MIT
#pragma once
#include <functional>
#include <utility>

#include "base/clock.h"
#include "base/timer_queue.h"

namespace sb {

// A timer its owner cannot forget: starting it again, or destroying it, cancels what was
// scheduled. An object that keeps its timers this way (a call's legs, a dialog's usages) frees
// them all by being destroyed, instead of cancelling each id by hand. Cancelling a timer that has
// already run is harmless (TimerQueue ids carry a generation), so a callback may end its owner.
class ScopedTimer {
 public:
  ScopedTimer() = default;
  ~ScopedTimer() { cancel(); }
  ScopedTimer(const ScopedTimer&) = delete;
  ScopedTimer& operator=(const ScopedTimer&) = delete;
  ScopedTimer(ScopedTimer&& other) noexcept
      : timers_(other.timers_), id_(std::exchange(other.id_, TimerId{})) {}
  ScopedTimer& operator=(ScopedTimer&& other) noexcept {
    if (this != &other) {
      cancel();
      timers_ = other.timers_;
      id_ = std::exchange(other.id_, TimerId{});
    }
    return *this;
  }

  // Schedules `callback` after `after`, cancelling whatever this timer had scheduled before.
  void start(Timers& timers, Millis after, std::function<void()> callback) {
    cancel();
    timers_ = &timers;
    id_ = timers.schedule(after, std::move(callback));
  }
  void cancel() {
    if (timers_ && id_ != TimerId{}) timers_->cancel(id_);
    id_ = TimerId{};
  }
  // Whether start() was called since the last cancel(); stays true after the callback ran, so a
  // callback that needs to know it fired clears it with cancel().
  bool started() const { return id_ != TimerId{}; }

 private:
  Timers* timers_ = nullptr;
  TimerId id_{};
};

}  // namespace sb
