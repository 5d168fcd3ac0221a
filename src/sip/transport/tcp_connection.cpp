// SPDX-License-Identifier: MIT
#include "sip/transport/tcp_connection.h"

#include <algorithm>
#include <boost/asio/write.hpp>

#include "sip/transport/stream_framer.h"

namespace sb::sip {

namespace {
constexpr std::size_t kMaxReadsPerWake = 16;    // then let other connections have the loop
constexpr std::size_t kMaxBuffersPerWrite = 64;  // gathered into one writev
constexpr std::string_view kPong = "\r\n";       // RFC 5626 §3.5.1
}  // namespace

std::string_view closeReasonName(CloseReason reason) {
  switch (reason) {
    case CloseReason::PeerClosed: return "peer closed";
    case CloseReason::ReadError: return "read error";
    case CloseReason::WriteError: return "write error";
    case CloseReason::ConnectFailed: return "connect failed";
    case CloseReason::Oversize: return "message over the size limits";
    case CloseReason::Invalid: return "unframeable bytes";
    case CloseReason::Timeout: return "timeout";
    case CloseReason::WriteBacklog: return "peer not reading";
    case CloseReason::ClosedLocally: return "closed locally";
  }
  return "unknown";
}

TcpConnection::TcpConnection(Context context, boost::asio::ip::tcp::socket socket,
                             std::uint64_t id, net::SocketAddress remote, net::SocketAddress local)
    : context_(context),
      socket_(std::move(socket)),
      id_(id),
      remote_(remote),
      local_(local),
      inbound_(true) {}

TcpConnection::TcpConnection(Context context, boost::asio::ip::tcp::socket socket,
                             std::uint64_t id, net::SocketAddress remote)
    : context_(context), socket_(std::move(socket)), id_(id), remote_(remote), inbound_(false) {}

net::Flow TcpConnection::flow() const {
  return net::Flow{net::TransportKind::Tcp, remote_, local_, id_};
}

void TcpConnection::start() {
  boost::system::error_code ignored;
  socket_.non_blocking(true, ignored);
  socket_.set_option(boost::asio::ip::tcp::no_delay(true), ignored);
  openedAt_ = lastActivity_ = context_.timers.clock().steadyNow();
  waitReadable();
  armWatchdog();
}

void TcpConnection::connect() {
  connecting_ = true;
  openedAt_ = lastActivity_ = context_.timers.clock().steadyNow();
  armWatchdog();
  socket_.async_connect(
      boost::asio::ip::tcp::endpoint(remote_.ip, remote_.port),
      [self = shared_from_this()](const boost::system::error_code& ec) {
        if (self->closed_) return;
        self->connecting_ = false;
        if (ec) {
          self->close(CloseReason::ConnectFailed);
          return;
        }
        boost::system::error_code ignored;
        const auto local = self->socket_.local_endpoint(ignored);
        self->local_ = net::SocketAddress{local.address(), local.port()};
        self->socket_.non_blocking(true, ignored);
        self->socket_.set_option(boost::asio::ip::tcp::no_delay(true), ignored);
        self->lastActivity_ = self->context_.timers.clock().steadyNow();
        self->writeQueued();
        self->waitReadable();
        self->armWatchdog();
      });
}

void TcpConnection::waitReadable() {
  socket_.async_wait(boost::asio::socket_base::wait_read,
                     [self = shared_from_this()](const boost::system::error_code& ec) {
                       if (self->closed_) return;
                       if (ec) {
                         self->close(CloseReason::ReadError);
                         return;
                       }
                       self->readAvailable();
                     });
}

void TcpConnection::readAvailable() {
  auto& scratch = context_.scratch;
  for (std::size_t round = 0; round < kMaxReadsPerWake && !closed_; ++round) {
    boost::system::error_code ec;
    const std::size_t n = socket_.read_some(boost::asio::buffer(scratch), ec);
    if (ec == boost::asio::error::would_block || ec == boost::asio::error::try_again) break;
    if (ec == boost::asio::error::eof) {
      close(CloseReason::PeerClosed);
      return;
    }
    if (ec) {
      close(CloseReason::ReadError);
      return;
    }
    context_.stats.bytesIn += n;
    lastActivity_ = context_.timers.clock().steadyNow();
    const std::string_view chunk(scratch.data(), n);
    if (pending_.empty()) {
      // Common case: whole messages in one read are framed straight from the scratch buffer.
      const std::size_t used = consume(chunk);
      if (!closed_) pending_.assign(chunk.substr(used));
    } else {
      pending_.append(chunk);
      const std::size_t used = consume(pending_);
      if (!closed_) pending_.erase(0, used);
    }
    if (n < scratch.size()) break;  // drained: the next wait says when more arrives
  }
  if (closed_) return;
  if (pending_.empty() || onlyLineBreaks(pending_)) {
    partialSince_.reset();
    if (pending_.capacity() > 4 * 1024) pending_.shrink_to_fit();  // idle phones hold no memory
  } else if (!partialSince_) {
    partialSince_ = lastActivity_;
  }
  armWatchdog();
  waitReadable();
}

std::size_t TcpConnection::consume(std::string_view data) {
  std::size_t offset = 0;
  while (!closed_) {
    const auto rest = data.substr(offset);
    const StreamFrame frame = nextStreamFrame(rest, context_.limits);
    switch (frame.kind) {
      case StreamFrame::Kind::Message:
        ++context_.stats.streamMessagesIn;
        gotMessage_ = true;
        partialSince_.reset();
        offset += frame.length;
        context_.host.onStreamMessage(*this, rest.substr(0, frame.length));
        break;
      case StreamFrame::Kind::Ping:
        ++context_.stats.keepalivesIn;
        offset += frame.length;
        send(kPong);
        break;
      case StreamFrame::Kind::Skip:
        offset += frame.length;
        break;
      case StreamFrame::Kind::NeedMore:
        return offset;
      case StreamFrame::Kind::Oversize:
        ++context_.stats.oversizeDropped;
        close(CloseReason::Oversize);
        return offset;
      case StreamFrame::Kind::Invalid:
        ++context_.stats.framingErrors;
        close(CloseReason::Invalid);
        return offset;
    }
  }
  return offset;
}

bool TcpConnection::send(std::string_view bytes) {
  if (closed_) return false;
  if (queuedBytes_ + bytes.size() > context_.limits.maxQueuedWriteBytes) {
    close(CloseReason::WriteBacklog);
    return false;
  }
  writeQueue_.emplace_back(bytes);
  queuedBytes_ += bytes.size();
  writeQueued();
  return true;
}

void TcpConnection::writeQueued() {
  if (closed_ || connecting_ || writesInFlight_ > 0 || writeQueue_.empty()) return;
  // Deque elements keep their addresses while more are pushed behind them, so the buffers stay
  // valid for the whole asynchronous write.
  std::vector<boost::asio::const_buffer> buffers;
  const std::size_t count = std::min(writeQueue_.size(), kMaxBuffersPerWrite);
  buffers.reserve(count);
  for (std::size_t i = 0; i < count; ++i) buffers.push_back(boost::asio::buffer(writeQueue_[i]));
  writesInFlight_ = count;
  boost::asio::async_write(
      socket_, buffers,
      [self = shared_from_this()](const boost::system::error_code& ec, std::size_t written) {
        if (self->closed_) return;
        if (ec) {
          ++self->context_.stats.sendFailures;
          self->close(CloseReason::WriteError);
          return;
        }
        for (std::size_t i = 0; i < self->writesInFlight_; ++i) {
          self->queuedBytes_ -= self->writeQueue_.front().size();
          self->writeQueue_.pop_front();
        }
        self->writesInFlight_ = 0;
        self->context_.stats.bytesOut += written;
        self->lastActivity_ = self->context_.timers.clock().steadyNow();
        self->writeQueued();
      });
}

void TcpConnection::close(CloseReason reason) {
  if (closed_) return;
  const auto self = shared_from_this();  // the host drops its reference in the callback
  shutdownSocket();
  if (reason == CloseReason::Timeout) ++context_.stats.connectionsTimedOut;
  context_.host.onConnectionClosed(*this, reason);
}

void TcpConnection::abandon() { shutdownSocket(); }

void TcpConnection::shutdownSocket() {
  if (closed_) return;
  closed_ = true;
  if (watchdog_) context_.timers.cancel(*watchdog_);
  watchdog_.reset();
  boost::system::error_code ignored;
  // Pending operations complete with operation_aborted and see closed_. The buffers stay until
  // destruction: a receiver may still be reading a message view into pending_.
  socket_.close(ignored);
}

SteadyTime TcpConnection::nextDeadline() const {
  const auto& limits = context_.limits;
  SteadyTime deadline = lastActivity_ + limits.idleTimeout;
  if (connecting_) deadline = std::min(deadline, openedAt_ + limits.connectTimeout);
  // A peer that connects and never completes a request only holds a socket: slowloris.
  if (inbound_ && !gotMessage_) deadline = std::min(deadline, openedAt_ + limits.firstMessageTimeout);
  if (partialSince_) deadline = std::min(deadline, *partialSince_ + limits.messageTimeout);
  return deadline;
}

void TcpConnection::armWatchdog() {
  if (closed_) return;
  const SteadyTime deadline = nextDeadline();
  if (watchdog_ && watchdogAt_ <= deadline) return;  // it fires early enough and re-checks then
  if (watchdog_) context_.timers.cancel(*watchdog_);
  const SteadyTime now = context_.timers.clock().steadyNow();
  const Millis delay =
      deadline > now ? std::chrono::ceil<Millis>(deadline - now) : Millis(0);
  watchdogAt_ = deadline;
  watchdog_ = context_.timers.schedule(delay, [weak = weak_from_this()] {
    if (const auto self = weak.lock()) self->onWatchdog();
  });
}

void TcpConnection::onWatchdog() {
  watchdog_.reset();
  if (closed_) return;
  if (context_.timers.clock().steadyNow() >= nextDeadline()) {
    close(CloseReason::Timeout);
    return;
  }
  armWatchdog();
}

}  // namespace sb::sip
