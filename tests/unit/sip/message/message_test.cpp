// SPDX-License-Identifier: MIT
#include "sip/message/message.h"

#include <gtest/gtest.h>

namespace sb::sip {

namespace {
Via via(std::string_view text) { return *Via::parse(text); }
NameAddr addr(std::string_view text) { return *NameAddr::parse(text); }
}  // namespace

TEST(Message, builds_a_request_whose_headers_follow_the_setters) {
  Message m = Message::request(Method::Options, {}, *Uri::parse("sip:bob@example.com"));
  m.setVias({via("SIP/2.0/UDP 10.0.0.1:5060;branch=z9hG4bK1;rport")});
  m.setMaxForwards(70);
  m.setFrom(addr("<sip:pbx@example.com>;tag=abc"));
  m.setTo(addr("sip:bob@example.com"));
  m.setCallId("call-1@pbx");
  m.setCSeq(CSeq{1, "OPTIONS"});
  EXPECT_EQ(m.methodName(), "OPTIONS");
  EXPECT_EQ(m.serialize(),
            "OPTIONS sip:bob@example.com SIP/2.0\r\n"
            "Via: SIP/2.0/UDP 10.0.0.1:5060;branch=z9hG4bK1;rport\r\n"
            "Max-Forwards: 70\r\n"
            "From: <sip:pbx@example.com>;tag=abc\r\n"
            "To: <sip:bob@example.com>\r\n"
            "Call-ID: call-1@pbx\r\n"
            "CSeq: 1 OPTIONS\r\n"
            "Content-Length: 0\r\n"
            "\r\n");
}

TEST(Message, keeps_typed_views_in_step_with_raw_header_edits) {
  Message m = Message::request(Method::Invite, {}, *Uri::parse("sip:bob@example.com"));
  m.setVias({via("SIP/2.0/UDP a.example.com;branch=z9hG4bKa")});
  m.addHeader("v", "SIP/2.0/TCP b.example.com;branch=z9hG4bKb", /*first=*/true);
  ASSERT_EQ(m.vias().size(), 2u);
  EXPECT_EQ(m.vias()[0].host, "b.example.com");
  EXPECT_EQ(m.headers()[0].name, "Via");

  m.setHeader("Max-Forwards", "12");
  EXPECT_EQ(m.maxForwards(), 12u);
  m.setHeader("i", "xyz");
  EXPECT_EQ(m.callId(), "xyz");
  EXPECT_EQ(m.header("Call-ID"), "xyz");
  m.removeHeader("VIA");
  EXPECT_TRUE(m.vias().empty());
  EXPECT_FALSE(m.hasHeader("v"));
  m.setHeader("Expires", "not-a-number");
  EXPECT_FALSE(m.expires());
}

TEST(Message, replaces_contacts_and_writes_the_wildcard) {
  Message m = Message::response(200, "OK");
  m.setContacts({Contact{false, addr("<sip:a@1.2.3.4>;expires=60")}, Contact{false, addr("<sip:b@5.6.7.8>")}});
  EXPECT_EQ(m.valuesOf("m").size(), 2u);
  m.setContacts({Contact{true, {}}});
  EXPECT_EQ(m.header("Contact"), "*");
  ASSERT_EQ(m.contacts().size(), 1u);
  EXPECT_TRUE(m.contacts()[0].wildcard);
}

TEST(Message, computes_content_length_and_content_type_from_the_body) {
  Message m = Message::response(200, "OK");
  m.addHeader("Content-Length", "999");  // ignored: always recomputed
  m.setBody("v=0\r\n", "application/sdp");
  const std::string wire = m.serialize();
  EXPECT_NE(wire.find("Content-Type: application/sdp\r\n"), std::string::npos);
  EXPECT_NE(wire.find("Content-Length: 5\r\n\r\nv=0\r\n"), std::string::npos);
  EXPECT_EQ(wire.find("999"), std::string::npos);
  m.setBody("", "");
  EXPECT_FALSE(m.hasHeader("Content-Type"));
}

TEST(Message, never_lets_header_text_break_a_line) {
  Message m = Message::response(200, "OK\r\nX-Evil: 1");
  m.addHeader("Subject", "hi\r\nX-Injected: yes");
  const std::string wire = m.serialize();
  EXPECT_EQ(wire.find("\r\nX-Injected"), std::string::npos);
  EXPECT_EQ(wire.find("\r\nX-Evil"), std::string::npos);
}

TEST(Message, splits_comma_lists_but_not_inside_quotes_or_brackets) {
  Message m = Message::response(200, "OK");
  m.addHeader("Allow", "INVITE, ACK,,BYE");
  m.addHeader("Allow", "OPTIONS");
  m.addHeader("Contact", R"("Doe, J" <sip:j@x;a=1,2>, <sip:k@y>)");
  const auto allow = m.valuesOf("allow");
  ASSERT_EQ(allow.size(), 4u);
  EXPECT_EQ(allow[2], "BYE");
  EXPECT_EQ(allow[3], "OPTIONS");
  EXPECT_EQ(m.valuesOf("Contact").size(), 2u);
  EXPECT_TRUE(m.valuesOf("Require").empty());
}

TEST(Message, copies_headers_of_one_name_as_written) {
  Message from = Message::response(200, "OK");
  from.addHeader("Record-Route", "<sip:p1.example.com;lr>");
  from.addHeader("Via", "SIP/2.0/UDP a;branch=z9hG4bK1, SIP/2.0/UDP b;branch=z9hG4bK2");
  from.addHeader("Record-Route", "<sip:p2.example.com;lr>");
  Message to = Message::response(180, "Ringing");
  to.copyHeaders(from, "Record-Route");
  to.copyHeaders(from, "v");
  ASSERT_EQ(to.headers().size(), 3u);
  EXPECT_EQ(to.headers()[1].value, "<sip:p2.example.com;lr>");
  ASSERT_EQ(to.vias().size(), 2u);
  EXPECT_EQ(to.vias()[1].host, "b");
}

}  // namespace sb::sip
