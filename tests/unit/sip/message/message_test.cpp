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

// copyHeaders() may hand over the typed view instead of parsing the copied lines again; what the
// copy reads must still be what its lines say, also when a setter's value does not read back
// the same from the text written for it.
TEST(Message, copies_typed_views_that_match_the_copied_lines) {
  Message request = Message::request(Method::Register, {}, *Uri::parse("sip:example.com"));
  Via stamped = via("SIP/2.0/UDP 10.0.0.1:5060;branch=z9hG4bK1;rport");
  stamped.params.set("rport", std::string("5070"));
  stamped.params.set("received", std::string("192.0.2.7"));
  request.setVias({stamped});
  request.setCSeq(CSeq{7, "REGISTER"});
  request.setCallId("abc@host");

  Message response = Message::response(200, "OK");
  response.copyHeaders(request, "Via");
  response.copyHeaders(request, "CSeq");
  response.copyHeaders(request, "Call-ID");
  ASSERT_EQ(response.vias().size(), 1u);
  EXPECT_EQ(response.vias()[0].params.get("received"), "192.0.2.7");
  EXPECT_EQ(response.vias()[0].params.get("rport"), "5070");
  EXPECT_EQ(response.vias()[0].port, 5060);
  EXPECT_EQ(response.cseq().number, 7u);
  EXPECT_EQ(response.cseq().method, "REGISTER");
  EXPECT_EQ(response.callId(), "abc@host");
}

TEST(Message, copies_read_typed_views_from_lines_that_do_not_round_trip) {
  Message request = Message::request(Method::Register, {}, *Uri::parse("sip:example.com"));
  Via lower = via("SIP/2.0/UDP 10.0.0.1;branch=z9hG4bK1");
  lower.transport = "udp";  // written as is, read back upper case
  Via hostless = via("SIP/2.0/TCP 10.0.0.2;branch=z9hG4bK2");
  hostless.host.clear();  // its line does not parse at all
  request.setVias({lower});
  request.setCSeq(CSeq{5, "IN VITE"});  // not a token: the line does not parse

  Message response = Message::response(200, "OK");
  response.copyHeaders(request, "Via");
  response.copyHeaders(request, "CSeq");
  ASSERT_EQ(response.vias().size(), 1u);
  EXPECT_EQ(response.vias()[0].transport, "UDP");
  EXPECT_EQ(response.header("CSeq"), "5 IN VITE");
  EXPECT_EQ(response.cseq().number, 0u);

  request.setVias({hostless});
  Message other = Message::response(200, "OK");
  other.copyHeaders(request, "Via");
  EXPECT_TRUE(other.vias().empty());
  EXPECT_TRUE(other.hasHeader("Via"));
}

TEST(Message, copies_typed_views_of_every_line_when_some_were_there_before) {
  auto parsed = parse(
      "OPTIONS sip:example.com SIP/2.0\r\n"
      "Via: SIP/2.0/UDP a.example.com;branch=z9hG4bKa\r\n"
      "From: <sip:a@example.com>;tag=1\r\n"
      "To: <sip:b@example.com>\r\n"
      "Call-ID: c1\r\n"
      "CSeq: 1 OPTIONS\r\n"
      "Content-Length: 0\r\n\r\n");
  ASSERT_EQ(parsed.kind, ParseResult::Kind::Ok);
  Message m = Message::response(200, "OK");
  m.addHeader("Via", "SIP/2.0/TCP first.example.com;branch=z9hG4bKf");
  m.addHeader("From", "<sip:first@example.com>");
  m.copyHeaders(*parsed.message, "Via");
  m.copyHeaders(*parsed.message, "From");
  ASSERT_EQ(m.vias().size(), 2u);
  EXPECT_EQ(m.vias()[0].host, "first.example.com");
  EXPECT_EQ(m.vias()[1].host, "a.example.com");
  EXPECT_EQ(m.from().uri.user, "first");  // the first From line is the one that counts
}

TEST(Message, looks_header_names_up_in_any_case_and_form) {
  Message m = Message::response(200, "OK");
  m.addHeader("wWw-AuThEnTiCaTe", "Digest realm=\"a\"");  // 16 characters
  m.addHeader("CONTENT-DISPOSITION", "session");             // 19
  m.addHeader("cseq", "1 INVITE");                           // 4
  m.addHeader("tO", "<sip:b@example.com>");                  // 2
  m.addHeader("l", "0");                                     // compact form
  m.addHeader("Content-Lengtx", "1");                        // unknown: as written
  m.addHeader("X-Something-Long-Enough", "1");
  ASSERT_EQ(m.headers().size(), 7u);
  EXPECT_EQ(m.headers()[0].name, "WWW-Authenticate");
  EXPECT_EQ(m.headers()[1].name, "Content-Disposition");
  EXPECT_EQ(m.headers()[2].name, "CSeq");
  EXPECT_EQ(m.headers()[3].name, "To");
  EXPECT_EQ(m.headers()[4].name, "Content-Length");
  EXPECT_EQ(m.headers()[5].name, "Content-Lengtx");
  EXPECT_EQ(m.headers()[6].name, "X-Something-Long-Enough");
  EXPECT_EQ(m.cseq().number, 1u);
  EXPECT_EQ(m.to().uri.user, "b");
  EXPECT_EQ(m.header("www-authenticate"), "Digest realm=\"a\"");
  EXPECT_FALSE(m.hasHeader("WWW-Authenticatf"));
  EXPECT_FALSE(m.hasHeader("Content-Dispositiom"));
}

}  // namespace sb::sip
