// SPDX-License-Identifier: MIT
#include <gtest/gtest.h>

#include "sip/message/uri.h"

namespace sb::sip {

TEST(Via, reads_protocol_transport_host_port_and_params) {
  auto via = Via::parse("SIP/2.0/udp pc33.atlanta.com:5066;branch=z9hG4bK776asdhds;received=192.0.2.1;rport=5066");
  ASSERT_TRUE(via);
  EXPECT_EQ(via->protocol, "SIP/2.0");
  EXPECT_EQ(via->transport, "UDP");
  EXPECT_EQ(via->host, "pc33.atlanta.com");
  EXPECT_EQ(via->port, 5066);
  EXPECT_EQ(via->branch(), "z9hG4bK776asdhds");
  EXPECT_EQ(via->params.get("received"), "192.0.2.1");
  EXPECT_EQ(via->params.get("rport"), "5066");
}

TEST(Via, keeps_rport_without_value_as_a_flag) {
  auto via = Via::parse("SIP/2.0/UDP 127.0.0.1:5070;branch=z9hG4bK-d87543-1;rport");
  ASSERT_TRUE(via);
  ASSERT_TRUE(via->params.has("rport"));
  EXPECT_FALSE(via->params.all()[1].value);
  via->params.set("rport", std::string("5070"));
  via->params.set("received", std::string("192.0.2.7"));
  EXPECT_EQ(via->toString(), "SIP/2.0/UDP 127.0.0.1:5070;branch=z9hG4bK-d87543-1;rport=5070;received=192.0.2.7");
}

TEST(Via, reads_ipv6_sent_by_and_received) {
  auto via = Via::parse("SIP/2.0/TCP [2001:db8::9:1]:5061;branch=z9hG4bKas3;received=2001:db8::9:255");
  ASSERT_TRUE(via);
  EXPECT_EQ(via->host, "[2001:db8::9:1]");
  EXPECT_EQ(via->port, 5061);
  EXPECT_EQ(via->params.get("received"), "2001:db8::9:255");
  auto bracketed = Via::parse("SIP/2.0/UDP [::1];received=[::2]");
  ASSERT_TRUE(bracketed);
  EXPECT_EQ(bracketed->params.get("received"), "[::2]");
}

TEST(Via, allows_whitespace_around_slashes_colon_and_params) {
  auto via = Via::parse("SIP  /   2.0 /UDP    192.0.2.2 : 5060 ;  branch  =   z9hG4bK9ikj8  ");
  ASSERT_TRUE(via);
  EXPECT_EQ(via->protocol, "SIP/2.0");
  EXPECT_EQ(via->host, "192.0.2.2");
  EXPECT_EQ(via->port, 5060);
  EXPECT_EQ(via->branch(), "z9hG4bK9ikj8");
}

TEST(Via, accepts_other_versions_and_unknown_transports) {
  auto v7 = Via::parse("SIP/7.0/UDP c.example.com;branch=z9hG4bKkdjuw");
  ASSERT_TRUE(v7);
  EXPECT_EQ(v7->protocol, "SIP/7.0");
  auto unknown = Via::parse("SIP/2.0/UNKNOWN t4.example.com;branch=z9hG4bKasd0f3en");
  ASSERT_TRUE(unknown);
  EXPECT_EQ(unknown->transport, "UNKNOWN");
}

TEST(Via, refuses_malformed_values) {
  EXPECT_FALSE(Via::parse("SIP/2.0/UDP 192.0.2.15;;"));
  EXPECT_FALSE(Via::parse("SIP/2.0/UDP"));
  EXPECT_FALSE(Via::parse("SIP/2.0 host"));
  EXPECT_FALSE(Via::parse("SIP/2.0/UDP host:99999"));
  EXPECT_FALSE(Via::parse("SIP/2.0/UDP host:"));
  EXPECT_FALSE(Via::parse("SIP/2.0/UDP host;branch="));
  EXPECT_FALSE(Via::parse("SIP/2.0/UDP host extra"));
  EXPECT_FALSE(Via::parse(""));
}

TEST(CSeq, reads_number_and_method_with_leading_zeros_and_folding_space) {
  auto c = CSeq::parse("0009   INVITE");
  ASSERT_TRUE(c);
  EXPECT_EQ(c->number, 9u);
  EXPECT_EQ(c->method, "INVITE");
  EXPECT_EQ(c->toString(), "9 INVITE");
  auto max = CSeq::parse("4294967295 REGISTER");
  ASSERT_TRUE(max);
  EXPECT_EQ(max->number, 4294967295u);
}

TEST(CSeq, refuses_numbers_beyond_32_bits_and_missing_parts) {
  EXPECT_FALSE(CSeq::parse("4294967296 REGISTER"));
  EXPECT_FALSE(CSeq::parse("36893488147419103232 REGISTER"));
  EXPECT_FALSE(CSeq::parse("INVITE"));
  EXPECT_FALSE(CSeq::parse("12"));
  EXPECT_FALSE(CSeq::parse("-1 INVITE"));
  EXPECT_FALSE(CSeq::parse("1 INVITE extra"));
}

}  // namespace sb::sip
