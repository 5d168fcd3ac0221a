// SPDX-License-Identifier: MIT
#include "base/timer_queue.h"

#include <algorithm>

namespace sb {

TimerId TimerQueue::schedule(Millis after, std::function<void()> callback) {
  std::uint32_t slot;
  if (!freeSlots_.empty()) {
    slot = freeSlots_.top();
    freeSlots_.pop();
  } else {
    slot = static_cast<std::uint32_t>(slots_.size());
    slots_.emplace_back();
  }
  Slot& s = slots_[slot];
  s.callback = std::move(callback);
  s.armed = true;
  s.generation = nextGeneration_;
  if (++nextGeneration_ == 0) nextGeneration_ = 1;
  heap_.push_back(Entry{clock_.steadyNow() + after, nextOrder_++, slot, s.generation});
  std::push_heap(heap_.begin(), heap_.end(), std::greater<>{});
  ++pending_;
  return TimerId{(static_cast<std::uint64_t>(s.generation) << 32) | (slot + 1u)};
}

void TimerQueue::releaseSlot(std::uint32_t slot) {
  Slot& s = slots_[slot];
  s.armed = false;
  s.callback = nullptr;
  s.generation = 0;
  freeSlots_.push(slot);
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

void TimerQueue::popTop() {
  std::pop_heap(heap_.begin(), heap_.end(), std::greater<>{});
  heap_.pop_back();
}

void TimerQueue::dropStaleTop() {
  while (!heap_.empty() && !current(heap_.front())) popTop();
}

std::optional<SteadyTime> TimerQueue::nextDeadline() {
  dropStaleTop();
  if (heap_.empty()) return std::nullopt;
  return heap_.front().deadline;
}

std::size_t TimerQueue::runDue() {
  std::size_t ran = 0;
  const SteadyTime now = clock_.steadyNow();
  for (;;) {
    dropStaleTop();
    if (heap_.empty() || heap_.front().deadline > now) break;
    const std::uint32_t slot = heap_.front().slot;
    popTop();
    // Take the callback out and free the slot first: the callback may schedule (reusing this
    // very slot) or cancel its own, now stale, id.
    auto callback = std::move(slots_[slot].callback);
    releaseSlot(slot);
    callback();
    ++ran;
  }
  return ran;
}

void TimerQueue::compact() {
  std::erase_if(heap_, [this](const Entry& e) { return !current(e); });
  std::make_heap(heap_.begin(), heap_.end(), std::greater<>{});
  while (!slots_.empty() && !slots_.back().armed) slots_.pop_back();
  std::vector<std::uint32_t> free;
  free.reserve(slots_.size() - pending_);
  for (std::uint32_t i = 0; i < slots_.size(); ++i) {
    if (!slots_[i].armed) free.push_back(i);
  }
  freeSlots_ = decltype(freeSlots_)(std::greater<>{}, std::move(free));
  // Keep some headroom so the next burst does not start with a chain of reallocations.
  const auto trim = [](auto& v) {
    if (v.capacity() > 2 * v.size() + 1024) v.shrink_to_fit();
  };
  trim(heap_);
  trim(slots_);
}

}  // namespace sb
