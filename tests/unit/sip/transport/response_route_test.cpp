// SPDX-License-Identifier: MIT
#include "sip/transport/response_route.h"

#include <gtest/gtest.h>

namespace sb::sip {
namespace {

net::SocketAddress addr(std::string_view text) { return *net::SocketAddress::parse(text); }

net::Flow udpFrom(std::string_view source) {
  return net::Flow{net::TransportKind::Udp, addr(source), addr("192.0.2.10:5060"), 0};
}

Via via(std::string host, std::optional<std::uint16_t> port, std::string transport = "UDP") {
  Via v;
  v.transport = std::move(transport);
  v.host = std::move(host);
  v.port = port;
  v.params.set("branch", std::string("z9hG4bK776asdhds"));
  return v;
}

TEST(StampReceived, adds_received_when_sent_by_is_a_host_name) {
  Via v = via("phone.example.com", 5060);
  stampReceived(v, udpFrom("198.51.100.7:5060"));
  EXPECT_EQ(v.params.get("received"), std::optional<std::string_view>("198.51.100.7"));
}

TEST(StampReceived, leaves_via_alone_when_sent_by_is_the_source_address) {
  Via v = via("198.51.100.7", 5060);
  stampReceived(v, udpFrom("198.51.100.7:5062"));
  EXPECT_FALSE(v.params.has("received"));
  EXPECT_FALSE(v.params.has("rport"));
}

TEST(StampReceived, adds_received_when_a_nat_rewrote_the_source) {
  Via v = via("10.0.0.5", 5060);
  stampReceived(v, udpFrom("203.0.113.9:5060"));
  EXPECT_EQ(v.params.get("received"), std::optional<std::string_view>("203.0.113.9"));
}

TEST(StampReceived, fills_bare_rport_and_always_adds_received) {
  Via v = via("198.51.100.7", 5060);
  v.params.set("rport", std::nullopt);
  stampReceived(v, udpFrom("198.51.100.7:40123"));
  EXPECT_EQ(v.params.get("rport"), std::optional<std::string_view>("40123"));
  EXPECT_EQ(v.params.get("received"), std::optional<std::string_view>("198.51.100.7"));
}

TEST(StampReceived, keeps_an_rport_that_already_has_a_value) {
  Via v = via("10.0.0.5", 5060);
  v.params.set("rport", std::string("7000"));
  stampReceived(v, udpFrom("203.0.113.9:40000"));
  EXPECT_EQ(v.params.get("rport"), std::optional<std::string_view>("7000"));
  EXPECT_EQ(v.params.get("received"), std::optional<std::string_view>("203.0.113.9"));
}

TEST(StampReceived, replaces_a_received_the_client_made_up) {
  Via v = via("10.0.0.5", 5060);
  v.params.set("received", std::string("1.2.3.4"));
  stampReceived(v, udpFrom("203.0.113.9:5060"));
  EXPECT_EQ(v.params.get("received"), std::optional<std::string_view>("203.0.113.9"));
}

TEST(StampReceived, compares_ipv6_sent_by_without_brackets_and_writes_bare_ipv6) {
  Via same = via("[2001:db8::1]", 5060);
  stampReceived(same, udpFrom("[2001:db8::1]:5060"));
  EXPECT_FALSE(same.params.has("received"));

  Via other = via("[2001:db8::1]", 5060);
  stampReceived(other, udpFrom("[2001:db8::99]:5060"));
  EXPECT_EQ(other.params.get("received"), std::optional<std::string_view>("2001:db8::99"));
}

TEST(ResponseFlow, udp_with_rport_goes_back_to_the_source_ip_and_port) {
  Via v = via("10.0.0.5", 5060);
  v.params.set("rport", std::nullopt);
  const auto request = udpFrom("203.0.113.9:40000");
  stampReceived(v, request);
  const auto flow = responseFlow(v, request);
  EXPECT_EQ(flow.transport, net::TransportKind::Udp);
  EXPECT_EQ(flow.remote, addr("203.0.113.9:40000"));
  EXPECT_EQ(flow.local, request.local);
  EXPECT_EQ(flow.connectionId, 0u);
}

TEST(ResponseFlow, udp_bare_rport_not_stamped_uses_the_request_source_port) {
  Via v = via("203.0.113.9", 5060);
  v.params.set("rport", std::nullopt);
  const auto flow = responseFlow(v, udpFrom("203.0.113.9:40000"));
  EXPECT_EQ(flow.remote, addr("203.0.113.9:40000"));
}

TEST(ResponseFlow, udp_with_received_goes_to_received_ip_at_sent_by_port) {
  Via v = via("10.0.0.5", 5070);
  const auto request = udpFrom("203.0.113.9:40000");
  stampReceived(v, request);
  EXPECT_EQ(responseFlow(v, request).remote, addr("203.0.113.9:5070"));
}

TEST(ResponseFlow, udp_with_received_and_no_port_uses_5060) {
  Via v = via("pc33.example.com", std::nullopt);
  const auto request = udpFrom("203.0.113.9:40000");
  stampReceived(v, request);
  EXPECT_EQ(responseFlow(v, request).remote, addr("203.0.113.9:5060"));
}

TEST(ResponseFlow, udp_without_received_goes_to_sent_by) {
  Via v = via("198.51.100.7", 5080);
  const auto request = udpFrom("198.51.100.7:5080");
  stampReceived(v, request);
  EXPECT_EQ(responseFlow(v, request).remote, addr("198.51.100.7:5080"));
}

TEST(ResponseFlow, udp_host_name_sent_by_without_received_falls_back_to_the_source_ip) {
  Via v = via("pc33.example.com", 5090);
  EXPECT_EQ(responseFlow(v, udpFrom("198.51.100.7:40000")).remote, addr("198.51.100.7:5090"));
}

TEST(ResponseFlow, maddr_is_ignored) {
  Via v = via("198.51.100.7", 5060);
  v.params.set("maddr", std::string("239.255.255.1"));
  const auto request = udpFrom("198.51.100.7:5060");
  stampReceived(v, request);
  EXPECT_EQ(responseFlow(v, request).remote, addr("198.51.100.7:5060"));
}

TEST(ResponseFlow, tcp_reuses_the_request_connection) {
  Via v = via("10.0.0.5", 5060, "TCP");
  const net::Flow request{net::TransportKind::Tcp, addr("203.0.113.9:51000"),
                          addr("192.0.2.10:5060"), 42};
  stampReceived(v, request);
  const auto flow = responseFlow(v, request);
  EXPECT_EQ(flow.transport, net::TransportKind::Tcp);
  EXPECT_EQ(flow.connectionId, 42u);
  // Should connection 42 be gone, a new one goes to received at the sent-by port (§18.2.2).
  EXPECT_EQ(flow.remote, addr("203.0.113.9:5060"));
}

TEST(ResponseFlow, tls_fallback_defaults_to_port_5061) {
  Via v = via("phone.example.com", std::nullopt, "TLS");
  const net::Flow request{net::TransportKind::Tls, addr("203.0.113.9:51000"),
                          addr("192.0.2.10:5061"), 7};
  stampReceived(v, request);
  const auto flow = responseFlow(v, request);
  EXPECT_EQ(flow.connectionId, 7u);
  EXPECT_EQ(flow.remote, addr("203.0.113.9:5061"));
}

}  // namespace
}  // namespace sb::sip
