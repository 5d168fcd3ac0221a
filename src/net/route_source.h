// SPDX-License-Identifier: MIT
#pragma once
#include <boost/asio/ip/address.hpp>
#include <unordered_map>

namespace sb::net {

// Which local address the kernel would send from to reach a host. Needed when a socket is bound
// to 0.0.0.0 and a Via or Contact must name a real address. Asks the kernel (a connected UDP
// socket sends nothing) and remembers the answer; the cache is bounded and simply cleared when
// full.
class RouteSource {
 public:
  boost::asio::ip::address sourceFor(const boost::asio::ip::address& remote);

 private:
  std::unordered_map<std::string, boost::asio::ip::address> cache_;
};

}  // namespace sb::net
