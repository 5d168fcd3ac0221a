// SPDX-License-Identifier: MIT
#include "sip/dialog/dialog.h"

#include <gtest/gtest.h>

#include "sip/message/message.h"

namespace sb::sip {
namespace {

Message parsed(std::string text) {
  std::string wire;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\n') wire += "\r\n";
    else wire += text[i];
  }
  auto result = parse(wire);
  EXPECT_TRUE(result.message.has_value()) << result.error;
  return result.message ? *result.message : Message::response(500, "x");
}

net::Flow flow() {
  return net::Flow{net::TransportKind::Udp, *net::SocketAddress::parse("192.0.2.10:5060"),
                   *net::SocketAddress::parse("192.0.2.1:5060")};
}

const char* kInvite =
    "INVITE sip:101@pbx.test SIP/2.0\n"
    "Via: SIP/2.0/UDP 192.0.2.10:5060;branch=z9hG4bKabc\n"
    "Record-Route: <sip:proxy1.test;lr>, <sip:proxy2.test;lr>\n"
    "From: \"Alice\" <sip:100@pbx.test>;tag=alice\n"
    "To: <sip:101@pbx.test>\n"
    "Call-ID: call-1@192.0.2.10\n"
    "CSeq: 7 INVITE\n"
    "Contact: <sip:100@192.0.2.10:5060>\n"
    "Max-Forwards: 70\n"
    "Content-Length: 0\n\n";

TEST(Dialog, uas_side_takes_the_route_set_in_order_and_the_contact_as_target) {
  auto invite = parsed(kInvite);
  auto dialog = Dialog::asUas(invite, "ours", flow());
  EXPECT_EQ(dialog.id(), (DialogId{"call-1@192.0.2.10", "ours", "alice"}));
  auto bye = dialog.makeRequest(Method::Bye);
  EXPECT_EQ(bye.requestUri().toString(), "sip:100@192.0.2.10:5060");
  const auto routes = bye.valuesOf("Route");
  ASSERT_EQ(routes.size(), 2u);
  EXPECT_NE(routes[0].find("proxy1"), std::string_view::npos);
  EXPECT_EQ(bye.from().tag().value_or(""), "ours");
  EXPECT_EQ(bye.to().tag().value_or(""), "alice");
  EXPECT_EQ(bye.cseq().method, "BYE");
}

TEST(Dialog, remote_cseq_must_grow_within_the_dialog) {
  auto invite = parsed(kInvite);
  auto dialog = Dialog::asUas(invite, "ours", flow());
  auto older = parsed(std::string(kInvite).replace(std::string(kInvite).find("CSeq: 7"), 7, "CSeq: 6"));
  EXPECT_FALSE(dialog.acceptRemoteCSeq(older));
  auto newer = parsed(std::string(kInvite).replace(std::string(kInvite).find("CSeq: 7"), 7, "CSeq: 8"));
  EXPECT_TRUE(dialog.acceptRemoteCSeq(newer));
  EXPECT_FALSE(dialog.acceptRemoteCSeq(newer));  // the same number again is a retransmission's
}

TEST(Dialog, uac_side_reverses_record_route_and_numbers_its_requests_on) {
  auto invite = parsed(kInvite);
  auto ok = parsed(
      "SIP/2.0 200 OK\n"
      "Via: SIP/2.0/UDP 192.0.2.10:5060;branch=z9hG4bKabc\n"
      "Record-Route: <sip:proxy1.test;lr>, <sip:proxy2.test;lr>\n"
      "From: \"Alice\" <sip:100@pbx.test>;tag=alice\n"
      "To: <sip:101@pbx.test>;tag=bob\n"
      "Call-ID: call-1@192.0.2.10\n"
      "CSeq: 7 INVITE\n"
      "Contact: <sip:101@192.0.2.20:5062>\n"
      "Content-Length: 0\n\n");
  auto dialog = Dialog::asUac(invite, ok, flow());
  EXPECT_EQ(dialog.id(), (DialogId{"call-1@192.0.2.10", "alice", "bob"}));
  auto ack = dialog.makeRequest(Method::Ack, 7);
  EXPECT_EQ(ack.cseq().number, 7u);
  EXPECT_EQ(ack.requestUri().toString(), "sip:101@192.0.2.20:5062");
  const auto routes = ack.valuesOf("Route");
  ASSERT_EQ(routes.size(), 2u);
  EXPECT_NE(routes[0].find("proxy2"), std::string_view::npos);
  EXPECT_EQ(dialog.makeRequest(Method::Bye).cseq().number, 8u);
}

TEST(Dialog, a_strict_first_route_becomes_the_request_uri) {
  std::string text = kInvite;
  text.replace(text.find("<sip:proxy1.test;lr>"), 20, "<sip:proxy1.test>");
  auto dialog = Dialog::asUas(parsed(text), "ours", flow());
  auto bye = dialog.makeRequest(Method::Bye);
  EXPECT_EQ(bye.requestUri().toString(), "sip:proxy1.test");
  const auto routes = bye.valuesOf("Route");
  ASSERT_EQ(routes.size(), 2u);
  EXPECT_NE(routes[1].find("sip:100@192.0.2.10:5060"), std::string_view::npos);
}

}  // namespace
}  // namespace sb::sip
