// SPDX-License-Identifier: MIT
#include "net/socket_address.h"

#include <gtest/gtest.h>

namespace sb::net {

TEST(SocketAddress, ip_text_matches_the_standard_form_for_every_octet_width) {
  for (const char* text : {"0.0.0.0", "1.2.3.4", "10.99.100.255", "127.0.0.1", "255.255.255.255",
                           "192.168.1.10", "2001:db8::1", "::ffff:192.0.2.1", "::"}) {
    const auto ip = boost::asio::ip::make_address(text);
    EXPECT_EQ(ipText(ip), ip.to_string()) << text;
  }
}

TEST(SocketAddress, host_text_brackets_ipv6_only) {
  EXPECT_EQ(hostText(boost::asio::ip::make_address("192.0.2.7")), "192.0.2.7");
  EXPECT_EQ(hostText(boost::asio::ip::make_address("2001:db8::7")), "[2001:db8::7]");
  EXPECT_EQ(hostText(boost::asio::ip::make_address("::ffff:192.0.2.1")), "[::ffff:192.0.2.1]");
}

TEST(SocketAddress, prints_and_parses_both_families) {
  const auto v4 = SocketAddress::parse("192.0.2.7:5060");
  ASSERT_TRUE(v4);
  EXPECT_EQ(v4->toString(), "192.0.2.7:5060");
  const auto v6 = SocketAddress::parse("[2001:db8::7]:5061");
  ASSERT_TRUE(v6);
  EXPECT_EQ(v6->toString(), "[2001:db8::7]:5061");
  EXPECT_FALSE(SocketAddress::parse("192.0.2.7"));
  EXPECT_FALSE(SocketAddress::parse("[2001:db8::7:5061"));
}

}  // namespace sb::net
