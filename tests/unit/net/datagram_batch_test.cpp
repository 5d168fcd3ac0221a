// SPDX-License-Identifier: MIT
#include "net/datagram_batch.h"

#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <string>

namespace sb::net {
namespace {

// A bound loopback UDP socket, closed at the end of the test.
struct LoopbackSocket {
  LoopbackSocket() {
    fd = ::socket(AF_INET, SOCK_DGRAM, 0);
    sockaddr_in any{};
    any.sin_family = AF_INET;
    any.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    ::bind(fd, reinterpret_cast<sockaddr*>(&any), sizeof any);
    socklen_t length = sizeof any;
    ::getsockname(fd, reinterpret_cast<sockaddr*>(&any), &length);
    address = SocketAddress{boost::asio::ip::make_address("127.0.0.1"), ntohs(any.sin_port)};
  }
  ~LoopbackSocket() { ::close(fd); }
  std::string receive() const {
    char buffer[2048];
    const auto n = ::recv(fd, buffer, sizeof buffer, MSG_DONTWAIT);
    return n < 0 ? std::string("(nothing)") : std::string(buffer, static_cast<std::size_t>(n));
  }
  int fd = -1;
  SocketAddress address;
};

TEST(DatagramBatch, sends_every_queued_datagram_in_order_with_copies_of_the_bytes) {
  LoopbackSocket sender;
  LoopbackSocket first;
  LoopbackSocket second;
  DatagramBatch batch(4);
  EXPECT_TRUE(batch.empty());
  {
    std::string transient = "one";
    batch.add(first.address, transient, {});
    transient = "overwritten after queueing";
  }
  batch.add(second.address, "two", {});
  batch.add(first.address, "three", {});
  EXPECT_FALSE(batch.empty());
  EXPECT_FALSE(batch.full());

  const auto outcome = batch.send(sender.fd);
  EXPECT_EQ(outcome.sent, 3u);
  EXPECT_EQ(outcome.failed, 0u);
  EXPECT_EQ(outcome.bytesSent, 11u);
  EXPECT_TRUE(batch.empty());
  EXPECT_EQ(first.receive(), "one");
  EXPECT_EQ(first.receive(), "three");
  EXPECT_EQ(second.receive(), "two");
  EXPECT_EQ(second.receive(), "(nothing)");
}

TEST(DatagramBatch, skips_a_datagram_the_kernel_refuses_and_sends_the_rest) {
  LoopbackSocket sender;
  LoopbackSocket receiver;
  DatagramBatch batch(3);
  batch.add(receiver.address, "before", {});
  // Port 0 is no destination: sendmmsg stops at it and reports the error on the next call.
  batch.add(SocketAddress{boost::asio::ip::make_address("127.0.0.1"), 0}, "refused", {});
  batch.add(receiver.address, "after", {});
  EXPECT_TRUE(batch.full());

  const auto outcome = batch.send(sender.fd);
  EXPECT_EQ(outcome.sent, 2u);
  EXPECT_EQ(outcome.failed, 1u);
  EXPECT_EQ(receiver.receive(), "before");
  EXPECT_EQ(receiver.receive(), "after");
}

TEST(DatagramBatch, sends_from_the_local_address_it_is_given) {
  // A socket bound to the wildcard address sends from the address named per datagram
  // (IP_PKTINFO), as a wildcard SIP listener answers from the address it was asked on.
  const int wildcard = ::socket(AF_INET, SOCK_DGRAM, 0);
  sockaddr_in any{};
  any.sin_family = AF_INET;
  ASSERT_EQ(::bind(wildcard, reinterpret_cast<sockaddr*>(&any), sizeof any), 0);
  LoopbackSocket receiver;
  DatagramBatch batch(1);
  batch.add(receiver.address, "from loopback", boost::asio::ip::make_address("127.0.0.1"));
  EXPECT_EQ(batch.send(wildcard).sent, 1u);
  sockaddr_in source{};
  socklen_t length = sizeof source;
  char buffer[64];
  const auto n = ::recvfrom(receiver.fd, buffer, sizeof buffer, MSG_DONTWAIT,
                            reinterpret_cast<sockaddr*>(&source), &length);
  ASSERT_EQ(n, 13);
  EXPECT_EQ(ntohl(source.sin_addr.s_addr), INADDR_LOOPBACK);
  ::close(wildcard);
}

TEST(DatagramBatch, discard_empties_it_without_sending) {
  LoopbackSocket sender;
  LoopbackSocket receiver;
  DatagramBatch batch(2);
  batch.add(receiver.address, "never", {});
  EXPECT_EQ(batch.discard(), 1u);
  EXPECT_TRUE(batch.empty());
  EXPECT_EQ(batch.send(sender.fd).sent, 0u);
  EXPECT_EQ(receiver.receive(), "(nothing)");
}

}  // namespace
}  // namespace sb::net
