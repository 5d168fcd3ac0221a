// SPDX-License-Identifier: MIT
#pragma once
#include <cstdint>
#include <functional>
#include <optional>
#include <queue>
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

// A min-heap of deadlines over a slab of callbacks: O(log n) schedule, O(1) cancel, and no
// allocation per timer once the slab has grown (a registrar keeps one timer per binding, and a
// hash set of live ids cost more memory than the timers themselves). It does not wake anybody:
// the event loop asks nextDeadline() and calls runDue(); tests advance a ManualClock and call
// runDue() themselves, so timers run the same code in both.
class TimerQueue final : public Timers {
 public:
  explicit TimerQueue(const Clock& clock) : clock_(clock) {}

  TimerId schedule(Millis after, std::function<void()> callback) override;
  void cancel(TimerId id) override;
  const Clock& clock() const override { return clock_; }

  // Runs every timer whose deadline is at or before now, in deadline order. Returns how many ran.
  std::size_t runDue();
  std::optional<SteadyTime> nextDeadline();
  std::size_t pending() const { return pending_; }

 private:
  // A TimerId is (generation << 32 | slot + 1); a slot's generation changes whenever its timer
  // fires or is cancelled, so stale ids and stale heap entries are recognised and ignored.
  struct Slot {
    std::function<void()> callback;
    std::uint32_t generation = 1;
    bool armed = false;
  };
  struct Entry {
    SteadyTime deadline;
    std::uint64_t order;  // FIFO among equal deadlines
    std::uint32_t slot;
    std::uint32_t generation;
    bool operator>(const Entry& other) const {
      return deadline != other.deadline ? deadline > other.deadline : order > other.order;
    }
  };
  bool current(const Entry& e) const {
    const Slot& s = slots_[e.slot];
    return s.armed && s.generation == e.generation;
  }
  void releaseSlot(std::uint32_t slot);
  void dropStaleTop();

  const Clock& clock_;
  std::priority_queue<Entry, std::vector<Entry>, std::greater<>> heap_;
  std::vector<Slot> slots_;
  std::vector<std::uint32_t> freeSlots_;
  std::size_t pending_ = 0;
  std::uint64_t nextOrder_ = 0;
};

}  // namespace sb
