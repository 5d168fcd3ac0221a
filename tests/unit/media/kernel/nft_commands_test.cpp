// SPDX-License-Identifier: MIT
#include "media/kernel/nft_commands.h"

#include <gtest/gtest.h>

namespace sb::media::kernel {
namespace {

net::SocketAddress at(const char* ip, std::uint16_t port) { return {boost::asio::ip::make_address(ip), port}; }

const rtp::OffloadPath kPath{at("192.0.2.10", 5000), at("198.51.100.1", 10000), at("203.0.113.7", 6000),
                             at("198.51.100.1", 10002)};

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

TEST(NftCommands, the_table_is_named_after_the_relays_first_port) {
  EXPECT_EQ(tableName(10000), "switchboard_rtp_10000");
}

TEST(NftCommands, the_ruleset_replaces_a_table_left_by_an_earlier_run) {
  const auto text = rulesetCommands("t");
  EXPECT_EQ(text.find("table ip t {}\ndelete table ip t\n"), 0u);
  EXPECT_TRUE(contains(text, "ct zone set ip saddr . udp sport . udp dport map @streams"));
  EXPECT_TRUE(contains(text, "ct status dnat meta l4proto udp snat to ct original proto-dst map @snat_to"));
}

TEST(NftCommands, installing_maps_each_phones_source_to_the_other_phone_in_one_zone) {
  const auto text = installCommands("t", 7, kPath);
  EXPECT_TRUE(contains(text, "add element ip t dnat_to { 192.0.2.10 . 5000 . 10000 : 203.0.113.7 . 6000, "
                             "203.0.113.7 . 6000 . 10002 : 192.0.2.10 . 5000 }\n"));
  EXPECT_TRUE(contains(text, "add element ip t snat_to { 10000 : 198.51.100.1 . 10002, 10002 : 198.51.100.1 . 10000 }\n"));
  EXPECT_TRUE(contains(text, "add element ip t streams { 192.0.2.10 . 5000 . 10000 : 7, 203.0.113.7 . 6000 . 10002 : 7 }\n"));
  // The NAT elements exist before packets are sent into the zone.
  EXPECT_LT(text.find("dnat_to"), text.find("streams"));
  EXPECT_LT(text.find("snat_to"), text.find("streams"));
}

TEST(NftCommands, removing_deletes_what_installing_added) {
  const auto text = removeCommands("t", kPath);
  EXPECT_TRUE(contains(text, "delete element ip t streams { 192.0.2.10 . 5000 . 10000, 203.0.113.7 . 6000 . 10002 }\n"));
  EXPECT_TRUE(contains(text, "delete element ip t dnat_to { 192.0.2.10 . 5000 . 10000, 203.0.113.7 . 6000 . 10002 }\n"));
  EXPECT_TRUE(contains(text, "delete element ip t snat_to { 10000, 10002 }\n"));
}

}  // namespace
}  // namespace sb::media::kernel
