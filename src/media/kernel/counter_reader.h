// SPDX-License-Identifier: MIT
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "base/result.h"
#include "net/socket_address.h"

struct mnl_socket;

namespace sb::media::kernel {

// One element of the forwarder's streams map: a phone's source and our port it sends to, the
// packets the kernel counted from it, and the call's conntrack zone.
struct StreamCounter {
  net::SocketAddress source;
  std::uint16_t relayPort = 0;
  std::uint64_t packets = 0;
  std::uint64_t bytes = 0;  // IP datagrams, headers included
  std::uint16_t zone = 0;
};

// Reads the streams map's elements and counters straight from nf_tables over netlink (libnftnl):
// libnftables would print the whole map as text for us to parse again, about ten times the work,
// and this runs every second for every call the kernel carries.
class CounterReader {
 public:
  CounterReader();
  ~CounterReader();
  CounterReader(const CounterReader&) = delete;
  CounterReader& operator=(const CounterReader&) = delete;

  // Fails, saying why, when the kernel does not answer (no table, no permission).
  Result<std::vector<StreamCounter>> read(const std::string& table);

 private:
  mnl_socket* socket_ = nullptr;
  std::uint32_t portId_ = 0;
  std::uint32_t sequence_ = 0;
  std::vector<char> buffer_;
};

}  // namespace sb::media::kernel
