// SPDX-License-Identifier: MIT
#include "app/config/value_syntax.h"

#include <gtest/gtest.h>

namespace sb::config {
namespace {

TEST(NormalizeMac, accepts_the_common_spellings) {
  for (const char* mac : {"00:0E:84:C0:60:A6", "00-0e-84-c0-60-a6", "000e.84c0.60a6",
                          "000E84C060A6", "000e84c060a6"})
    EXPECT_EQ(normalizeMac(mac), "000E84C060A6") << mac;
}

TEST(NormalizeMac, refuses_wrong_lengths_digits_and_mixed_separators) {
  for (const char* mac : {"", "00:0E:84:C0:60", "00:0E:84:C0:60:A6:00", "00:0E:84-C0:60:A6",
                          "000E84C060AG", "0:00E:84:C0:60:A6", "000e.84c0.60a", "000e84.c060a6",
                          "00 0E 84 C0 60 A6"})
    EXPECT_FALSE(normalizeMac(mac)) << mac;
}

TEST(ParseListenSpec, reads_transport_host_and_port) {
  std::string why;
  auto spec = parseListenSpec("TCP:192.168.1.2:5080", &why);
  ASSERT_TRUE(spec) << why;
  EXPECT_EQ(spec->kind, net::TransportKind::Tcp);
  EXPECT_EQ(spec->host, "192.168.1.2");
  EXPECT_EQ(spec->port, 5080);
  spec = parseListenSpec("tls:[2001:db8::1]:5061", &why);
  ASSERT_TRUE(spec) << why;
  EXPECT_EQ(spec->host, "2001:db8::1");
  EXPECT_EQ(spec->toString(), "tls:[2001:db8::1]:5061");
}

TEST(ParseListenSpec, refuses_missing_parts_and_port_zero) {
  std::string why;
  for (const char* text : {"0.0.0.0:5060", "udp:", "udp:0.0.0.0:", "udp:0.0.0.0:0",
                           "udp:0.0.0.0:-1", "udp:[::1]5060", "udp:[::1:5060", "ws:0.0.0.0:80"})
    EXPECT_FALSE(parseListenSpec(text, &why)) << text;
}

TEST(IsExtensionNumber, allows_one_to_fifteen_digits_only) {
  EXPECT_TRUE(isExtensionNumber("1"));
  EXPECT_TRUE(isExtensionNumber("100"));
  EXPECT_TRUE(isExtensionNumber("123456789012345"));
  EXPECT_FALSE(isExtensionNumber(""));
  EXPECT_FALSE(isExtensionNumber("1234567890123456"));
  EXPECT_FALSE(isExtensionNumber("+100"));
  EXPECT_FALSE(isExtensionNumber("10 0"));
  EXPECT_FALSE(isExtensionNumber("*97"));
}

TEST(IsHostName, accepts_names_and_addresses_and_refuses_junk) {
  EXPECT_TRUE(isHostName("voip.olympia.local"));
  EXPECT_TRUE(isHostName("pbx"));
  EXPECT_TRUE(isHostName("192.168.1.2"));
  EXPECT_TRUE(isHostName("2001:db8::1"));
  EXPECT_TRUE(isHostName("my-pbx.example.com"));
  EXPECT_FALSE(isHostName(""));
  EXPECT_FALSE(isHostName("-pbx.example.com"));
  EXPECT_FALSE(isHostName("pbx..example.com"));
  EXPECT_FALSE(isHostName("pbx.example.com."));
  EXPECT_FALSE(isHostName("pbx example"));
  EXPECT_FALSE(isHostName(std::string(64, 'a') + ".com"));
}

TEST(HasControlCharacters, finds_line_breaks_tabs_and_del) {
  EXPECT_FALSE(hasControlCharacters("THC Inc 100"));
  EXPECT_TRUE(hasControlCharacters("a\nb"));
  EXPECT_TRUE(hasControlCharacters("a\tb"));
  EXPECT_TRUE(hasControlCharacters("a\x7f"));
  EXPECT_TRUE(hasControlCharacters(std::string("a\0b", 3)));
}

TEST(SingleQuoted, names_a_value_in_single_quotes) {
  EXPECT_EQ(singleQuoted("ringall"), "'ringall'");
  EXPECT_EQ(singleQuoted(""), "''");
}

TEST(ParseSocketAddress, says_which_host_is_not_an_address) {
  std::string why;
  EXPECT_FALSE(parseSocketAddress("pbx.example:5060", &why));
  EXPECT_EQ(why, "'pbx.example' is not an IP address (use 0.0.0.0 for all)");
}

}  // namespace
}  // namespace sb::config
