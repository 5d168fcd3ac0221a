// SPDX-License-Identifier: MIT
#include "sip/transport/udp_listener.h"

#include <sys/socket.h>

#include <cerrno>
#include <cstring>

#include "net/datagram_destination.h"

namespace sb::sip {

namespace {

constexpr std::size_t kBatch = 16;               // datagrams per recvmmsg call
constexpr std::size_t kSlotBytes = 65535;        // the largest datagram SIP allows
constexpr std::size_t kMaxBatchesPerWake = 64;   // then yield to other sockets and timers
// Answers queued while a received batch is delivered: one per request, and room for requests
// answered twice at once (an INVITE's 100 Trying and a quick final answer).
constexpr std::size_t kSendBatch = 2 * kBatch;
constexpr int kReceiveBufferBytes = 4 << 20;     // absorbs bursts (a reboot of every phone)

// The kernel clamps SO_RCVBUF to net.core.rmem_max; SO_RCVBUFFORCE passes that cap when we run
// with CAP_NET_ADMIN. Either failing is harmless: the default buffer still works.
void enlargeReceiveBuffer(int fd) {
  int bytes = kReceiveBufferBytes;
  if (::setsockopt(fd, SOL_SOCKET, SO_RCVBUFFORCE, &bytes, sizeof bytes) == 0) return;
  ::setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &bytes, sizeof bytes);
}

}  // namespace

Result<std::shared_ptr<UdpListener>> UdpListener::open(boost::asio::io_context& io,
                                               const net::SocketAddress& address,
                                               const TransportLimits& limits,
                                               TransportStats& stats, Deliver deliver) {
  using boost::asio::ip::udp;
  const udp::endpoint endpoint(address.ip, address.port);
  udp::socket socket(io);
  boost::system::error_code ec;
  socket.open(endpoint.protocol(), ec);
  // One socket per family: a v6 socket must not also take v4 (mapped addresses would then need
  // unmapping in every Flow and Via comparison).
  if (!ec && address.ip.is_v6()) socket.set_option(boost::asio::ip::v6_only(true), ec);
  if (!ec) socket.bind(endpoint, ec);
  if (!ec) socket.non_blocking(true, ec);
  if (ec) {
    return fail(ec.message());
  }
  enlargeReceiveBuffer(socket.native_handle());
  // On a wildcard address every datagram reports which of the host's addresses it came to:
  // answers and requests along that flow leave from it (a phone's NAT lets in only packets from
  // the address it sent to; a stateful firewall likewise).
  if (address.ip.is_unspecified() && !net::reportDestinations(socket.native_handle(), address.ip.is_v6())) {
    return fail(std::string("cannot learn destination addresses: ") + std::strerror(errno));
  }
  const auto bound = socket.local_endpoint(ec);
  if (ec) {
    return fail(ec.message());
  }
  return std::make_shared<UdpListener>(std::move(socket),
                                       net::SocketAddress{bound.address(), bound.port()}, limits,
                                       stats, std::move(deliver));
}

UdpListener::UdpListener(boost::asio::ip::udp::socket socket, net::SocketAddress local,
                         const TransportLimits& limits, TransportStats& stats, Deliver deliver)
    : socket_(std::move(socket)),
      local_(local),
      limits_(limits),
      stats_(stats),
      deliver_(std::move(deliver)),
      storage_(kBatch * kSlotBytes),
      headers_(kBatch),
      vectors_(kBatch),
      sources_(kBatch),
      wildcard_(local.ip.is_unspecified()),
      controls_(wildcard_ ? kBatch * net::kDestinationControlSize : 0),
      outgoing_(kSendBatch) {}

void UdpListener::start() { waitReadable(); }

void UdpListener::close() {
  if (closed_) return;
  closed_ = true;
  boost::system::error_code ignored;
  socket_.close(ignored);
}

void UdpListener::waitReadable() {
  socket_.async_wait(boost::asio::socket_base::wait_read,
                     [self = shared_from_this()](const boost::system::error_code& ec) {
                       if (self->closed_) return;
                       if (ec == boost::asio::error::operation_aborted) return;
                       self->drain();
                       if (!self->closed_) self->waitReadable();
                     });
}

void UdpListener::drain() {
  for (std::size_t round = 0; round < kMaxBatchesPerWake && !closed_; ++round) {
    for (std::size_t i = 0; i < kBatch; ++i) {
      vectors_[i] = iovec{storage_.data() + i * kSlotBytes, kSlotBytes};
      std::memset(&headers_[i], 0, sizeof(mmsghdr));
      headers_[i].msg_hdr.msg_iov = &vectors_[i];
      headers_[i].msg_hdr.msg_iovlen = 1;
      headers_[i].msg_hdr.msg_name = &sources_[i];
      headers_[i].msg_hdr.msg_namelen = sizeof(sockaddr_storage);
      if (wildcard_) {
        headers_[i].msg_hdr.msg_control = controls_.data() + i * net::kDestinationControlSize;
        headers_[i].msg_hdr.msg_controllen = net::kDestinationControlSize;
      }
    }
    const int count =
        ::recvmmsg(socket_.native_handle(), headers_.data(), kBatch, MSG_DONTWAIT, nullptr);
    if (count <= 0) {
      // EAGAIN: drained. Other errors on UDP (an ICMP port unreachable reported as
      // ECONNREFUSED, ENOMEM) concern one datagram, never the socket: wait for the next one.
      if (count < 0 && errno == EINTR) continue;
      return;
    }
    // Whatever the receiver answers meanwhile leaves in one sendmmsg once the batch is
    // delivered, even if delivering it throws.
    struct Delivering {
      UdpListener& listener;
      explicit Delivering(UdpListener& l) : listener(l) { listener.delivering_ = true; }
      ~Delivering() {
        listener.delivering_ = false;
        listener.sendQueued();
      }
      Delivering(const Delivering&) = delete;
      Delivering& operator=(const Delivering&) = delete;
    } delivering(*this);
    for (int i = 0; i < count && !closed_; ++i) {
      const auto& header = headers_[static_cast<std::size_t>(i)];
      const std::string_view datagram(storage_.data() + static_cast<std::size_t>(i) * kSlotBytes,
                                      header.msg_len);
      net::SocketAddress local = local_;
      if (wildcard_) {
        if (auto to = net::replyAddressOf(header.msg_hdr)) local.ip = *to;
      }
      deliverOne(datagram, sources_[static_cast<std::size_t>(i)], header.msg_hdr.msg_namelen,
                 (header.msg_hdr.msg_flags & MSG_TRUNC) != 0, local);
    }
    if (static_cast<std::size_t>(count) < kBatch) return;  // the queue is empty for now
  }
}

void UdpListener::deliverOne(std::string_view datagram, const sockaddr_storage& from,
                             socklen_t fromLength, bool truncated, const net::SocketAddress& local) {
  boost::asio::ip::udp::endpoint source;
  if (fromLength == 0 || fromLength > source.capacity()) return;
  std::memcpy(source.data(), &from, fromLength);
  source.resize(fromLength);
  ++stats_.datagramsIn;
  stats_.bytesIn += datagram.size();
  if (truncated || datagram.size() > limits_.maxMessageBytes) {
    ++stats_.oversizeDropped;
    return;
  }
  if (datagram.empty()) return;
  // RFC 5626 §4.4.1 / §3.5.1: UDP keepalives from phones are bare CRLFs (the STUN form is
  // for outbound flows we do not use). They need no answer and are not messages.
  if (datagram.find_first_not_of("\r\n") == std::string_view::npos) {
    ++stats_.keepalivesIn;
    return;
  }
  deliver_(datagram, net::Flow{net::TransportKind::Udp,
                               net::SocketAddress{source.address(), source.port()}, local, 0});
}

bool UdpListener::sendWithReceivedBatch(const net::SocketAddress& to, std::string_view bytes,
                                        const boost::asio::ip::address& from) {
  if (!delivering_ || closed_) return sendTo(to, bytes, from);
  outgoing_.add(to, bytes, wildcard_ ? from : boost::asio::ip::address{});
  if (outgoing_.full()) sendQueued();
  return true;
}

void UdpListener::sendQueued() {
  if (outgoing_.empty()) return;
  if (closed_) {
    stats_.sendFailures += outgoing_.discard();
    return;
  }
  const auto outcome = outgoing_.send(socket_.native_handle());
  stats_.datagramsOut += outcome.sent;
  stats_.bytesOut += outcome.bytesSent;
  stats_.sendFailures += outcome.failed;
}

bool UdpListener::sendTo(const net::SocketAddress& to, std::string_view bytes,
                         const boost::asio::ip::address& from) {
  if (closed_) return false;
  // Datagrams leave in the order they were sent: what waits for the batch goes first.
  sendQueued();
  if (wildcard_ && !from.is_unspecified()) {
    // would_block included: UDP may lose packets; retransmission covers it
    if (!net::sendDatagram(socket_.native_handle(),
                           std::span(reinterpret_cast<const std::uint8_t*>(bytes.data()), bytes.size()),
                           to, from))
      return false;
  } else {
    boost::system::error_code ec;
    socket_.send_to(boost::asio::buffer(bytes.data(), bytes.size()),
                    boost::asio::ip::udp::endpoint(to.ip, to.port), 0, ec);
    if (ec) return false;  // would_block included: UDP may lose packets; retransmission covers it
  }
  ++stats_.datagramsOut;
  stats_.bytesOut += bytes.size();
  return true;
}

}  // namespace sb::sip
