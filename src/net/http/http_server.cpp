// SPDX-License-Identifier: MIT
#include "net/http/http_server.h"

#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

#include "base/log.h"

namespace sb::http {

namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
using tcp = boost::asio::ip::tcp;

namespace {

int hexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

}  // namespace

Request parseTarget(std::string_view target, const net::SocketAddress& peer) {
  Request out;
  out.peer = peer;
  const auto question = target.find('?');
  out.path = formDecode(target.substr(0, question));
  if (question == std::string_view::npos) return out;
  std::string_view query = target.substr(question + 1);
  while (!query.empty()) {
    const auto amp = query.find('&');
    const std::string_view pair = query.substr(0, amp);
    query = amp == std::string_view::npos ? std::string_view{} : query.substr(amp + 1);
    const auto eq = pair.find('=');
    if (pair.empty() || out.query.size() >= 16) continue;
    out.query[formDecode(pair.substr(0, eq))] = eq == std::string_view::npos ? "" : formDecode(pair.substr(eq + 1));
  }
  return out;
}

std::string formDecode(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '+') {
      out.push_back(' ');
    } else if (text[i] == '%' && i + 2 < text.size() && hexValue(text[i + 1]) >= 0 && hexValue(text[i + 2]) >= 0) {
      out.push_back(static_cast<char>(hexValue(text[i + 1]) * 16 + hexValue(text[i + 2])));
      i += 2;
    } else {
      out.push_back(text[i]);
    }
  }
  return out;
}

class HttpServer::Session : public std::enable_shared_from_this<Session> {
 public:
  Session(tcp::socket socket, const Handler& handler, const HttpLimits& limits, std::shared_ptr<std::size_t> open,
          std::weak_ptr<bool> alive)
      : stream_(std::move(socket)), handler_(handler), limits_(limits), open_(std::move(open)), alive_(std::move(alive)) {
    ++*open_;
    boost::system::error_code ec;
    const auto remote = stream_.socket().remote_endpoint(ec);
    if (!ec) peer_ = net::SocketAddress{remote.address(), remote.port()};
  }
  ~Session() { --*open_; }

  void start() { read(); }

 private:
  void read() {
    parser_.emplace();
    parser_->header_limit(limits_.headerBytes);
    parser_->body_limit(0);
    stream_.expires_after(limits_.idle);
    bhttp::async_read(stream_, buffer_, *parser_,
                      [self = shared_from_this()](beast::error_code ec, std::size_t) { self->onRead(ec); });
  }

  void onRead(beast::error_code ec) {
    if (alive_.expired()) return;
    if (ec == bhttp::error::end_of_stream || ec == beast::error::timeout || ec == boost::asio::error::eof ||
        ec == boost::asio::error::connection_reset || ec == boost::asio::error::operation_aborted) {
      close();
      return;
    }
    if (ec) {
      // Unreadable: RFC 9112 §2.2 lets a server answer 400 and close.
      Response bad{400, "text/plain", "Bad Request\n", {}};
      write(bad, false, false);
      return;
    }
    const auto& request = parser_->get();
    if (request.method() != bhttp::verb::get && request.method() != bhttp::verb::head) {
      Response notAllowed{405, "text/plain", "Method Not Allowed\n", {{"Allow", "GET, HEAD"}}};
      write(notAllowed, false, false);
      return;
    }
    Response response;
    try {
      response = handler_(parseTarget(std::string_view(request.target().data(), request.target().size()), peer_));
    } catch (const std::exception& e) {
      SB_LOG_ERROR("HTTP handler failed: {}", e.what());
      response = Response{500, "text/plain", "Internal Server Error\n", {}};
    }
    ++served_;
    const bool keepAlive = request.keep_alive() && served_ < limits_.requestsPerConnection;
    write(response, keepAlive, request.method() == bhttp::verb::head);
  }

  void write(const Response& response, bool keepAlive, bool headOnly) {
    auto message = std::make_shared<bhttp::response<bhttp::string_body>>();
    message->version(11);
    message->result(response.status);
    message->set(bhttp::field::server, "Switchboard");
    message->set(bhttp::field::content_type, response.contentType);
    message->set(bhttp::field::cache_control, "no-store");
    for (const auto& [name, value] : response.headers) message->set(name, value);
    message->body() = headOnly ? std::string{} : response.body;
    message->prepare_payload();
    if (headOnly) message->content_length(response.body.size());
    message->keep_alive(keepAlive);
    stream_.expires_after(limits_.idle);
    bhttp::async_write(stream_, *message,
                       [self = shared_from_this(), message, keepAlive](beast::error_code ec, std::size_t) {
                         if (self->alive_.expired()) return;
                         if (ec || !keepAlive) {
                           self->close();
                           return;
                         }
                         self->read();
                       });
  }

  void close() {
    beast::error_code ignored;
    stream_.socket().shutdown(tcp::socket::shutdown_send, ignored);
    stream_.close();
  }

  beast::tcp_stream stream_;
  beast::flat_buffer buffer_;
  std::optional<bhttp::request_parser<bhttp::empty_body>> parser_;
  const Handler& handler_;
  const HttpLimits& limits_;
  std::shared_ptr<std::size_t> open_;
  std::weak_ptr<bool> alive_;
  net::SocketAddress peer_;
  unsigned served_ = 0;
};

Result<std::unique_ptr<HttpServer>> HttpServer::open(boost::asio::io_context& io, const net::SocketAddress& listen,
                                                     Handler handler, HttpLimits limits) {
  tcp::acceptor acceptor(io);
  const tcp::endpoint endpoint(listen.ip, listen.port);
  boost::system::error_code ec;
  acceptor.open(endpoint.protocol(), ec);
  if (!ec) acceptor.set_option(tcp::acceptor::reuse_address(true), ec);
  if (!ec) acceptor.bind(endpoint, ec);
  if (!ec) acceptor.listen(boost::asio::socket_base::max_listen_connections, ec);
  tcp::endpoint bound;
  if (!ec) bound = acceptor.local_endpoint(ec);
  if (ec) return fail("HTTP on " + listen.toString() + ": " + ec.message());
  std::unique_ptr<HttpServer> server(new HttpServer(std::move(acceptor), net::SocketAddress{bound.address(), bound.port()},
                                                    std::move(handler), limits));
  server->accept();
  return server;
}

HttpServer::HttpServer(tcp::acceptor acceptor, net::SocketAddress local, Handler handler, HttpLimits limits)
    : acceptor_(std::move(acceptor)), local_(local), handler_(std::move(handler)), limits_(limits) {}

HttpServer::~HttpServer() {
  alive_.reset();
  boost::system::error_code ignored;
  acceptor_.close(ignored);
}

void HttpServer::accept() {
  std::weak_ptr<bool> alive = alive_;
  acceptor_.async_accept([this, alive](boost::system::error_code ec, tcp::socket socket) {
    if (alive.expired() || ec == boost::asio::error::operation_aborted) return;
    if (!ec) {
      if (*open_ >= limits_.maxConnections) {
        boost::system::error_code ignored;
        socket.close(ignored);  // full: the client tries again
      } else {
        std::make_shared<Session>(std::move(socket), handler_, limits_, open_, alive_)->start();
      }
    }
    accept();
  });
}

}  // namespace sb::http
