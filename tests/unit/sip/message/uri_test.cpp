// SPDX-License-Identifier: MIT
#include "sip/message/uri.h"

#include <gtest/gtest.h>

namespace sb::sip {

TEST(Uri, parses_user_password_host_port_params_and_headers) {
  auto uri = Uri::parse("sips:alice:secret@Atlanta.COM:5061;transport=tcp;lr?subject=project%20x&priority=urgent");
  ASSERT_TRUE(uri);
  EXPECT_EQ(uri->scheme, "sips");
  EXPECT_EQ(uri->user, "alice");
  EXPECT_EQ(uri->password, "secret");
  EXPECT_EQ(uri->host, "atlanta.com");
  EXPECT_EQ(uri->port, 5061);
  EXPECT_EQ(uri->params.get("transport"), "tcp");
  EXPECT_TRUE(uri->params.has("LR"));
  EXPECT_EQ(uri->params.get("lr"), "");
  EXPECT_EQ(uri->headers, "subject=project%20x&priority=urgent");
  EXPECT_TRUE(uri->isSip());
  EXPECT_EQ(uri->hostPort(), "atlanta.com:5061");
  EXPECT_EQ(uri->toString(),
            "sips:alice:secret@atlanta.com:5061;transport=tcp;lr?subject=project%20x&priority=urgent");
}

TEST(Uri, keeps_escapes_as_written_and_unescapes_on_request) {
  auto uri = Uri::parse("sip:%75se%72@example.com");
  ASSERT_TRUE(uri);
  EXPECT_EQ(uri->user, "%75se%72");
  EXPECT_EQ(uri->userUnescaped(), "user");

  auto nul = Uri::parse("sip:null-%00-null@example.com");
  ASSERT_TRUE(nul);
  EXPECT_EQ(nul->userUnescaped(), std::string("null-\0-null", 11));  // not cut short at the NUL

  auto embedded = Uri::parse("sip:sips%3Auser%40example.com@example.net");
  ASSERT_TRUE(embedded);
  EXPECT_EQ(embedded->userUnescaped(), "sips:user@example.com");
  EXPECT_EQ(embedded->host, "example.net");
}

TEST(Uri, refuses_broken_escapes_and_whitespace) {
  EXPECT_FALSE(Uri::parse("sip:us%4@example.com"));
  EXPECT_FALSE(Uri::parse("sip:us%zzer@example.com"));
  EXPECT_FALSE(Uri::parse("sip:user@example.com; lr"));
  EXPECT_FALSE(Uri::parse(" sip:user@example.com"));
  EXPECT_FALSE(Uri::parse("<sip:user@example.com>"));
}

TEST(Uri, parses_ipv6_references_with_and_without_port) {
  auto uri = Uri::parse("sip:bob@[2001:DB8::10]:5070;maddr=[2001:db8::1]");
  ASSERT_TRUE(uri);
  EXPECT_EQ(uri->host, "[2001:db8::10]");
  EXPECT_EQ(uri->port, 5070);
  EXPECT_EQ(uri->params.get("maddr"), "[2001:db8::1]");
  auto bare = Uri::parse("sip:[::1]");
  ASSERT_TRUE(bare);
  EXPECT_EQ(bare->host, "[::1]");
  EXPECT_FALSE(bare->port);
  EXPECT_FALSE(Uri::parse("sip:[::1"));
  EXPECT_FALSE(Uri::parse("sip:[zz::1]"));
}

TEST(Uri, refuses_bad_ports_and_empty_parts) {
  EXPECT_FALSE(Uri::parse("sip:host:"));
  EXPECT_FALSE(Uri::parse("sip:host:65536"));
  EXPECT_FALSE(Uri::parse("sip:host:12a"));
  EXPECT_FALSE(Uri::parse("sip:@host"));
  EXPECT_FALSE(Uri::parse("sip:user@"));
  EXPECT_FALSE(Uri::parse("sip:host;=x"));
  EXPECT_FALSE(Uri::parse("sip:host;a="));
  EXPECT_FALSE(Uri::parse("sip:host?"));
  EXPECT_FALSE(Uri::parse("sip:"));
  EXPECT_FALSE(Uri::parse("1sip:host"));
  EXPECT_FALSE(Uri::parse("nocolon"));
}

TEST(Uri, reads_the_unusual_but_legal_user_and_password_of_rfc4475) {
  auto uri = Uri::parse(
      "sip:1_unusual.URI~(to-be!sure)&isn't+it$/crazy?,/;;*:&it+has=1,weird!*pas$wo~d_too."
      "(doesn't-it)@example.com");
  ASSERT_TRUE(uri);
  EXPECT_EQ(uri->user, "1_unusual.URI~(to-be!sure)&isn't+it$/crazy?,/;;*");
  EXPECT_EQ(uri->password, "&it+has=1,weird!*pas$wo~d_too.(doesn't-it)");
  EXPECT_EQ(uri->host, "example.com");
  EXPECT_TRUE(uri->params.empty());
  EXPECT_TRUE(uri->headers.empty());

  auto semi = Uri::parse("sip:user;par=u%40example.net@example.com");
  ASSERT_TRUE(semi);
  EXPECT_EQ(semi->user, "user;par=u%40example.net");
  EXPECT_EQ(semi->userUnescaped(), "user;par=u@example.net");
}

TEST(Uri, keeps_escaped_uri_parameters_as_written) {
  auto uri = Uri::parse("sip:cal%6Cer@host5.example.net;%6C%72;n%61me=v%61lue%25%34%31");
  ASSERT_TRUE(uri);
  ASSERT_EQ(uri->params.all().size(), 2u);
  EXPECT_EQ(uri->params.all()[0].name, "%6C%72");
  EXPECT_FALSE(uri->params.all()[0].value);
  EXPECT_EQ(uri->params.get("n%61me"), "v%61lue%25%34%31");
}

TEST(Uri, tolerates_an_unescaped_at_sign_in_uri_headers) {
  // What phones send in Refer-To for attended transfer.
  auto uri = Uri::parse("sip:bob@b.example.com?Replaces=12345@192.168.1.1%3Bto-tag%3D1%3Bfrom-tag%3D2");
  ASSERT_TRUE(uri);
  EXPECT_EQ(uri->user, "bob");
  EXPECT_EQ(uri->host, "b.example.com");
  EXPECT_EQ(uri->headers, "Replaces=12345@192.168.1.1%3Bto-tag%3D1%3Bfrom-tag%3D2");
}

TEST(Uri, keeps_other_schemes_opaque) {
  auto uri = Uri::parse("soap.beep://192.0.2.103:3002");
  ASSERT_TRUE(uri);
  EXPECT_EQ(uri->scheme, "soap.beep");
  EXPECT_EQ(uri->opaque, "//192.0.2.103:3002");
  EXPECT_FALSE(uri->isSip());
  EXPECT_EQ(uri->toString(), "soap.beep://192.0.2.103:3002");

  auto odd = Uri::parse("nobodyKnowsThisScheme:totallyopaquecontent");
  ASSERT_TRUE(odd);
  EXPECT_EQ(odd->scheme, "nobodyknowsthisscheme");
  EXPECT_EQ(odd->opaque, "totallyopaquecontent");
}

TEST(Uri, reads_tel_numbers_and_their_parameters) {
  auto uri = Uri::parse("tel:+1-201-555-0123;phone-context=example.com;ext=12");
  ASSERT_TRUE(uri);
  EXPECT_EQ(uri->scheme, "tel");
  EXPECT_FALSE(uri->isSip());
  EXPECT_EQ(uri->user, "+1-201-555-0123");
  EXPECT_EQ(uri->params.get("phone-context"), "example.com");
  EXPECT_EQ(uri->params.get("ext"), "12");
  EXPECT_EQ(uri->toString(), "tel:+1-201-555-0123;phone-context=example.com;ext=12");
  EXPECT_FALSE(Uri::parse("tel:;x=1"));
}

TEST(Uri, round_trips_through_to_string) {
  for (const char* text : {"sip:example.com", "sip:user@example.com", "sip:user:@example.com",
                           "sip:u@h:1;a;b=c?d=e", "sips:[::1]:5061;transport=tls"}) {
    auto uri = Uri::parse(text);
    ASSERT_TRUE(uri) << text;
    EXPECT_EQ(uri->toString(), text);
  }
}

TEST(ParamList, sets_replaces_and_removes_case_insensitively) {
  ParamList p;
  p.set("tag", std::string("a"));
  p.set("lr", std::nullopt);
  p.set("TAG", std::string("b"));
  EXPECT_EQ(p.all().size(), 2u);
  EXPECT_EQ(p.get("Tag"), "b");
  std::string out;
  p.appendTo(out);
  EXPECT_EQ(out, ";tag=b;lr");
  p.remove("LR");
  EXPECT_FALSE(p.has("lr"));
  EXPECT_FALSE(p.get("lr"));
}

}  // namespace sb::sip
