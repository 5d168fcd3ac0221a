// SPDX-License-Identifier: MIT
#include "net/http/http_server.h"

#include <gtest/gtest.h>

#include <boost/asio/connect.hpp>
#include <boost/asio/read.hpp>
#include <boost/asio/write.hpp>
#include <chrono>
#include <string>

namespace sb::http {
namespace {

using namespace std::chrono_literals;
using tcp = boost::asio::ip::tcp;

TEST(HttpFormDecode, decodes_plus_and_percent_escapes_and_keeps_broken_escapes) {
  EXPECT_EQ(formDecode("a%20b+c"), "a b c");
  EXPECT_EQ(formDecode("100%25"), "100%");
  EXPECT_EQ(formDecode("%4"), "%4");
  EXPECT_EQ(formDecode("%zz"), "%zz");
}

TEST(HttpParseTarget, splits_path_and_decoded_query) {
  const auto peer = *net::SocketAddress::parse("192.0.2.7:4000");
  const Request r = parseTarget("/cisco/directory/list?q=ann+b&page=2&flag", peer);
  EXPECT_EQ(r.path, "/cisco/directory/list");
  EXPECT_EQ(r.query.at("q"), "ann b");
  EXPECT_EQ(r.query.at("page"), "2");
  EXPECT_EQ(r.query.at("flag"), "");
  EXPECT_EQ(r.peer, peer);
}

TEST(HttpParseTarget, keeps_at_most_sixteen_parameters) {
  std::string target = "/p?";
  // Appended piece by piece: "k" + std::to_string(i) trips GCC 12's -O3 -Wrestrict false
  // positive (bug 105651, decision 0015).
  for (int i = 0; i < 40; ++i) target.append("k").append(std::to_string(i)).append("=v&");
  EXPECT_EQ(parseTarget(target, {}).query.size(), 16u);
}

// One request over loopback, read until the server closes (Connection: close).
class HttpServerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto opened = HttpServer::open(io_, *net::SocketAddress::parse("127.0.0.1:0"), [this](const Request& request) {
      seen_ = request;
      return Response{200, "text/plain", "hello " + request.path, {{"Refresh", "5"}}};
    });
    ASSERT_TRUE(opened.ok()) << opened.error();
    server_ = std::move(*opened);
  }

  std::string exchange(const std::string& request) {
    tcp::socket client(io_);
    std::string reply;
    std::array<char, 1024> chunk{};
    client.async_connect(tcp::endpoint(server_->localAddress().ip, server_->localAddress().port),
                         [&](boost::system::error_code ec) {
                           ASSERT_FALSE(ec) << ec.message();
                           boost::asio::async_write(client, boost::asio::buffer(request),
                                                    [](boost::system::error_code, std::size_t) {});
                           readSome(client, chunk, reply);
                         });
    io_.run_for(2s);
    return reply;
  }

  void readSome(tcp::socket& client, std::array<char, 1024>& chunk, std::string& reply) {
    client.async_read_some(boost::asio::buffer(chunk), [&](boost::system::error_code ec, std::size_t n) {
      reply.append(chunk.data(), n);
      if (ec) {
        io_.stop();
        return;
      }
      readSome(client, chunk, reply);
    });
  }

  boost::asio::io_context io_;
  std::unique_ptr<HttpServer> server_;
  Request seen_;
};

TEST_F(HttpServerTest, answers_a_get_through_the_handler) {
  const auto reply = exchange("GET /x?a=1 HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n");
  EXPECT_EQ(reply.rfind("HTTP/1.1 200 OK\r\n", 0), 0u) << reply;
  EXPECT_NE(reply.find("Content-Type: text/plain\r\n"), std::string::npos) << reply;
  EXPECT_NE(reply.find("Refresh: 5\r\n"), std::string::npos) << reply;
  EXPECT_NE(reply.find("\r\n\r\nhello /x"), std::string::npos) << reply;
  EXPECT_EQ(seen_.query.at("a"), "1");
  EXPECT_TRUE(seen_.peer.ip.is_loopback());
}

TEST_F(HttpServerTest, answers_head_with_the_length_but_no_body) {
  const auto reply = exchange("HEAD /abc HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n");
  EXPECT_EQ(reply.rfind("HTTP/1.1 200 OK\r\n", 0), 0u) << reply;
  EXPECT_NE(reply.find("Content-Length: 10\r\n"), std::string::npos) << reply;
  EXPECT_EQ(reply.substr(reply.find("\r\n\r\n") + 4), "");
}

TEST_F(HttpServerTest, refuses_other_methods_with_405_and_allow) {
  const auto reply = exchange("POST /x HTTP/1.1\r\nHost: t\r\nContent-Length: 0\r\n\r\n");
  EXPECT_EQ(reply.rfind("HTTP/1.1 405 Method Not Allowed\r\n", 0), 0u) << reply;
  EXPECT_NE(reply.find("Allow: GET, HEAD\r\n"), std::string::npos) << reply;
  EXPECT_TRUE(seen_.path.empty());
}

TEST_F(HttpServerTest, answers_an_unreadable_request_400) {
  const auto reply = exchange("GARBAGE\r\n\r\n");
  EXPECT_EQ(reply.rfind("HTTP/1.1 400 Bad Request\r\n", 0), 0u) << reply;
}

}  // namespace
}  // namespace sb::http
