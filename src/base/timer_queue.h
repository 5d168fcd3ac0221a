// SPDX-License-Identifier: MIT
#pragma once
#include <cstdint>
#include <functional>
#include <optional>
#include <queue>
#include <unordered_set>
#include <vector>

#include "base/clock.h"

namespace sb {

// Identifies a scheduled timer so it can be cancelled; 0 is never a valid id.
enum class TimerId : std::uint64_t {};

// Schedules callbacks at points in time. Implementations: TimerQueue (driven by whoever owns the
// loop, or by a test with a ManualClock). Protocol code depends only on this interface.
class Timers {
 public:
  virtual ~Timers() = default;
  virtual TimerId schedule(Millis after, std::function<void()> callback) = 0;
  virtual void cancel(TimerId id) = 0;
  virtual const Clock& clock() const = 0;
};

// A min-heap of deadlines with lazy cancellation: O(log n) schedule, O(1) cancel. It does not wake
// anybody: the event loop asks nextDeadline() and calls runDue(); tests advance a ManualClock and
// call runDue() themselves, so timers run the same code in both.
class TimerQueue final : public Timers {
 public:
  explicit TimerQueue(const Clock& clock) : clock_(clock) {}

  TimerId schedule(Millis after, std::function<void()> callback) override;
  void cancel(TimerId id) override;
  const Clock& clock() const override { return clock_; }

  // Runs every timer whose deadline is at or before now, in deadline order. Returns how many ran.
  std::size_t runDue();
  std::optional<SteadyTime> nextDeadline();
  std::size_t pending() const { return live_.size(); }

 private:
  struct Entry {
    SteadyTime deadline;
    std::uint64_t id;
    std::function<void()> callback;
    bool operator>(const Entry& other) const {
      return deadline != other.deadline ? deadline > other.deadline : id > other.id;
    }
  };
  void dropCancelledTop();

  const Clock& clock_;
  std::priority_queue<Entry, std::vector<Entry>, std::greater<>> heap_;
  std::unordered_set<std::uint64_t> live_;
  std::uint64_t nextId_ = 1;
};

}  // namespace sb
