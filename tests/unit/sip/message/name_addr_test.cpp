// SPDX-License-Identifier: MIT
#include <gtest/gtest.h>

#include "sip/message/uri.h"

namespace sb::sip {

TEST(NameAddr, unquotes_and_unescapes_the_display_name) {
  auto na = NameAddr::parse(R"("J Rosenberg \\\""       <sip:jdrosen@example.com> ; tag = 98asjd8)");
  ASSERT_TRUE(na);
  EXPECT_EQ(na->displayName, R"(J Rosenberg \")");
  EXPECT_EQ(na->uri.user, "jdrosen");
  EXPECT_EQ(na->tag(), "98asjd8");
}

TEST(NameAddr, gives_parameters_of_a_bare_addr_spec_to_the_header) {
  auto na = NameAddr::parse("sip:+19725552222@gw1.example.net;unknownparam;tag=x");
  ASSERT_TRUE(na);
  EXPECT_TRUE(na->uri.params.empty());
  EXPECT_TRUE(na->params.has("unknownparam"));
  EXPECT_EQ(na->tag(), "x");

  auto bracketed = NameAddr::parse("<sip:+19725552222@gw1.example.net;unknownparam>");
  ASSERT_TRUE(bracketed);
  EXPECT_TRUE(bracketed->uri.params.has("unknownparam"));
  EXPECT_TRUE(bracketed->params.empty());
}

TEST(NameAddr, accepts_token_display_names_with_or_without_space_before_the_bracket) {
  auto a = NameAddr::parse("caller<sip:caller@example.com>;tag=323");
  ASSERT_TRUE(a);
  EXPECT_EQ(a->displayName, "caller");
  auto b = NameAddr::parse("token1~` token2'+_ token3*%!.- <sip:mundane@example.com>");
  ASSERT_TRUE(b);
  EXPECT_EQ(b->displayName, "token1~` token2'+_ token3*%!.-");
}

TEST(NameAddr, refuses_what_rfc4475_calls_invalid) {
  EXPECT_FALSE(NameAddr::parse(R"("Mr. J. User <sip:j.user@example.com>)"));        // quotbal
  EXPECT_FALSE(NameAddr::parse(R"("Watson, Thomas" < sip:t.watson@example.org >)"));  // badaspec
  EXPECT_FALSE(NameAddr::parse("Bell, Alexander <sip:a.g.bell@example.com>;tag=43"));  // baddn
  EXPECT_FALSE(NameAddr::parse("sip:user@example.com?Route=%3Csip:sip.example.com%3E"));  // regbadct
  EXPECT_FALSE(NameAddr::parse(R"("Joe" <sip:joe@example.org>;;;;)"));                // badinv01
  EXPECT_FALSE(NameAddr::parse("<sip:joe@example.org"));
  EXPECT_FALSE(NameAddr::parse("<sip:joe@example.org> trailing"));
  EXPECT_FALSE(NameAddr::parse(""));
}

TEST(NameAddr, keeps_quoted_parameter_values_with_their_quotes) {
  auto na = NameAddr::parse(R"(<sip:a@b>;q = 0.33;x="a;b, c";lr)");
  ASSERT_TRUE(na);
  EXPECT_EQ(na->params.get("q"), "0.33");
  EXPECT_EQ(na->params.get("x"), R"("a;b, c")");
  EXPECT_EQ(na->params.get("lr"), "");
}

TEST(NameAddr, writes_the_bracketed_form_with_an_escaped_display_name) {
  NameAddr na;
  na.displayName = "Bob \"the\" \\ Builder\r\n";
  na.uri = *Uri::parse("sip:bob@example.com;transport=udp");
  na.params.set("tag", std::string("abc"));
  EXPECT_EQ(na.toString(), R"("Bob \"the\" \\ Builder" <sip:bob@example.com;transport=udp>;tag=abc)");
  auto back = NameAddr::parse(na.toString());
  ASSERT_TRUE(back);
  EXPECT_EQ(back->displayName, "Bob \"the\" \\ Builder");
  EXPECT_TRUE(back->uri.params.has("transport"));
  EXPECT_EQ(back->tag(), "abc");
}

TEST(NameAddr, holds_uris_of_any_scheme) {
  auto isbn = NameAddr::parse("isbn:2983792873");
  ASSERT_TRUE(isbn);
  EXPECT_EQ(isbn->uri.scheme, "isbn");
  auto http = NameAddr::parse("<http://www.example.com>;tag=3234233");
  ASSERT_TRUE(http);
  EXPECT_EQ(http->uri.opaque, "//www.example.com");
  EXPECT_EQ(http->tag(), "3234233");
}

}  // namespace sb::sip
