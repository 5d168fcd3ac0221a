// SPDX-License-Identifier: MIT
#pragma once
#include <boost/asio/ip/tcp.hpp>
#include <cstdint>
#include <deque>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/timer_queue.h"
#include "net/socket_address.h"
#include "sip/transport/transport_limits.h"

namespace sb::sip {

class TcpConnection;

// Why a stream connection ended; the layer counts these and a later log will show them.
enum class CloseReason {
  PeerClosed, ReadError, WriteError, ConnectFailed, Oversize, Invalid, Timeout, WriteBacklog,
  ClosedLocally,
};
std::string_view closeReasonName(CloseReason reason);  // "peer closed", "timeout", ...

// What a connection reports to the layer that owns it. Implemented by TransportLayer.
class ConnectionHost {
 public:
  virtual ~ConnectionHost() = default;
  virtual void onStreamMessage(TcpConnection& connection, std::string_view message) = 0;
  virtual void onConnectionClosed(TcpConnection& connection, CloseReason reason) = 0;
};

// One SIP-over-TCP connection, accepted or dialled: frames the byte stream into messages
// (RFC 3261 §18.3), answers CRLF keepalives, queues writes, and cuts peers that break the limits
// or the timeouts. It does not parse messages and does not decide where to send; the layer does.
// Shared ownership because pending asio operations and timers must keep it alive until they end.
class TcpConnection : public std::enable_shared_from_this<TcpConnection> {
 public:
  struct Context {
    ConnectionHost& host;
    Timers& timers;
    const TransportLimits& limits;
    TransportStats& stats;
    std::vector<char>& scratch;  // the layer's read buffer, shared: one thread reads at a time
  };

  // An accepted connection, ready to read.
  TcpConnection(Context context, boost::asio::ip::tcp::socket socket, std::uint64_t id,
                net::SocketAddress remote, net::SocketAddress local);
  // An outbound connection to `remote`, not yet connected: call connect().
  TcpConnection(Context context, boost::asio::ip::tcp::socket socket, std::uint64_t id,
                net::SocketAddress remote);
  TcpConnection(const TcpConnection&) = delete;
  TcpConnection& operator=(const TcpConnection&) = delete;

  void start();    // accepted: begin reading and arm the timeouts
  void connect();  // outbound: connect, then write what was queued and read

  // Queues bytes to write in order; false if the connection is closed or its backlog is full
  // (then it is closed: a peer that does not read must not hold our memory).
  bool send(std::string_view bytes);
  // Closes and tells the host, once. Safe to call from inside the host's callbacks.
  void close(CloseReason reason);
  // Closes without telling the host: the layer is shutting down.
  void abandon();

  std::uint64_t id() const { return id_; }
  bool inbound() const { return inbound_; }
  bool closed() const { return closed_; }
  const net::SocketAddress& remote() const { return remote_; }
  const net::SocketAddress& local() const { return local_; }
  net::Flow flow() const;

 private:
  void shutdownSocket();
  void waitReadable();
  void readAvailable();
  // Frames and delivers what `data` holds; returns bytes consumed, stops early when closed.
  std::size_t consume(std::string_view data);
  void writeQueued();
  void armWatchdog();
  void onWatchdog();
  SteadyTime nextDeadline() const;

  Context context_;
  boost::asio::ip::tcp::socket socket_;
  std::uint64_t id_;
  net::SocketAddress remote_;
  net::SocketAddress local_;
  bool inbound_;
  bool connecting_ = false;
  bool closed_ = false;
  bool gotMessage_ = false;

  std::string pending_;  // bytes of an unfinished message
  std::deque<std::string> writeQueue_;
  std::size_t queuedBytes_ = 0;
  std::size_t writesInFlight_ = 0;  // entries at the front of writeQueue_ being written

  SteadyTime openedAt_;
  SteadyTime lastActivity_;
  std::optional<SteadyTime> partialSince_;
  std::optional<TimerId> watchdog_;
  SteadyTime watchdogAt_;
};

}  // namespace sb::sip
