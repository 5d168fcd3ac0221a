// SPDX-License-Identifier: MIT
// libFuzzer target for what the phones' HTTP server reads: the bytes go through Beast's request
// parser with the server's limits (8 KiB of headers, no body), as a connection would feed it, and
// a parsed request's target through our query decoding.
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <cstddef>
#include <cstdint>

#include "net/http/http_server.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  namespace bhttp = boost::beast::http;
  bhttp::request_parser<bhttp::empty_body> parser;
  parser.header_limit(8192);
  parser.body_limit(0);
  parser.eager(true);
  boost::beast::error_code ec;
  parser.put(boost::asio::buffer(data, size), ec);
  if (!ec && parser.is_header_done()) {
    const auto target = parser.get().target();
    (void)sb::http::parseTarget(std::string_view(target.data(), target.size()), {});
  }
  (void)sb::http::formDecode(std::string_view(reinterpret_cast<const char*>(data), size));
  return 0;
}
