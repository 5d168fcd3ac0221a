// SPDX-License-Identifier: MIT
#pragma once
// Test-side peers on 127.0.0.1 for the transport tests: plain sockets written synchronously and
// read with MSG_DONTWAIT, so the test thread can drive the transport's loop in between.
#include <sys/socket.h>

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ip/udp.hpp>
#include <boost/asio/write.hpp>
#include <cerrno>
#include <chrono>
#include <functional>
#include <string>
#include <string_view>

#include "net/event_loop.h"
#include "net/socket_address.h"

namespace sb::sip::testing {

inline const boost::asio::ip::address kLoopback = boost::asio::ip::make_address("127.0.0.1");

// Runs the loop in small slices until `done` holds or `limit` passes; returns whether it held.
inline bool runUntil(net::EventLoop& loop, const std::function<bool()>& done,
                     std::chrono::milliseconds limit = std::chrono::seconds(5)) {
  const auto end = std::chrono::steady_clock::now() + limit;
  while (!done()) {
    if (std::chrono::steady_clock::now() >= end) return false;
    loop.runFor(std::chrono::milliseconds(2));
  }
  return true;
}

// Reads whatever the kernel has for fd without waiting. Returns false once the peer closed.
inline bool drainNonBlocking(int fd, std::string& into) {
  char buffer[65536];
  for (;;) {
    const ssize_t n = ::recv(fd, buffer, sizeof buffer, MSG_DONTWAIT);
    if (n > 0) {
      into.append(buffer, static_cast<std::size_t>(n));
      continue;
    }
    if (n == 0) return false;
    return errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR;
  }
}

class TcpPeer {
 public:
  explicit TcpPeer(const net::SocketAddress& server) : socket_(io_) {
    socket_.connect(boost::asio::ip::tcp::endpoint(server.ip, server.port));
  }
  explicit TcpPeer(boost::asio::ip::tcp::socket socket) : socket_(std::move(socket)) {}

  void write(std::string_view bytes) {
    boost::asio::write(socket_, boost::asio::buffer(bytes.data(), bytes.size()));
  }
  // Collects what arrived; returns the whole text received so far.
  const std::string& received() {
    if (open_) open_ = drainNonBlocking(socket_.native_handle(), received_);
    return received_;
  }
  bool closedByServer() {
    received();
    return !open_;
  }
  net::SocketAddress local() const {
    const auto e = socket_.local_endpoint();
    return {e.address(), e.port()};
  }

 private:
  boost::asio::io_context io_;
  boost::asio::ip::tcp::socket socket_;
  std::string received_;
  bool open_ = true;
};

class UdpPeer {
 public:
  UdpPeer() : socket_(io_, boost::asio::ip::udp::endpoint(kLoopback, 0)) {}

  void sendTo(const net::SocketAddress& to, std::string_view bytes) {
    socket_.send_to(boost::asio::buffer(bytes.data(), bytes.size()),
                    boost::asio::ip::udp::endpoint(to.ip, to.port));
  }
  // One datagram if one is waiting, else empty.
  std::string receive() {
    std::string out(65536, '\0');
    const ssize_t n = ::recv(socket_.native_handle(), out.data(), out.size(), MSG_DONTWAIT);
    out.resize(n > 0 ? static_cast<std::size_t>(n) : 0);
    return out;
  }
  net::SocketAddress local() const {
    const auto e = socket_.local_endpoint();
    return {e.address(), e.port()};
  }

 private:
  boost::asio::io_context io_;
  boost::asio::ip::udp::socket socket_;
};

// A listening socket that plays a remote SIP server the layer dials out to.
class TcpServerPeer {
 public:
  TcpServerPeer() : acceptor_(io_, boost::asio::ip::tcp::endpoint(kLoopback, 0)) {
    acceptor_.non_blocking(true);
  }
  net::SocketAddress address() const {
    const auto e = acceptor_.local_endpoint();
    return {e.address(), e.port()};
  }
  // Accepts one pending connection if there is one.
  std::unique_ptr<TcpPeer> tryAccept() {
    boost::system::error_code ec;
    auto socket = acceptor_.accept(ec);
    if (ec) return nullptr;
    socket.non_blocking(false, ec);
    return std::make_unique<TcpPeer>(std::move(socket));
  }

 private:
  boost::asio::io_context io_;
  boost::asio::ip::tcp::acceptor acceptor_;
};

// A small valid request with a body, so framing must honour Content-Length.
inline std::string sipRequest(std::string_view callId, std::string_view body = "hello") {
  return "MESSAGE sip:100@127.0.0.1 SIP/2.0\r\n"
         "Via: SIP/2.0/TCP 127.0.0.1:5070;branch=z9hG4bK-" + std::string(callId) + "\r\n"
         "Max-Forwards: 70\r\n"
         "To: <sip:100@127.0.0.1>\r\n"
         "From: <sip:200@127.0.0.1>;tag=a1\r\n"
         "Call-ID: " + std::string(callId) + "\r\n"
         "CSeq: 1 MESSAGE\r\n"
         "Content-Type: text/plain\r\n"
         "Content-Length: " + std::to_string(body.size()) + "\r\n"
         "\r\n" + std::string(body);
}

}  // namespace sb::sip::testing
