// SPDX-License-Identifier: MIT
#include "sip/transport/tcp_listener.h"

namespace sb::sip {

namespace {
// After EMFILE and friends the pending connection stays queued, so accepting again at once would
// spin; a short pause lets closing connections free descriptors.
constexpr Millis kAcceptRetryDelay{100};
}  // namespace

Result<std::shared_ptr<TcpListener>> TcpListener::open(boost::asio::io_context& io,
                                               const net::SocketAddress& address, Timers& timers,
                                               Accepted accepted) {
  using boost::asio::ip::tcp;
  const tcp::endpoint endpoint(address.ip, address.port);
  tcp::acceptor acceptor(io);
  boost::system::error_code ec;
  acceptor.open(endpoint.protocol(), ec);
  if (!ec && address.ip.is_v6()) acceptor.set_option(boost::asio::ip::v6_only(true), ec);
  // Lets a restarted server bind while old connections sit in TIME_WAIT. On Linux it does not
  // let two live listeners share a port, so "Address already in use" is still reported.
  if (!ec) acceptor.set_option(tcp::acceptor::reuse_address(true), ec);
  if (!ec) acceptor.bind(endpoint, ec);
  if (!ec) acceptor.listen(boost::asio::socket_base::max_listen_connections, ec);
  if (ec) {
    return fail(ec.message());
  }
  const auto bound = acceptor.local_endpoint(ec);
  if (ec) {
    return fail(ec.message());
  }
  return std::make_shared<TcpListener>(std::move(acceptor),
                                       net::SocketAddress{bound.address(), bound.port()}, timers,
                                       std::move(accepted));
}

TcpListener::TcpListener(boost::asio::ip::tcp::acceptor acceptor, net::SocketAddress local,
                         Timers& timers, Accepted accepted)
    : acceptor_(std::move(acceptor)),
      local_(local),
      timers_(timers),
      accepted_(std::move(accepted)) {}

void TcpListener::start() { acceptNext(); }

void TcpListener::close() {
  if (closed_) return;
  closed_ = true;
  boost::system::error_code ignored;
  acceptor_.close(ignored);
}

void TcpListener::acceptNext() {
  acceptor_.async_accept([self = shared_from_this()](const boost::system::error_code& ec,
                                                     boost::asio::ip::tcp::socket socket) {
    if (self->closed_) return;
    if (ec) {
      // ECONNABORTED (peer gave up while queued) is harmless; resource errors need a pause.
      if (ec == boost::asio::error::connection_aborted) {
        self->acceptNext();
        return;
      }
      self->timers_.schedule(kAcceptRetryDelay, [weak = self->weak_from_this()] {
        if (const auto listener = weak.lock(); listener && !listener->closed_) {
          listener->acceptNext();
        }
      });
      return;
    }
    self->accepted_(std::move(socket));
    if (!self->closed_) self->acceptNext();
  });
}

}  // namespace sb::sip
