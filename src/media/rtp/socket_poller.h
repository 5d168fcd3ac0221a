// SPDX-License-Identifier: MIT
#pragma once
#include <sys/epoll.h>

#include <array>
#include <boost/asio/io_context.hpp>
#include <boost/asio/posix/stream_descriptor.hpp>
#include <cstddef>
#include <cstdint>
#include <memory>

namespace sb::media::rtp {

// Readiness for many UDP sockets through one Asio wait: the sockets sit in an epoll set of our
// own (level-triggered) whose descriptor is all Asio watches. One wake-up then reports every
// ready socket at once, and nothing is re-armed per socket (Asio's socket async_wait costs an
// epoll_ctl and a queued operation per wait, per packet at 50 packets/s per socket). It reads
// nothing itself. One per loop thread; every member runs on that thread.
class SocketPoller {
 public:
  // Told when its socket has datagrams waiting. Level-triggered: a handler that stops before
  // the socket is empty is called again on the next round.
  class Handler {
   public:
    virtual void onReadable() = 0;

   protected:
    ~Handler() = default;
  };

  // Throws std::system_error if the kernel refuses an epoll set (out of descriptors at start).
  explicit SocketPoller(boost::asio::io_context& io);
  SocketPoller(const SocketPoller&) = delete;
  SocketPoller& operator=(const SocketPoller&) = delete;
  // Every socket must have been removed first.
  ~SocketPoller();

  boost::asio::io_context& io() { return io_; }

  // Starts watching `fd` for `handler` (which must stay valid until remove()). False when the
  // kernel refuses (fs.epoll.max_user_watches reached).
  bool add(int fd, Handler& handler);
  // Stops watching `fd`; `handler` is not called again, even for readiness already collected in
  // the round that is running.
  void remove(int fd, Handler& handler);
  std::size_t watched() const { return watched_; }
  // Counts the epoll_wait rounds. A handler called in the round right after the one it was last
  // called in knows its socket still (or again) had data when the next round began: its
  // traffic is dense enough to read in batches.
  std::uint64_t round() const { return round_; }

 private:
  struct Anchor {
    SocketPoller* poller;
  };
  static constexpr std::size_t kEvents = 256;  // readiness reports per epoll_wait
  static constexpr std::size_t kMaxRoundsPerWake = 4;

  void waitReadable();
  void onReadable();

  boost::asio::io_context& io_;
  int epoll_ = -1;
  boost::asio::posix::stream_descriptor descriptor_;
  std::array<epoll_event, kEvents> events_{};
  std::size_t pending_ = 0;  // events_[next_, pending_) not yet dispatched in this round
  std::size_t next_ = 0;
  std::size_t watched_ = 0;
  std::uint64_t round_ = 0;
  std::shared_ptr<Anchor> anchor_;
};

}  // namespace sb::media::rtp
