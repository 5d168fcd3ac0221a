// SPDX-License-Identifier: MIT
#pragma once
#include <boost/asio/ip/address.hpp>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "base/result.h"
#include "net/event_loop.h"
#include "net/socket_address.h"
#include "sip/transport/send_timing.h"
#include "sip/transport/tcp_connection.h"
#include "sip/transport/transport_limits.h"

namespace sb::sip {

class UdpListener;
class TcpListener;

// Every SIP socket of the process: UDP listeners, TCP listeners and TCP connections in both
// directions (RFC 3261 §18). It delivers each framed message with the Flow it came on and sends
// bytes along a Flow, reusing connections (§18.2.2, RFC 5923 style) and opening them on demand.
// It never parses beyond framing: what a message means is the transaction layer's business.
class TransportLayer final : private ConnectionHost {
 public:
  using Receiver = std::function<void(std::string_view message, const net::Flow& flow)>;

  TransportLayer(net::EventLoop& loop, Receiver receiver, TransportLimits limits = {});
  ~TransportLayer() override;
  TransportLayer(const TransportLayer&) = delete;
  TransportLayer& operator=(const TransportLayer&) = delete;

  // Binds a listener; port 0 picks an ephemeral port (see listeners()). Returns the reason on
  // failure, e.g. "udp:0.0.0.0:5060: Address already in use".
  Status listen(net::TransportKind kind, const net::SocketAddress& address);
  // The bound listeners, with their real ports: transport and local are set, remote is empty.
  std::vector<net::Flow> listeners() const;

  // Sends bytes along `to` without blocking. UDP: from the listener whose address is to.local,
  // else the first of the same family. TCP: on connection to.connectionId when it is alive, else
  // on a live connection to to.remote, else on a new connection (bytes wait for the connect).
  // False when it cannot be sent at all (no socket, closed, limits). With
  // SendTiming::WithReceivedBatch a UDP datagram may wait for the end of the received batch
  // being handled; true then says only that it was queued.
  bool send(const net::Flow& to, std::string_view bytes, SendTiming timing = SendTiming::Now);

  // Closes a stream connection (a ban, a failed flow); the closed handler is told as usual.
  void closeConnection(std::uint64_t connectionId);
  bool hasConnection(std::uint64_t connectionId) const;
  std::size_t connectionCount() const { return connections_.size(); }

  // Called with the connection id whenever a stream connection closes, for whatever reason, so
  // registrations bound to that flow can be dropped (RFC 5626 §5.3).
  void setConnectionClosedHandler(std::function<void(std::uint64_t)> handler);

  const TransportStats& stats() const { return stats_; }
  const TransportLimits& limits() const { return limits_; }

 private:
  void onStreamMessage(TcpConnection& connection, std::string_view message) override;
  void onConnectionClosed(TcpConnection& connection, CloseReason reason) override;
  void onAccepted(boost::asio::ip::tcp::socket socket);
  bool sendUdp(const net::Flow& to, std::string_view bytes, SendTiming timing);
  bool sendTcp(const net::Flow& to, std::string_view bytes);
  std::shared_ptr<TcpConnection> liveConnection(std::uint64_t id) const;
  std::shared_ptr<TcpConnection> dial(const net::SocketAddress& remote);
  TcpConnection::Context connectionContext();

  net::EventLoop& loop_;
  Receiver receiver_;
  TransportLimits limits_;
  TransportStats stats_;
  std::function<void(std::uint64_t)> closedHandler_;

  std::vector<std::shared_ptr<UdpListener>> udp_;
  std::vector<std::shared_ptr<TcpListener>> tcp_;
  std::unordered_map<std::uint64_t, std::shared_ptr<TcpConnection>> connections_;
  std::unordered_map<net::SocketAddress, std::uint64_t> byRemote_;  // newest connection per peer
  std::unordered_map<boost::asio::ip::address, std::size_t> inboundPerAddress_;
  std::uint64_t nextConnectionId_ = 1;
  std::vector<char> readScratch_;
};

}  // namespace sb::sip
