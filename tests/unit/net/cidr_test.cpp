// SPDX-License-Identifier: MIT
#include "net/cidr.h"

#include <gtest/gtest.h>

namespace sb::net {
namespace {

boost::asio::ip::address ip(const char* text) { return boost::asio::ip::make_address(text); }

TEST(Cidr, parses_networks_and_prints_them_back) {
  auto cidr = Cidr::parse("192.168.0.0/16");
  ASSERT_TRUE(cidr);
  EXPECT_FALSE(cidr->isV6());
  EXPECT_EQ(cidr->prefixLength(), 16u);
  EXPECT_EQ(cidr->toString(), "192.168.0.0/16");
  cidr = Cidr::parse("2001:db8::/32");
  ASSERT_TRUE(cidr);
  EXPECT_TRUE(cidr->isV6());
  EXPECT_EQ(cidr->toString(), "2001:db8::/32");
  EXPECT_EQ(Cidr::parse("0.0.0.0/0")->toString(), "0.0.0.0/0");
}

TEST(Cidr, a_bare_address_is_a_single_host) {
  auto v4 = Cidr::parse("10.1.2.3");
  ASSERT_TRUE(v4);
  EXPECT_EQ(v4->toString(), "10.1.2.3/32");
  EXPECT_TRUE(v4->contains(ip("10.1.2.3")));
  EXPECT_FALSE(v4->contains(ip("10.1.2.4")));
  EXPECT_EQ(Cidr::parse("::1")->toString(), "::1/128");
}

TEST(Cidr, contains_checks_the_prefix_bits_only) {
  auto cidr = *Cidr::parse("172.16.0.0/12");
  EXPECT_TRUE(cidr.contains(ip("172.16.0.1")));
  EXPECT_TRUE(cidr.contains(ip("172.31.255.255")));
  EXPECT_FALSE(cidr.contains(ip("172.32.0.0")));
  EXPECT_FALSE(cidr.contains(ip("172.15.255.255")));
  EXPECT_FALSE(cidr.contains(ip("2001:db8::1")));
  auto all = *Cidr::parse("0.0.0.0/0");
  EXPECT_TRUE(all.contains(ip("8.8.8.8")));
  auto v6 = *Cidr::parse("fc00::/7");
  EXPECT_TRUE(v6.contains(ip("fd12:3456::1")));
  EXPECT_FALSE(v6.contains(ip("fe80::1")));
  EXPECT_FALSE(v6.contains(ip("10.0.0.1")));
}

TEST(Cidr, an_ipv4_network_matches_ipv4_mapped_ipv6_peers) {
  auto cidr = *Cidr::parse("192.168.0.0/16");
  EXPECT_TRUE(cidr.contains(ip("::ffff:192.168.1.20")));
  EXPECT_FALSE(cidr.contains(ip("::ffff:10.0.0.1")));
}

TEST(Cidr, refuses_bad_text_with_a_reason) {
  std::string why;
  EXPECT_FALSE(Cidr::parse("192.168.1.5/16", &why));
  EXPECT_EQ(why, "host bits set after the /16 prefix; did you mean 192.168.0.0/16?");
  EXPECT_FALSE(Cidr::parse("10.0.0.0/33", &why));
  EXPECT_EQ(why, "prefix length 33 is longer than 32");
  EXPECT_FALSE(Cidr::parse("2001:db8::/129", &why));
  EXPECT_EQ(why, "prefix length 129 is longer than 128");
  EXPECT_FALSE(Cidr::parse("10.0.0.0/", &why));
  EXPECT_FALSE(Cidr::parse("10.0.0.0/x", &why));
  EXPECT_FALSE(Cidr::parse("10.0.0.0/-1", &why));
  EXPECT_FALSE(Cidr::parse("/8", &why));
  EXPECT_FALSE(Cidr::parse("lan", &why));
  EXPECT_EQ(why, "'lan' is not an IPv4 or IPv6 address");
  EXPECT_FALSE(Cidr::parse("fe80::1%eth0/64", &why));
  EXPECT_FALSE(Cidr::parse("", &why));
}

TEST(Cidr, any_contains_checks_a_list) {
  const std::vector<Cidr> networks = {*Cidr::parse("10.0.0.0/8"), *Cidr::parse("192.168.1.0/24")};
  EXPECT_TRUE(anyContains(networks, ip("192.168.1.9")));
  EXPECT_FALSE(anyContains(networks, ip("192.168.2.9")));
  EXPECT_FALSE(anyContains({}, ip("10.0.0.1")));
}

}  // namespace
}  // namespace sb::net
