// SPDX-License-Identifier: MIT
#pragma once
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "base/result.h"
#include "net/socket_address.h"

namespace sb::http {

// One GET (or HEAD) as the handler sees it: the path and the %-decoded query parameters.
struct Request {
  std::string path;
  std::map<std::string, std::string> query;
  net::SocketAddress peer;
};

struct Response {
  unsigned status = 200;
  std::string contentType = "text/xml; charset=ISO-8859-1";
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;  // e.g. Refresh
};

struct HttpLimits {
  std::size_t maxConnections = 256;
  std::uint32_t headerBytes = 8192;  // request line and headers
  std::chrono::seconds idle{10};     // a request must arrive whole within this (slow clients)
  unsigned requestsPerConnection = 100;
};

// A small HTTP/1.1 server (Boost.Beast) that hands each request to one handler (provisioning
// serves the phones' XML services and logo through it): GET and HEAD only, no request body,
// bounded headers and time per request, keep-alive. A request it cannot read gets 400, another
// method 405, and the connection closes; nothing a client sends can block the event loop or grow
// memory without bound.
class HttpServer {
 public:
  using Handler = std::function<Response(const Request&)>;

  static Result<std::unique_ptr<HttpServer>> open(boost::asio::io_context& io, const net::SocketAddress& listen,
                                                  Handler handler, HttpLimits limits = {});
  ~HttpServer();
  HttpServer(const HttpServer&) = delete;
  HttpServer& operator=(const HttpServer&) = delete;

  const net::SocketAddress& localAddress() const { return local_; }

 private:
  class Session;
  HttpServer(boost::asio::ip::tcp::acceptor acceptor, net::SocketAddress local, Handler handler, HttpLimits limits);
  void accept();

  boost::asio::ip::tcp::acceptor acceptor_;
  net::SocketAddress local_;
  Handler handler_;
  HttpLimits limits_;
  std::shared_ptr<std::size_t> open_ = std::make_shared<std::size_t>(0);  // live sessions
  std::shared_ptr<bool> alive_ = std::make_shared<bool>(true);
};

// "a%20b+c" -> "a b c" (application/x-www-form-urlencoded, as the phones' input forms send).
std::string formDecode(std::string_view text);
// A request target ("/path?a=1&b=x+y") as the handler sees it: path and query decoded, at most
// 16 parameters kept.
Request parseTarget(std::string_view target, const net::SocketAddress& peer);

}  // namespace sb::http
