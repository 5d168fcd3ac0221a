// SPDX-License-Identifier: MIT
#include "base/timer_queue.h"

namespace sb {

TimerId TimerQueue::schedule(Millis after, std::function<void()> callback) {
  const std::uint64_t id = nextId_++;
  heap_.push(Entry{clock_.steadyNow() + after, id, std::move(callback)});
  live_.insert(id);
  return TimerId{id};
}

void TimerQueue::cancel(TimerId id) { live_.erase(static_cast<std::uint64_t>(id)); }

void TimerQueue::dropCancelledTop() {
  while (!heap_.empty() && !live_.contains(heap_.top().id)) heap_.pop();
}

std::optional<SteadyTime> TimerQueue::nextDeadline() {
  dropCancelledTop();
  if (heap_.empty()) return std::nullopt;
  return heap_.top().deadline;
}

std::size_t TimerQueue::runDue() {
  std::size_t ran = 0;
  const SteadyTime now = clock_.steadyNow();
  for (;;) {
    dropCancelledTop();
    if (heap_.empty() || heap_.top().deadline > now) break;
    // priority_queue::top is const; moving the callback out before pop is safe because pop only
    // needs the ordering keys, which stay intact.
    auto callback = std::move(const_cast<Entry&>(heap_.top()).callback);
    live_.erase(heap_.top().id);
    heap_.pop();
    callback();
    ++ran;
  }
  return ran;
}

}  // namespace sb
