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
// runDue() themselves, so timers run the same code in both. After a burst (tens of thousands of
// transaction timers at once) compact() gives the slab and the heap back.
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

  // Drops cancelled entries from the heap and free slots from the end of the slab, and returns
  // spare capacity to the allocator. O(n); meant for a housekeeping tick, not the hot path.
  void compact();
  // Slab slots in use or free, and heap entries including cancelled ones: what compact() trims.
  std::size_t slabSize() const { return slots_.size(); }
  std::size_t heapSize() const { return heap_.size(); }

 private:
  // A TimerId is (generation << 32 | slot + 1). Generations come from one queue-wide counter, so
  // a stale id or heap entry never matches a later timer in the same slot, even when compact()
  // removed the slot and a later schedule() created it again.
  struct Slot {
    std::function<void()> callback;
    std::uint32_t generation = 0;
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
  void popTop();

  const Clock& clock_;
  std::vector<Entry> heap_;  // a min-heap by std::greater (std::push_heap / std::pop_heap)
  std::vector<Slot> slots_;
  // Free slots, lowest first: timers gather at the front of the slab, so compact() can cut its end.
  std::priority_queue<std::uint32_t, std::vector<std::uint32_t>, std::greater<>> freeSlots_;
  std::size_t pending_ = 0;
  std::uint64_t nextOrder_ = 0;
  std::uint32_t nextGeneration_ = 1;
};

}  // namespace sb
