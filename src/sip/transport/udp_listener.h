// SPDX-License-Identifier: MIT
#pragma once
#include <sys/socket.h>

#include <boost/asio/ip/udp.hpp>
#include <boost/asio/ip/v6_only.hpp>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"
#include "net/datagram_batch.h"
#include "net/socket_address.h"
#include "sip/transport/transport_limits.h"

namespace sb::sip {

// One bound UDP socket: drains every ready datagram with recvmmsg and hands each to the receiver
// with its Flow, and sends datagrams from its address. It knows nothing of SIP beyond ignoring
// CRLF keepalives; owned by TransportLayer, kept alive by its pending wait while one is queued.
class UdpListener : public std::enable_shared_from_this<UdpListener> {
 public:
  using Deliver = std::function<void(std::string_view message, const net::Flow& flow)>;

  // Binds `address` (port 0: ephemeral). A failure says why, e.g. "Address already in use".
  static Result<std::shared_ptr<UdpListener>> open(boost::asio::io_context& io,
                                           const net::SocketAddress& address,
                                           const TransportLimits& limits, TransportStats& stats,
                                           Deliver deliver);

  UdpListener(boost::asio::ip::udp::socket socket, net::SocketAddress local,
              const TransportLimits& limits, TransportStats& stats, Deliver deliver);
  UdpListener(const UdpListener&) = delete;
  UdpListener& operator=(const UdpListener&) = delete;

  void start();
  // Stops reading and closes the socket; no callback runs afterwards.
  void close();

  const net::SocketAddress& local() const { return local_; }
  // Sends one datagram without blocking; false when the kernel refuses it (buffer full, no route).
  // `from`: on a wildcard listener, the local address to send from (the one the peer's
  // datagrams came to, Flow::local); otherwise ignored.
  bool sendTo(const net::SocketAddress& to, std::string_view bytes,
              const boost::asio::ip::address& from = {});
  // Like sendTo, for a sender that need not learn whether the datagram left (a response: the
  // client retransmits). While a batch of received datagrams is being delivered, the datagram
  // waits for the end of the batch and leaves with the others answered in it in one sendmmsg;
  // a refusal is only counted. Returns false only when it is refused at once.
  bool sendWithReceivedBatch(const net::SocketAddress& to, std::string_view bytes,
                             const boost::asio::ip::address& from = {});
  // Bound to 0.0.0.0 or ::: every datagram's Flow names the address it was sent to.
  bool wildcard() const { return wildcard_; }

 private:
  void waitReadable();
  void drain();
  void sendQueued();
  void deliverOne(std::string_view datagram, const sockaddr_storage& from, socklen_t fromLength,
                  bool truncated, const net::SocketAddress& local);

  boost::asio::ip::udp::socket socket_;
  net::SocketAddress local_;
  const TransportLimits& limits_;
  TransportStats& stats_;
  Deliver deliver_;
  bool closed_ = false;

  // recvmmsg batch: each slot holds a whole datagram (RFC 3261 §18.1.1 allows up to 65535).
  std::vector<char> storage_;
  std::vector<mmsghdr> headers_;
  std::vector<iovec> vectors_;
  std::vector<sockaddr_storage> sources_;
  bool wildcard_ = false;
  std::vector<unsigned char> controls_;  // a destination report per slot (wildcard only)
  bool delivering_ = false;              // inside drain(), handing a batch to the receiver
  net::DatagramBatch outgoing_;          // what sendWithReceivedBatch queued meanwhile
};

}  // namespace sb::sip
