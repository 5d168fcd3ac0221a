// SPDX-License-Identifier: MIT
#include "net/route_source.h"

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/udp.hpp>

namespace sb::net {

boost::asio::ip::address RouteSource::sourceFor(const boost::asio::ip::address& remote) {
  const std::string key = remote.to_string();
  if (auto it = cache_.find(key); it != cache_.end()) return it->second;
  if (cache_.size() >= 4096) cache_.clear();
  boost::asio::io_context io;
  boost::asio::ip::udp::socket socket(io);
  boost::system::error_code ec;
  socket.open(remote.is_v4() ? boost::asio::ip::udp::v4() : boost::asio::ip::udp::v6(), ec);
  if (!ec) socket.connect({remote, 9}, ec);  // UDP connect only picks a route; nothing is sent
  boost::asio::ip::address source;
  if (!ec) source = socket.local_endpoint(ec).address();
  if (ec) source = remote.is_v4() ? boost::asio::ip::address(boost::asio::ip::address_v4::loopback())
                                  : boost::asio::ip::address(boost::asio::ip::address_v6::loopback());
  cache_.emplace(key, source);
  return source;
}

}  // namespace sb::net
