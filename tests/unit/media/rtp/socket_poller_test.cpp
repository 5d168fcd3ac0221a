// SPDX-License-Identifier: MIT
#include "media/rtp/socket_poller.h"

#include <gtest/gtest.h>

#include <functional>

#include "relay_test_peers.h"

namespace sb::media::rtp {
namespace {

using testing::Phone;

// A socket and what its handler does when told it is readable.
struct Watched final : SocketPoller::Handler {
  explicit Watched(std::function<void(Watched&)> onCall = nullptr) : action(std::move(onCall)) {}
  void onReadable() override {
    ++calls;
    if (action) action(*this);
  }
  Phone socket;
  int calls = 0;
  std::function<void(Watched&)> action;
};

void readOne(Watched& w) {
  std::uint8_t buffer[64];
  (void)w.socket.receiveInto(buffer);
}

class SocketPollerTest : public ::testing::Test {
 protected:
  void pump(int times = 5) {
    for (int i = 0; i < times; ++i) {
      io.restart();
      io.poll();
    }
  }
  boost::asio::io_context io;
  SocketPoller poller{io};
  Phone sender;
  const std::vector<std::uint8_t> datagram{1, 2, 3};
};

TEST_F(SocketPollerTest, tells_the_handler_of_the_socket_that_became_readable) {
  Watched a(readOne), b(readOne);
  ASSERT_TRUE(poller.add(a.socket.receiveFd(), a));
  ASSERT_TRUE(poller.add(b.socket.receiveFd(), b));
  sender.send(b.socket.address(), datagram);
  ASSERT_TRUE(testing::pumpUntil(io, [&] { return b.calls > 0; }));
  pump();
  EXPECT_EQ(a.calls, 0);
  EXPECT_EQ(b.calls, 1);
  poller.remove(a.socket.receiveFd(), a);
  poller.remove(b.socket.receiveFd(), b);
}

TEST_F(SocketPollerTest, calls_again_while_the_socket_still_holds_data) {
  Watched a(readOne);  // reads one datagram per call
  ASSERT_TRUE(poller.add(a.socket.receiveFd(), a));
  for (int i = 0; i < 3; ++i) sender.send(a.socket.address(), datagram);
  ASSERT_TRUE(testing::pumpUntil(io, [&] { return a.calls >= 3; }));
  pump();
  EXPECT_EQ(a.calls, 3);
  poller.remove(a.socket.receiveFd(), a);
}

TEST_F(SocketPollerTest, a_handler_removed_during_a_round_is_not_called_in_it) {
  Watched* other[2] = {nullptr, nullptr};
  const auto removeTheOther = [&](Watched& self) {
    readOne(self);
    Watched* victim = other[0] == &self ? other[1] : other[0];
    if (victim->calls == 0 && victim->action) {
      poller.remove(victim->socket.receiveFd(), *victim);
      victim->action = nullptr;  // marks it removed
    }
  };
  Watched a(removeTheOther), b(removeTheOther);
  other[0] = &a;
  other[1] = &b;
  ASSERT_TRUE(poller.add(a.socket.receiveFd(), a));
  ASSERT_TRUE(poller.add(b.socket.receiveFd(), b));
  sender.send(a.socket.address(), datagram);
  sender.send(b.socket.address(), datagram);
  ASSERT_TRUE(testing::pumpUntil(io, [&] { return a.calls + b.calls > 0; }));
  pump();
  EXPECT_EQ(a.calls + b.calls, 1);  // both were ready in the same round
  Watched& survivor = a.calls == 1 ? a : b;
  poller.remove(survivor.socket.receiveFd(), survivor);
  EXPECT_EQ(poller.watched(), 0u);
}

TEST_F(SocketPollerTest, a_removed_socket_is_no_longer_watched) {
  Watched a(readOne);
  ASSERT_TRUE(poller.add(a.socket.receiveFd(), a));
  poller.remove(a.socket.receiveFd(), a);
  sender.send(a.socket.address(), datagram);
  pump();
  EXPECT_EQ(a.calls, 0);
}

}  // namespace
}  // namespace sb::media::rtp
