// SPDX-License-Identifier: MIT
#pragma once
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/udp.hpp>
#include <boost/asio/ip/v6_only.hpp>
#include <array>
#include <cstdint>
#include <string_view>
#include <vector>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>

#include "base/result.h"
#include "base/timer_queue.h"
#include "net/socket_address.h"
#include "provisioning/tftp/file_source.h"
#include "provisioning/tftp/tftp_options.h"

namespace sb::tftp {

struct TftpLimits {
  // At once, all clients together: each holds a socket and a timer for at most its retries.
  std::size_t maxTransfers = 4096;
  // At once, from one IP address: an office behind one NAT rebooting every phone at once fits.
  std::size_t maxTransfersPerAddress = 1024;
  int maxRetries = 5;                      // timeouts in a row before a transfer is given up
  NegotiationLimits negotiation;
};

struct TftpStats {
  std::uint64_t requests = 0;
  std::uint64_t completed = 0;
  std::uint64_t failed = 0;    // timed out, or the client sent an error
  std::uint64_t refused = 0;   // answered with an error before any data
  std::uint64_t malformed = 0;
};

// What happened to a request, for the log and for `ctl phones` (which files a phone fetched).
struct TftpEvent {
  enum class Kind : std::uint8_t { Completed, Failed, Refused };
  Kind kind = Kind::Completed;
  std::string file;  // as asked for (sanitized), or as served when found
  net::SocketAddress peer;
  std::uint64_t bytes = 0;
  std::string reason;
};

// A read-only TFTP server (RFC 1350; options RFC 2347/2348/2349 and RFC 7440 windowsize) on the
// event loop. Every transfer gets its own socket (a new transfer ID, RFC 1350 §4) and its own
// retransmission timer; DATA goes out with sendmmsg straight from the shared file bytes (a header
// and a slice per block, no copy). Write requests and names outside the sources are refused
// with an ERROR packet; a datagram from a stranger to a transfer's port gets error 5 and leaves
// the transfer alone.
class TftpServer {
 public:
  using Observer = std::function<void(const TftpEvent&)>;

  static Result<std::unique_ptr<TftpServer>> open(boost::asio::io_context& io, Timers& timers,
                                                  const net::SocketAddress& listen, FileSource& files,
                                                  TftpLimits limits, Observer observer);
  ~TftpServer();
  TftpServer(const TftpServer&) = delete;
  TftpServer& operator=(const TftpServer&) = delete;

  const net::SocketAddress& localAddress() const { return local_; }
  const TftpStats& stats() const { return stats_; }
  std::size_t activeTransfers() const { return transfers_.size(); }

 private:
  struct Transfer;
  TftpServer(boost::asio::io_context& io, Timers& timers, boost::asio::ip::udp::socket socket,
             net::SocketAddress local, FileSource& files, TftpLimits limits, Observer observer);

  void receiveRequest();
  void onRequest(std::size_t size);
  void refuse(const boost::asio::ip::udp::endpoint& to, const std::string& packet, TftpEvent event);
  // An ERROR from the listening port, from the address the request was sent to.
  void replyFromListener(const boost::asio::ip::udp::endpoint& to, const std::string& packet);
  void receiveOn(const std::shared_ptr<Transfer>& transfer);
  void onTransferDatagram(const std::shared_ptr<Transfer>& transfer, std::size_t size);
  void sendBurst(Transfer& transfer, bool oack, const std::vector<std::uint64_t>& blocks);
  void armTimer(const std::shared_ptr<Transfer>& transfer);
  void finish(Transfer& transfer, TftpEvent::Kind kind, std::string reason);

  boost::asio::io_context& io_;
  Timers& timers_;
  boost::asio::ip::udp::socket socket_;
  net::SocketAddress local_;
  FileSource& files_;
  TftpLimits limits_;
  Observer observer_;
  TftpStats stats_;
  std::array<std::uint8_t, 2048> requestBuffer_{};
  boost::asio::ip::udp::endpoint requestSender_;
  // Which of the host's addresses the current request was sent to (wildcard listeners only).
  std::optional<boost::asio::ip::address> requestDestination_;
  std::unordered_map<std::uint64_t, std::shared_ptr<Transfer>> transfers_;
  std::unordered_map<std::string, std::size_t> perAddress_;
  std::uint64_t nextId_ = 1;
  std::shared_ptr<bool> alive_ = std::make_shared<bool>(true);
};

// RFC 1350 netascii (RFC 764): LF becomes CR LF and a lone CR becomes CR NUL.
std::string toNetascii(std::string_view bytes);

}  // namespace sb::tftp
