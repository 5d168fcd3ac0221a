// SPDX-License-Identifier: MIT
#pragma once
#include <cstdint>
#include <string>
#include <string_view>

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
// Removes the table if it exists (what a crashed run left).
std::string clearCommands(std::string_view table);
// Replaces any table of that name with the forwarder's, empty.
std::string rulesetCommands(std::string_view table);
std::string deleteTableCommand(std::string_view table);
std::string installCommands(std::string_view table, std::uint16_t zone, const rtp::OffloadPath& path);
std::string removeCommands(std::string_view table, const rtp::OffloadPath& path);

}  // namespace sb::media::kernel
