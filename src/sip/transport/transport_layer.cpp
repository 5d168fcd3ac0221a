// SPDX-License-Identifier: MIT
#include "sip/transport/transport_layer.h"

#include "base/log.h"
#include "base/text.h"
#include "sip/transport/tcp_listener.h"
#include "sip/transport/udp_listener.h"

namespace sb::sip {

namespace {
constexpr std::size_t kReadScratchBytes = 64 * 1024;

Failure listenError(net::TransportKind kind, const net::SocketAddress& address, std::string_view reason) {
  return fail(text::lower(net::transportName(kind)) + ":" + address.toString() + ": " +
         std::string(reason));
}
}  // namespace

TransportLayer::TransportLayer(net::EventLoop& loop, Receiver receiver, TransportLimits limits)
    : loop_(loop),
      receiver_(std::move(receiver)),
      limits_(limits),
      readScratch_(kReadScratchBytes) {}

TransportLayer::~TransportLayer() {
  // Pending asio operations hold the sockets' objects alive; closing them here guarantees none of
  // their handlers calls back into this layer once it is gone.
  for (auto& listener : udp_) listener->close();
  for (auto& listener : tcp_) listener->close();
  for (auto& [id, connection] : connections_) connection->abandon();
}

Status TransportLayer::listen(net::TransportKind kind, const net::SocketAddress& address) {
  switch (kind) {
    case net::TransportKind::Udp: {
      auto listener = UdpListener::open(
          loop_.io(), address, limits_, stats_,
          [this](std::string_view message, const net::Flow& flow) { receiver_(message, flow); });
      if (!listener) return listenError(kind, address, listener.error());
      (*listener)->start();
      udp_.push_back(std::move(*listener));
      return {};
    }
    case net::TransportKind::Tcp: {
      auto listener = TcpListener::open(
          loop_.io(), address, loop_.timers(),
          [this](boost::asio::ip::tcp::socket socket) { onAccepted(std::move(socket)); });
      if (!listener) return listenError(kind, address, listener.error());
      (*listener)->start();
      tcp_.push_back(std::move(*listener));
      return {};
    }
    case net::TransportKind::Tls:
      break;
  }
  return listenError(kind, address, "TLS is not supported yet");
}

std::vector<net::Flow> TransportLayer::listeners() const {
  std::vector<net::Flow> out;
  for (const auto& listener : udp_) {
    out.push_back(net::Flow{net::TransportKind::Udp, {}, listener->local(), 0});
  }
  for (const auto& listener : tcp_) {
    out.push_back(net::Flow{net::TransportKind::Tcp, {}, listener->local(), 0});
  }
  return out;
}

void TransportLayer::setConnectionClosedHandler(std::function<void(std::uint64_t)> handler) {
  closedHandler_ = std::move(handler);
}

TcpConnection::Context TransportLayer::connectionContext() {
  return TcpConnection::Context{*this, loop_.timers(), limits_, stats_, readScratch_};
}

void TransportLayer::onAccepted(boost::asio::ip::tcp::socket socket) {
  boost::system::error_code ec;
  const auto remote = socket.remote_endpoint(ec);
  const auto local = ec ? decltype(remote){} : socket.local_endpoint(ec);
  if (ec) return;  // reset before we looked at it; the socket closes on scope exit
  const auto remoteIp = remote.address();
  const auto perAddress = inboundPerAddress_.find(remoteIp);
  const std::size_t fromThisAddress = perAddress == inboundPerAddress_.end() ? 0 : perAddress->second;
  // Accept-then-close rather than leaving the peer in the backlog: it learns at once, and the
  // backlog stays free for others.
  if (connections_.size() >= limits_.maxConnections ||
      fromThisAddress >= limits_.maxConnectionsPerAddress) {
    ++stats_.connectionsRefused;
    SB_LOG_VERBOSE("TCP connection from {} refused: connection limit reached",
                   net::SocketAddress{remoteIp, remote.port()}.toString());
    socket.close(ec);
    return;
  }
  const std::uint64_t id = nextConnectionId_++;
  const net::SocketAddress remoteAddress{remoteIp, remote.port()};
  auto connection = std::make_shared<TcpConnection>(connectionContext(), std::move(socket), id,
                                                    remoteAddress,
                                                    net::SocketAddress{local.address(), local.port()});
  connections_.emplace(id, connection);
  byRemote_[remoteAddress] = id;
  ++inboundPerAddress_[remoteIp];
  ++stats_.connectionsAccepted;
  ++stats_.connectionsOpen;
  connection->start();
}

void TransportLayer::onStreamMessage(TcpConnection& connection, std::string_view message) {
  receiver_(message, connection.flow());
}

void TransportLayer::onConnectionClosed(TcpConnection& connection, CloseReason reason) {
  const std::uint64_t id = connection.id();
  if (connections_.erase(id) == 0) return;
  // Cut-offs say something about the peer (a flood, a broken phone); ordinary closes do not.
  const bool cutOff = reason == CloseReason::Oversize || reason == CloseReason::Invalid ||
                      reason == CloseReason::Timeout || reason == CloseReason::WriteBacklog;
  if (cutOff) {
    SB_LOG_VERBOSE("TCP connection {} with {} cut off: {}", id, connection.remote().toString(),
                   closeReasonName(reason));
  } else {
    SB_LOG_DEBUG("TCP connection {} with {} closed: {}", id, connection.remote().toString(),
                 closeReasonName(reason));
  }
  if (const auto it = byRemote_.find(connection.remote()); it != byRemote_.end() && it->second == id) {
    byRemote_.erase(it);
  }
  if (connection.inbound()) {
    const auto it = inboundPerAddress_.find(connection.remote().ip);
    if (it != inboundPerAddress_.end() && --it->second == 0) inboundPerAddress_.erase(it);
  }
  --stats_.connectionsOpen;
  if (closedHandler_) closedHandler_(id);
}

std::shared_ptr<TcpConnection> TransportLayer::liveConnection(std::uint64_t id) const {
  if (id == 0) return nullptr;
  const auto it = connections_.find(id);
  if (it == connections_.end() || it->second->closed()) return nullptr;
  return it->second;
}

bool TransportLayer::hasConnection(std::uint64_t connectionId) const {
  return liveConnection(connectionId) != nullptr;
}

void TransportLayer::closeConnection(std::uint64_t connectionId) {
  if (const auto connection = liveConnection(connectionId)) {
    connection->close(CloseReason::ClosedLocally);
  }
}

bool TransportLayer::send(const net::Flow& to, std::string_view bytes, SendTiming timing) {
  bool sent = false;
  switch (to.transport) {
    case net::TransportKind::Udp: sent = sendUdp(to, bytes, timing); break;
    case net::TransportKind::Tcp: sent = sendTcp(to, bytes); break;
    case net::TransportKind::Tls: sent = false; break;
  }
  if (!sent) ++stats_.sendFailures;
  return sent;
}

bool TransportLayer::sendUdp(const net::Flow& to, std::string_view bytes, SendTiming timing) {
  if (bytes.size() > limits_.maxMessageBytes || to.remote.port == 0) return false;
  const auto sendOn = [&](UdpListener& listener, const boost::asio::ip::address& from) {
    return timing == SendTiming::WithReceivedBatch
               ? listener.sendWithReceivedBatch(to.remote, bytes, from)
               : listener.sendTo(to.remote, bytes, from);
  };
  for (const auto& listener : udp_) {
    if (listener->local() == to.local) return sendOn(*listener, {});
  }
  // A flow learnt on a wildcard listener names the address the peer sent to (Flow::local):
  // it leaves from that listener, from that address.
  for (const auto& listener : udp_) {
    const auto& local = listener->local();
    if (listener->wildcard() && local.port == to.local.port && local.ip.is_v4() == to.local.ip.is_v4())
      return sendOn(*listener, to.local.ip);
  }
  for (const auto& listener : udp_) {
    if (listener->local().ip.is_v4() == to.remote.ip.is_v4()) return sendOn(*listener, {});
  }
  return false;
}

bool TransportLayer::sendTcp(const net::Flow& to, std::string_view bytes) {
  std::shared_ptr<TcpConnection> connection = liveConnection(to.connectionId);
  if (!connection) {
    // RFC 3261 §18.2.2 / §18.1.1: any live connection to that address will do.
    if (const auto it = byRemote_.find(to.remote); it != byRemote_.end()) {
      connection = liveConnection(it->second);
    }
  }
  if (!connection) connection = dial(to.remote);
  if (!connection || !connection->send(bytes)) return false;
  ++stats_.streamMessagesOut;
  return true;
}

std::shared_ptr<TcpConnection> TransportLayer::dial(const net::SocketAddress& remote) {
  if (remote.port == 0 || remote.ip.is_unspecified()) return nullptr;
  if (connections_.size() >= limits_.maxConnections) return nullptr;
  const std::uint64_t id = nextConnectionId_++;
  auto connection = std::make_shared<TcpConnection>(
      connectionContext(), boost::asio::ip::tcp::socket(loop_.io()), id, remote);
  connections_.emplace(id, connection);
  byRemote_[remote] = id;
  ++stats_.connectionsOutbound;
  ++stats_.connectionsOpen;
  connection->connect();
  // A connect that fails at once has already closed it and told onConnectionClosed.
  return connection->closed() ? nullptr : connection;
}

}  // namespace sb::sip
