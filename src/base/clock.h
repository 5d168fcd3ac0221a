// SPDX-License-Identifier: MIT
#pragma once
#include <chrono>

namespace sb {

using SteadyTime = std::chrono::steady_clock::time_point;
using SystemTime = std::chrono::system_clock::time_point;
using Millis = std::chrono::milliseconds;

// The one source of time. Protocol timers read steadyNow(); anything shown to people or written
// to disk reads systemNow(). Passed in through constructors so tests can drive time by hand.
class Clock {
 public:
  virtual ~Clock() = default;
  virtual SteadyTime steadyNow() const = 0;
  virtual SystemTime systemNow() const = 0;
};

class RealClock final : public Clock {
 public:
  SteadyTime steadyNow() const override { return std::chrono::steady_clock::now(); }
  SystemTime systemNow() const override { return std::chrono::system_clock::now(); }
};

// A clock that moves only when told; both time lines advance together.
class ManualClock final : public Clock {
 public:
  ManualClock() : steady_(std::chrono::hours(1)), system_(std::chrono::seconds(1'800'000'000)) {}
  SteadyTime steadyNow() const override { return steady_; }
  SystemTime systemNow() const override { return system_; }
  void advance(std::chrono::steady_clock::duration d) {
    steady_ += d;
    system_ += std::chrono::duration_cast<std::chrono::system_clock::duration>(d);
  }

 private:
  SteadyTime steady_;
  SystemTime system_;
};

}  // namespace sb
