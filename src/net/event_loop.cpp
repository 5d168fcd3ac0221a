// SPDX-License-Identifier: MIT
#include "net/event_loop.h"

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/post.hpp>
#include <csignal>

namespace sb::net {

// Concurrency hint 1: the loop is driven by exactly one thread, so asio can skip its locking.
EventLoop::EventLoop() : io_(1), queue_(clock_), timers_(*this), wake_(io_) {}

EventLoop::~EventLoop() {
  if (signals_) {
    boost::system::error_code ignored;
    signals_->cancel(ignored);
  }
}

TimerId EventLoop::LoopTimers::schedule(Millis after, std::function<void()> callback) {
  const TimerId id = loop_.queue_.schedule(after, std::move(callback));
  // Timers started by timers that are firing now are covered by the one rearm after them: a
  // registrar's expiry and refresh timers would otherwise cost a timerfd_settime(2) each.
  if (!loop_.runningTimers_) loop_.rearm();
  return id;
}

void EventLoop::LoopTimers::cancel(TimerId id) {
  // A cancelled earliest timer only causes one early wake-up that finds nothing due; cheaper
  // than rearming on every cancel, which protocol code does far more often than timers fire.
  loop_.queue_.cancel(id);
}

void EventLoop::rearm() {
  const auto next = queue_.nextDeadline();
  if (!next) return;
  if (armedFor_ && *armedFor_ <= *next) return;  // already wakes early enough
  armedFor_ = next;
  wake_.expires_at(*next);  // cancels a later wait, whose handler then sees operation_aborted
  wake_.async_wait([this](const boost::system::error_code& ec) { onWake(ec); });
}

void EventLoop::onWake(const boost::system::error_code& ec) {
  if (ec == boost::asio::error::operation_aborted) return;  // superseded by an earlier deadline
  armedFor_.reset();
  {
    struct Running {
      bool& flag;
      explicit Running(bool& f) : flag(f) { flag = true; }
      ~Running() { flag = false; }
    } running(runningTimers_);
    queue_.runDue();
  }
  rearm();
}

void EventLoop::run() {
  io_.restart();
  auto guard = boost::asio::make_work_guard(io_);
  io_.run();
}

void EventLoop::runFor(std::chrono::steady_clock::duration limit) {
  io_.restart();
  auto guard = boost::asio::make_work_guard(io_);
  io_.run_for(limit);
}

void EventLoop::stop() { io_.stop(); }

void EventLoop::post(std::function<void()> fn) { boost::asio::post(io_, std::move(fn)); }

void EventLoop::onSignal(std::function<void(int)> handler) {
  signalHandler_ = std::move(handler);
  if (!signals_) {
    signals_ = std::make_unique<boost::asio::signal_set>(io_, SIGINT, SIGTERM);
    waitForSignal();
  }
}

void EventLoop::waitForSignal() {
  signals_->async_wait([this](const boost::system::error_code& ec, int signalNumber) {
    if (ec) return;  // cancelled at destruction
    if (signalHandler_) signalHandler_(signalNumber);
    waitForSignal();
  });
}

}  // namespace sb::net
