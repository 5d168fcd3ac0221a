// SPDX-License-Identifier: MIT
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "media/rtp/offload.h"

namespace sb::media::kernel {

// The nftables text the kernel forwarder runs (decision 0013). Pure functions: no netlink here.
//
// One table per relay (named after its first port, so a restart replaces what a crashed run
// left). For each offloaded call, keyed by each phone's latched source and our port it sends to:
//   streams:  source . sport . our port -> a conntrack zone of the call's own, and a counter;
//   dnat_to:  the same key -> the other phone's address and port;
//   snat_to:  our port -> our other leg's address and port (the source the other phone expects).
// The first packet of a call in its zone makes a conntrack entry that both NATs; the other
// phone's packets are that entry's replies. A zone per installation keeps an entry of an earlier
// path (same source and port, other destination) from catching the packets of a new one; such
// entries just time out. Packets that match no element reach the relay's sockets untouched.
std::string tableName(std::uint16_t portMin);
// Replaces any table of that name with an empty one.
std::string rulesetCommands(std::string_view table);
std::string deleteTableCommand(std::string_view table);
std::string installCommands(std::string_view table, std::uint16_t zone, const rtp::OffloadPath& path);
std::string removeCommands(std::string_view table, const rtp::OffloadPath& path);
std::string listCountersCommand(std::string_view table);

// One element of the streams map as `nft list map` prints it.
struct StreamCounter {
  std::string source;  // the phone's address, as printed
  std::uint16_t sourcePort = 0;
  std::uint16_t relayPort = 0;
  std::uint64_t packets = 0;
  std::uint64_t bytes = 0;  // IP datagrams, headers included
  std::uint16_t zone = 0;
};
// Reads the elements out of `nft list map ... streams`; nullopt when the text is not such a listing.
std::optional<std::vector<StreamCounter>> parseCounters(std::string_view listing);

}  // namespace sb::media::kernel
