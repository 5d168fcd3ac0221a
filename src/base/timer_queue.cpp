// SPDX-License-Identifier: MIT
#include "base/timer_queue.h"

namespace sb {

TimerId TimerQueue::schedule(Millis after, std::function<void()> callback) {
  std::uint32_t slot;
  if (!freeSlots_.empty()) {
    slot = freeSlots_.back();
    freeSlots_.pop_back();
  } else {
    slot = static_cast<std::uint32_t>(slots_.size());
    slots_.emplace_back();
  }
  Slot& s = slots_[slot];
  s.callback = std::move(callback);
  s.armed = true;
  heap_.push(Entry{clock_.steadyNow() + after, nextOrder_++, slot, s.generation});
  ++pending_;
  return TimerId{(static_cast<std::uint64_t>(s.generation) << 32) | (slot + 1u)};
}

void TimerQueue::releaseSlot(std::uint32_t slot) {
  Slot& s = slots_[slot];
  s.armed = false;
  s.callback = nullptr;
  if (++s.generation == 0) s.generation = 1;
  freeSlots_.push_back(slot);
  --pending_;
}

void TimerQueue::cancel(TimerId id) {
  const auto raw = static_cast<std::uint64_t>(id);
  const auto low = static_cast<std::uint32_t>(raw & 0xFFFF'FFFFu);
  if (low == 0 || low > slots_.size()) return;
  const std::uint32_t slot = low - 1;
  const auto generation = static_cast<std::uint32_t>(raw >> 32);
  if (!slots_[slot].armed || slots_[slot].generation != generation) return;  // fired or cancelled
  releaseSlot(slot);
}

void TimerQueue::dropStaleTop() {
  while (!heap_.empty() && !current(heap_.top())) heap_.pop();
}

std::optional<SteadyTime> TimerQueue::nextDeadline() {
  dropStaleTop();
  if (heap_.empty()) return std::nullopt;
  return heap_.top().deadline;
}

std::size_t TimerQueue::runDue() {
  std::size_t ran = 0;
  const SteadyTime now = clock_.steadyNow();
  for (;;) {
    dropStaleTop();
    if (heap_.empty() || heap_.top().deadline > now) break;
    const std::uint32_t slot = heap_.top().slot;
    heap_.pop();
    // Take the callback out and free the slot first: the callback may schedule (reusing this
    // very slot) or cancel its own, now stale, id.
    auto callback = std::move(slots_[slot].callback);
    releaseSlot(slot);
    callback();
    ++ran;
  }
  return ran;
}

}  // namespace sb
