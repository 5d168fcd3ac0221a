// SPDX-License-Identifier: MIT
#include "admin/ctl_server.h"

#include <sys/stat.h>
#include <unistd.h>

#include <boost/asio/read_until.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/streambuf.hpp>
#include <boost/asio/write.hpp>
#include <memory>

namespace sb::admin {

namespace asio = boost::asio;
using stream = asio::local::stream_protocol;

namespace {

// One client connection: read one line (bounded in size and time), answer, close.
struct CtlSession : std::enable_shared_from_this<CtlSession> {
  CtlSession(stream::socket s, std::function<CtlReply(const CtlRequest&)> handler)
      : socket(std::move(s)), timer(socket.get_executor()), dispatch(std::move(handler)),
        buffer(kMaxCtlRequestBytes) {}

  void start() {
    auto self = shared_from_this();
    timer.expires_after(std::chrono::seconds(5));
    timer.async_wait([self](boost::system::error_code ec) {
      if (!ec) self->socket.close();
    });
    asio::async_read_until(socket, buffer, '\n', [self](boost::system::error_code ec, std::size_t n) {
      CtlReply reply;
      if (ec) {
        self->timer.cancel();
        return;
      }
      std::string line(asio::buffers_begin(self->buffer.data()),
                       asio::buffers_begin(self->buffer.data()) + static_cast<std::ptrdiff_t>(n));
      auto request = decodeRequest(line);
      reply = request ? self->dispatch(*request) : CtlReply{2, "malformed ctl request\n"};
      self->out = encodeReply(reply);
      asio::async_write(self->socket, asio::buffer(self->out),
                        [self](boost::system::error_code, std::size_t) {
                          self->timer.cancel();
                          boost::system::error_code ignored;
                          self->socket.shutdown(stream::socket::shutdown_both, ignored);
                        });
    });
  }

  stream::socket socket;
  asio::steady_timer timer;
  std::function<CtlReply(const CtlRequest&)> dispatch;
  asio::streambuf buffer;
  std::string out;
};

}  // namespace

CtlServer::CtlServer(asio::io_context& io, std::string socketPath)
    : io_(io), path_(std::move(socketPath)), acceptor_(io) {}

CtlServer::~CtlServer() {
  if (acceptor_.is_open()) {
    boost::system::error_code ignored;
    acceptor_.close(ignored);
    ::unlink(path_.c_str());
  }
}

Status CtlServer::start() {
  if (path_.size() >= sizeof(sockaddr_un::sun_path))
    return fail(path_ + ": path too long for a Unix socket (use a shorter data directory)");
  boost::system::error_code ec;
  {
    stream::socket probe(io_);
    probe.connect(stream::endpoint(path_), ec);
    if (!ec) return fail(path_ + ": another Switchboard is running on this data directory");
  }
  ::unlink(path_.c_str());
  // Created 0600 from the start: no window in which others could connect.
  const mode_t old = ::umask(0077);
  acceptor_.open(stream(), ec);
  if (!ec) acceptor_.bind(stream::endpoint(path_), ec);
  if (!ec) acceptor_.listen(16, ec);
  ::umask(old);
  if (ec) return fail(path_ + ": " + ec.message());
  ::chmod(path_.c_str(), 0600);
  addCommand("help", "lists the commands", [this](const CtlRequest&) {
    std::string out;
    for (const auto& [name, command] : commands_) out += name + "\t" + command.help + "\n";
    return CtlReply{0, out};
  });
  accept();
  return {};
}

void CtlServer::addCommand(std::string name, std::string help, Handler handler) {
  commands_[std::move(name)] = Command{std::move(help), std::move(handler)};
}

CtlReply CtlServer::dispatch(const CtlRequest& request) {
  auto it = commands_.find(request.command);
  if (it == commands_.end())
    return CtlReply{2, "unknown command '" + request.command + "' (try: switchboard ctl help)\n"};
  return it->second.handler(request);
}

void CtlServer::accept() {
  acceptor_.async_accept([this](boost::system::error_code ec, stream::socket socket) {
    if (ec == asio::error::operation_aborted) return;
    if (!ec) {
      std::make_shared<CtlSession>(std::move(socket), [this](const CtlRequest& r) { return dispatch(r); })
          ->start();
    }
    accept();
  });
}

}  // namespace sb::admin
