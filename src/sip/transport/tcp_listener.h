// SPDX-License-Identifier: MIT
#pragma once
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ip/v6_only.hpp>
#include <functional>
#include <memory>
#include <string>

#include "base/result.h"
#include "base/timer_queue.h"
#include "net/socket_address.h"

namespace sb::sip {

// One listening TCP socket: accepts connections and hands each socket to the layer, which decides
// whether to keep it. Survives accept errors (out of file descriptors) by pausing briefly.
class TcpListener : public std::enable_shared_from_this<TcpListener> {
 public:
  using Accepted = std::function<void(boost::asio::ip::tcp::socket socket)>;

  // Binds and listens on `address` (port 0: ephemeral).
  static Result<std::shared_ptr<TcpListener>> open(boost::asio::io_context& io,
                                           const net::SocketAddress& address, Timers& timers,
                                           Accepted accepted);

  TcpListener(boost::asio::ip::tcp::acceptor acceptor, net::SocketAddress local, Timers& timers,
              Accepted accepted);
  TcpListener(const TcpListener&) = delete;
  TcpListener& operator=(const TcpListener&) = delete;

  void start();
  void close();  // no callback runs afterwards
  const net::SocketAddress& local() const { return local_; }

 private:
  void acceptNext();

  boost::asio::ip::tcp::acceptor acceptor_;
  net::SocketAddress local_;
  Timers& timers_;
  Accepted accepted_;
  bool closed_ = false;
};

}  // namespace sb::sip
