// SPDX-License-Identifier: MIT
#include "provisioning/tftp/tftp_server.h"

#include <sys/socket.h>

#include <cerrno>

#include "base/log.h"
#include "base/text.h"
#include "net/datagram_destination.h"
#include "provisioning/tftp/read_transfer.h"
#include "provisioning/tftp/tftp_file_name.h"
#include "provisioning/tftp/tftp_packet.h"

namespace sb::tftp {

namespace udp = boost::asio::ip;

struct TftpServer::Transfer {
  Transfer(boost::asio::io_context& io, ReadTransfer reader) : socket(io), machine(std::move(reader)) {}
  std::uint64_t id = 0;
  udp::udp::socket socket;
  udp::udp::endpoint peer;
  std::string addressKey;  // the peer's IP, for the per-address limit
  ReadTransfer machine;
  std::string oack;
  std::string file;
  TimerId timer{};
  std::array<std::uint8_t, 1024> buffer{};  // ACKs and ERRORs are small
  udp::udp::endpoint sender;
  bool done = false;
};

std::string toNetascii(std::string_view bytes) {
  std::string out;
  out.reserve(bytes.size() + bytes.size() / 16);
  for (char c : bytes) {
    if (c == '\n') {
      out.append("\r\n");
    } else if (c == '\r') {
      out.push_back('\r');
      out.push_back('\0');
    } else {
      out.push_back(c);
    }
  }
  return out;
}

Result<std::unique_ptr<TftpServer>> TftpServer::open(boost::asio::io_context& io, Timers& timers,
                                                     const net::SocketAddress& listen, FileSource& files,
                                                     TftpLimits limits, Observer observer) {
  udp::udp::socket socket(io);
  const udp::udp::endpoint endpoint(listen.ip, listen.port);
  boost::system::error_code ec;
  socket.open(endpoint.protocol(), ec);
  if (!ec && listen.ip.is_v6()) socket.set_option(boost::asio::ip::v6_only(true), ec);
  if (!ec) socket.bind(endpoint, ec);
  if (!ec) {
    // A power cut brings every phone back at once: their read requests must queue, not drop.
    int bytes = 4 << 20;
    if (::setsockopt(socket.native_handle(), SOL_SOCKET, SO_RCVBUFFORCE, &bytes, sizeof bytes) != 0) {
      ::setsockopt(socket.native_handle(), SOL_SOCKET, SO_RCVBUF, &bytes, sizeof bytes);
    }
  }
  // On a wildcard listener each request says which of the host's addresses it was sent to: the
  // transfer (and any refusal) answers from that one, not from whatever the route would pick.
  if (!ec && listen.ip.is_unspecified() &&
      !net::reportDestinations(socket.native_handle(), listen.ip.is_v6()))
    ec = boost::system::error_code(errno, boost::system::system_category());
  if (!ec) socket.non_blocking(true, ec);
  udp::udp::endpoint bound;
  if (!ec) bound = socket.local_endpoint(ec);
  if (ec) {
    std::string error = "TFTP on " + listen.toString() + ": " + ec.message();
    if (ec == boost::asio::error::access_denied && listen.port < 1024) {
      // Phones only ever ask port 69: the way out is a privilege, not another port.
      error += " (ports below 1024 need root or CAP_NET_BIND_SERVICE: `sudo setcap "
               "cap_net_bind_service=+ep switchboard`, or set [provisioning] tftp_listen = \"\" to go without)";
    }
    return fail(std::move(error));
  }
  std::unique_ptr<TftpServer> server(new TftpServer(io, timers, std::move(socket),
                                                    net::SocketAddress{bound.address(), bound.port()},
                                                    files, std::move(limits), std::move(observer)));
  server->receiveRequest();
  return server;
}

TftpServer::TftpServer(boost::asio::io_context& io, Timers& timers, udp::udp::socket socket,
                       net::SocketAddress local, FileSource& files, TftpLimits limits, Observer observer)
    : io_(io),
      timers_(timers),
      socket_(std::move(socket)),
      local_(local),
      files_(files),
      limits_(std::move(limits)),
      observer_(std::move(observer)) {}

TftpServer::~TftpServer() {
  alive_.reset();  // handlers still queued in the loop see this and do nothing
  boost::system::error_code ignored;
  socket_.close(ignored);
  for (auto& [id, transfer] : transfers_) {
    timers_.cancel(transfer->timer);
    transfer->socket.close(ignored);
  }
}

void TftpServer::receiveRequest() {
  std::weak_ptr<bool> alive = alive_;
  socket_.async_wait(udp::udp::socket::wait_read, [this, alive](const boost::system::error_code& ec) {
    if (alive.expired() || ec == boost::asio::error::operation_aborted) return;
    // Drain what is queued (a power cut brings every phone at once), a bounded number per wake
    // so that running transfers get their turn.
    for (int i = 0; i < 64; ++i) {
      const auto datagram = net::receiveDatagram(socket_.native_handle(), requestBuffer_);
      if (!datagram) break;
      requestSender_ = udp::udp::endpoint(datagram->from.ip, datagram->from.port);
      requestDestination_ = datagram->to;
      if (!datagram->truncated) {
        onRequest(datagram->size);
      } else {
        ++stats_.malformed;  // longer than any request: nothing sensible to answer
      }
    }
    receiveRequest();
  });
}

void TftpServer::replyFromListener(const udp::udp::endpoint& to, const std::string& packet) {
  net::sendDatagram(socket_.native_handle(),
                    std::span(reinterpret_cast<const std::uint8_t*>(packet.data()), packet.size()),
                    net::SocketAddress{to.address(), to.port()}, requestDestination_);
}

void TftpServer::refuse(const udp::udp::endpoint& to, const std::string& packet, TftpEvent event) {
  ++stats_.refused;
  replyFromListener(to, packet);
  SB_LOG_NOTICE("TFTP: refused {} to {}: {}", log::untrusted(event.file), event.peer.toString(), event.reason);
  if (observer_) observer_(event);
}

void TftpServer::onRequest(std::size_t size) {
  const udp::udp::endpoint from = requestSender_;
  const net::SocketAddress peer{from.address(), from.port()};
  // RFC 1350 §4: a packet that cannot be read gets an ERROR; one truncated by our buffer too.
  const auto packet = parse(std::span<const std::uint8_t>(requestBuffer_.data(), size));
  const auto* request = std::get_if<Request>(&packet);
  if (request == nullptr) {
    ++stats_.malformed;
    if (const auto* bad = std::get_if<Malformed>(&packet)) replyFromListener(from, errorPacket(bad->code, bad->reason));
    // A stray ACK or ERROR on the listening port concerns no transfer: nothing to answer.
    return;
  }
  ++stats_.requests;
  TftpEvent event{TftpEvent::Kind::Refused, text::sanitizeForLog(request->filename, 128), peer, 0, {}};
  if (request->opcode == Opcode::Wrq) {
    event.reason = "write request";
    refuse(from, errorPacket(ErrorCode::AccessViolation, "read only"), event);
    return;
  }
  if (request->mode != "octet" && request->mode != "netascii") {
    event.reason = "mode " + text::sanitizeForLog(request->mode, 16);
    refuse(from, errorPacket(ErrorCode::IllegalOperation, "mode not supported"), event);
    return;
  }
  const auto name = normalizeFileName(request->filename);
  if (!name) {
    event.reason = "name outside the served files";
    refuse(from, errorPacket(ErrorCode::AccessViolation, "access violation"), event);
    return;
  }
  auto file = files_.find(*name, peer);
  if (!file) {
    event.reason = "no such file";
    refuse(from, errorPacket(ErrorCode::FileNotFound, "file not found"), event);
    return;
  }
  event.file = file->name;
  const std::string addressKey = peer.ipString();
  if (transfers_.size() >= limits_.maxTransfers || perAddress_[addressKey] >= limits_.maxTransfersPerAddress) {
    event.reason = "too many transfers";
    refuse(from, errorPacket(ErrorCode::NotDefined, "server busy, try again"), event);
    return;
  }
  auto bytes = request->mode == "netascii" ? std::make_shared<const std::string>(toNetascii(*file->bytes))
                                           : file->bytes;
  auto negotiation = negotiate(request->options, bytes->size(), limits_.negotiation);
  if (!negotiation.settings) {
    event.reason = negotiation.refusal.message;
    refuse(from, errorPacket(negotiation.refusal.code, negotiation.refusal.message), event);
    return;
  }
  auto transfer = std::make_shared<Transfer>(io_, ReadTransfer(bytes, *negotiation.settings, limits_.maxRetries));
  boost::system::error_code ec;
  // RFC 1350 §4: the transfer's own port (TID), on the address the request came to.
  transfer->socket.open(from.protocol(), ec);
  if (!ec) transfer->socket.bind(udp::udp::endpoint(requestDestination_.value_or(local_.ip), 0), ec);
  if (!ec) transfer->socket.non_blocking(true, ec);
  if (ec) {
    event.reason = "no socket: " + ec.message();
    refuse(from, errorPacket(ErrorCode::NotDefined, "server busy, try again"), event);
    return;
  }
  transfer->id = nextId_++;
  transfer->peer = from;
  transfer->addressKey = addressKey;
  transfer->file = file->name;
  transfer->oack = oackPacket(negotiation.settings->acknowledged);
  ++perAddress_[addressKey];
  transfers_.emplace(transfer->id, transfer);
  SB_LOG_DEBUG("TFTP: sending {} ({} bytes, block {}, window {}) to {}", transfer->file, bytes->size(),
               negotiation.settings->blockSize, negotiation.settings->windowSize, peer.toString());
  const auto burst = transfer->machine.start();
  sendBurst(*transfer, burst.oack, burst.blocks);
  armTimer(transfer);
  receiveOn(transfer);
}

void TftpServer::sendBurst(Transfer& transfer, bool oack, const std::vector<std::uint64_t>& blocks) {
  const int fd = transfer.socket.native_handle();
  const auto* peer = transfer.peer.data();
  const auto peerLength = static_cast<socklen_t>(transfer.peer.size());
  if (oack) {
    ::sendto(fd, transfer.oack.data(), transfer.oack.size(), MSG_DONTWAIT, peer, peerLength);
    return;
  }
  // One header and one slice of the file per block: the payload is never copied.
  constexpr std::size_t kBatch = 64;
  std::array<std::array<std::uint8_t, 4>, kBatch> headers;
  std::array<std::array<iovec, 2>, kBatch> vectors;
  std::array<mmsghdr, kBatch> messages{};
  std::size_t next = 0;
  while (next < blocks.size()) {
    const std::size_t count = std::min(kBatch, blocks.size() - next);
    for (std::size_t i = 0; i < count; ++i) {
      const std::uint64_t block = blocks[next + i];
      writeDataHeader(headers[i].data(), ReadTransfer::wireNumber(block));
      const auto payload = transfer.machine.payload(block);
      vectors[i][0] = iovec{headers[i].data(), headers[i].size()};
      vectors[i][1] = iovec{const_cast<std::uint8_t*>(payload.data()), payload.size()};
      messages[i] = mmsghdr{};
      messages[i].msg_hdr.msg_name = const_cast<sockaddr*>(peer);
      messages[i].msg_hdr.msg_namelen = peerLength;
      messages[i].msg_hdr.msg_iov = vectors[i].data();
      messages[i].msg_hdr.msg_iovlen = payload.empty() ? 1 : 2;
    }
    const int sent = ::sendmmsg(fd, messages.data(), static_cast<unsigned>(count), MSG_DONTWAIT);
    // A full socket buffer (or any error) loses the rest of the window: the timeout resends it.
    if (sent <= 0) return;
    next += static_cast<std::size_t>(sent);
    if (static_cast<std::size_t>(sent) < count) return;
  }
}

void TftpServer::armTimer(const std::shared_ptr<Transfer>& transfer) {
  if (transfer->timer != TimerId{}) timers_.cancel(transfer->timer);
  std::weak_ptr<Transfer> weak = transfer;
  transfer->timer = timers_.schedule(std::chrono::duration_cast<Millis>(transfer->machine.settings().timeout),
                                     [this, weak] {
                                       auto t = weak.lock();
                                       if (!t || t->done) return;
                                       t->timer = TimerId{};
                                       const auto burst = t->machine.onTimeout();
                                       if (t->machine.state() == ReadTransfer::State::Failed) {
                                         boost::system::error_code ignored;
                                         const auto error = errorPacket(ErrorCode::NotDefined, "timed out");
                                         t->socket.send_to(boost::asio::buffer(error), t->peer, 0, ignored);
                                         finish(*t, TftpEvent::Kind::Failed, "no acknowledgement");
                                         return;
                                       }
                                       sendBurst(*t, burst.oack, burst.blocks);
                                       armTimer(t);
                                     });
}

void TftpServer::receiveOn(const std::shared_ptr<Transfer>& transfer) {
  // Wait, then drain: no speculative read right after each DATA (its ACK cannot be there yet),
  // which saves a system call per block in lock-step transfers.
  std::weak_ptr<bool> alive = alive_;
  transfer->socket.async_wait(
      boost::asio::socket_base::wait_read, [this, alive, transfer](const boost::system::error_code& ec) {
        if (alive.expired() || transfer->done || ec == boost::asio::error::operation_aborted) return;
        for (;;) {
          boost::system::error_code readError;
          const std::size_t size =
              transfer->socket.receive_from(boost::asio::buffer(transfer->buffer), transfer->sender, 0, readError);
          if (readError) break;  // would_block: drained
          onTransferDatagram(transfer, size);
          if (transfer->done) return;
        }
        receiveOn(transfer);
      });
}

void TftpServer::onTransferDatagram(const std::shared_ptr<Transfer>& transfer, std::size_t size) {
  if (transfer->sender != transfer->peer) {
    // RFC 1350 §4: a packet from another TID gets error 5; the transfer goes on undisturbed.
    boost::system::error_code ignored;
    transfer->socket.send_to(boost::asio::buffer(errorPacket(ErrorCode::UnknownTransferId, "unknown transfer id")),
                             transfer->sender, 0, ignored);
    return;
  }
  const auto packet = parse(std::span<const std::uint8_t>(transfer->buffer.data(), size));
  if (const auto* ack = std::get_if<Ack>(&packet)) {
    const auto burst = transfer->machine.onAck(ack->block);
    if (transfer->machine.state() == ReadTransfer::State::Complete) {
      finish(*transfer, TftpEvent::Kind::Completed, {});
      return;
    }
    if (!burst.oack && burst.blocks.empty()) return;  // an old or repeated ACK
    sendBurst(*transfer, burst.oack, burst.blocks);
    armTimer(transfer);
    return;
  }
  if (const auto* error = std::get_if<ErrorPacket>(&packet)) {
    // RFC 2347: a client that does not like our OACK answers with an ERROR; either way it is over.
    finish(*transfer, TftpEvent::Kind::Failed, "client error: " + error->message);
    return;
  }
  ++stats_.malformed;
  boost::system::error_code ignored;
  transfer->socket.send_to(boost::asio::buffer(errorPacket(ErrorCode::IllegalOperation, "illegal operation")),
                           transfer->peer, 0, ignored);
  finish(*transfer, TftpEvent::Kind::Failed, "illegal packet from the client");
}

void TftpServer::finish(Transfer& transfer, TftpEvent::Kind kind, std::string reason) {
  if (transfer.done) return;
  transfer.done = true;
  if (transfer.timer != TimerId{}) timers_.cancel(transfer.timer);
  transfer.timer = TimerId{};
  boost::system::error_code ignored;
  transfer.socket.close(ignored);
  if (auto it = perAddress_.find(transfer.addressKey); it != perAddress_.end() && --it->second == 0) {
    perAddress_.erase(it);
  }
  const net::SocketAddress peer{transfer.peer.address(), transfer.peer.port()};
  TftpEvent event{kind, transfer.file, peer, transfer.machine.bytesAcknowledged(), std::move(reason)};
  if (kind == TftpEvent::Kind::Completed) {
    ++stats_.completed;
    SB_LOG_VERBOSE("TFTP: sent {} to {} ({} bytes)", transfer.file, peer.toString(), event.bytes);
  } else {
    ++stats_.failed;
    SB_LOG_NOTICE("TFTP: transfer of {} to {} ended after {} bytes: {}", transfer.file, peer.toString(),
                  event.bytes, log::untrusted(event.reason));
  }
  // Last: the map holds the transfer's last owner but for the handler running now.
  const std::uint64_t id = transfer.id;
  if (observer_) observer_(event);
  transfers_.erase(id);
}

}  // namespace sb::tftp
