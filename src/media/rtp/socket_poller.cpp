// SPDX-License-Identifier: MIT
#include "media/rtp/socket_poller.h"

#include <unistd.h>

#include <cassert>
#include <cerrno>
#include <system_error>

namespace sb::media::rtp {

namespace {

int createEpoll() {
  const int fd = ::epoll_create1(EPOLL_CLOEXEC);
  if (fd < 0) throw std::system_error(errno, std::generic_category(), "epoll_create1");
  return fd;
}

}  // namespace

SocketPoller::SocketPoller(boost::asio::io_context& io)
    : io_(io),
      epoll_(createEpoll()),
      descriptor_(io, epoll_),
      anchor_(std::make_shared<Anchor>(Anchor{this})) {
  waitReadable();
}

SocketPoller::~SocketPoller() {
  assert(watched_ == 0);
  anchor_->poller = nullptr;
  boost::system::error_code ignored;
  descriptor_.close(ignored);  // closes epoll_ too
}

bool SocketPoller::add(int fd, Handler& handler) {
  epoll_event event{};
  event.events = EPOLLIN;
  event.data.ptr = &handler;
  if (::epoll_ctl(epoll_, EPOLL_CTL_ADD, fd, &event) != 0) return false;
  ++watched_;
  return true;
}

void SocketPoller::remove(int fd, Handler& handler) {
  ::epoll_ctl(epoll_, EPOLL_CTL_DEL, fd, nullptr);
  --watched_;
  // Readiness already collected for this handler must not reach it.
  for (std::size_t i = next_; i < pending_; ++i) {
    if (events_[i].data.ptr == &handler) events_[i].data.ptr = nullptr;
  }
}

void SocketPoller::waitReadable() {
  descriptor_.async_wait(boost::asio::posix::descriptor_base::wait_read,
                         [anchor = anchor_](const boost::system::error_code& ec) {
                           if (anchor->poller == nullptr || ec) return;
                           anchor->poller->onReadable();
                         });
}

void SocketPoller::onReadable() {
  for (std::size_t round = 0; round < kMaxRoundsPerWake; ++round) {
    const int count = ::epoll_wait(epoll_, events_.data(), static_cast<int>(kEvents), 0);
    if (count < 0 && errno == EINTR) continue;
    if (count <= 0) break;
    ++round_;
    pending_ = static_cast<std::size_t>(count);
    for (next_ = 0; next_ < pending_;) {
      auto* handler = static_cast<Handler*>(events_[next_++].data.ptr);
      if (handler != nullptr) handler->onReadable();
    }
    pending_ = next_ = 0;
    if (static_cast<std::size_t>(count) < kEvents) break;
  }
  // Sockets still ready (a handler stopped early, or more than kMaxRoundsPerWake rounds' worth)
  // keep the epoll set readable, and Asio's re-arm sees that at once: other work runs first.
  waitReadable();
}

}  // namespace sb::media::rtp
