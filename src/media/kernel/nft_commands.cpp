// SPDX-License-Identifier: MIT
#include "media/kernel/nft_commands.h"

#include <fmt/format.h>


namespace sb::media::kernel {

namespace {

std::string key(const net::SocketAddress& phone, const net::SocketAddress& relay) {
  return fmt::format("{} . {} . {}", phone.ipString(), phone.port, relay.port);
}

std::string target(const net::SocketAddress& address) {
  return fmt::format("{} . {}", address.ipString(), address.port);
}

}  // namespace

std::string tableName(std::uint16_t portMin) { return fmt::format("switchboard_rtp_{}", portMin); }

std::string clearCommands(std::string_view table) {
  // `table` first so that `delete` finds one; both run in one transaction.
  return fmt::format("table ip {0} {{}}\ndelete table ip {0}\n", table);
}

std::string rulesetCommands(std::string_view table) {
  return clearCommands(table) + fmt::format(
      "table ip {0} {{\n"
      // A size makes the kernel pick its fixed hash table over the resizable one: a cheaper
      // lookup, paid by every packet (at most 32768 calls, two elements each).
      "  map streams {{ typeof ip saddr . udp sport . udp dport : ct zone; size 65536; counter; }}\n"
      "  map dnat_to {{ type ipv4_addr . inet_service . inet_service : ipv4_addr . inet_service; size 65536; }}\n"
      "  map snat_to {{ type inet_service : ipv4_addr . inet_service; size 65536; }}\n"
      // Before conntrack (priority raw), so the zone is the one the entry is looked up in. What
      // comes in on loopback was sent on this host and had its zone set on the way out.
      "  chain zone_in {{ type filter hook prerouting priority raw; iif \"lo\" return; meta l4proto udp "
      "ct zone set ip saddr . udp sport . udp dport map @streams; }}\n"
      "  chain zone_local {{ type filter hook output priority raw; meta l4proto udp "
      "ct zone set ip saddr . udp sport . udp dport map @streams; }}\n"
      "  chain dnat_in {{ type nat hook prerouting priority dstnat; meta l4proto udp "
      "dnat to ip saddr . udp sport . udp dport map @dnat_to; }}\n"
      // Phones on this host: their packets take the output path.
      "  chain dnat_local {{ type nat hook output priority -100; meta l4proto udp "
      "dnat to ip saddr . udp sport . udp dport map @dnat_to; }}\n"
      // Only what dnat_to rewrote: a stranger's packet to the same port keeps its source.
      "  chain snat_out {{ type nat hook postrouting priority srcnat; ct status dnat meta l4proto udp "
      "snat to ct original proto-dst map @snat_to; }}\n"
      "}}\n",
      table);
}

std::string deleteTableCommand(std::string_view table) { return fmt::format("delete table ip {}\n", table); }

std::string installCommands(std::string_view table, std::uint16_t zone, const rtp::OffloadPath& p) {
  // The NAT maps first: the streams element is what sends packets into the new zone.
  return fmt::format(
      "add element ip {0} dnat_to {{ {1} : {2}, {3} : {4} }}\n"
      "add element ip {0} snat_to {{ {5} : {6}, {7} : {8} }}\n"
      "add element ip {0} streams {{ {1} : {9}, {3} : {9} }}\n",
      table, key(p.phoneA, p.relayA), target(p.phoneB), key(p.phoneB, p.relayB), target(p.phoneA),
      p.relayA.port, target(p.relayB), p.relayB.port, target(p.relayA), zone);
}

std::string removeCommands(std::string_view table, const rtp::OffloadPath& p) {
  return fmt::format(
      "delete element ip {0} streams {{ {1}, {2} }}\n"
      "delete element ip {0} dnat_to {{ {1}, {2} }}\n"
      "delete element ip {0} snat_to {{ {3}, {4} }}\n",
      table, key(p.phoneA, p.relayA), key(p.phoneB, p.relayB), p.relayA.port, p.relayB.port);
}

}  // namespace sb::media::kernel
