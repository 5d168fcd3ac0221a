// SPDX-License-Identifier: MIT
#include "sip/message/request_sanity.h"

#include <gtest/gtest.h>

#include <array>

#include "wire.h"

namespace sb::sip {

namespace {

constexpr std::array<std::string_view, 2> kSupported{"replaces", "timer"};
constexpr std::array<Method, 6> kAllowed{Method::Invite, Method::Ack,     Method::Bye,
                                         Method::Cancel, Method::Options, Method::Register};

Message request(std::string_view startLine, std::string_view cseq,
                std::initializer_list<std::string_view> extra = {}) {
  std::string w(startLine);
  w += "\r\nVia: SIP/2.0/UDP h;branch=z9hG4bK1\r\nTo: <sip:b@example.com>\r\n"
       "From: <sip:a@example.com>;tag=1\r\nCall-ID: c\r\nCSeq: ";
  w += cseq;
  w += "\r\n";
  for (auto line : extra) {
    w += line;
    w += "\r\n";
  }
  w += "\r\n";
  auto r = parse(w);
  EXPECT_EQ(r.kind, ParseResult::Kind::Ok) << r.error;
  return std::move(*r.message);
}

std::optional<Message> check(const Message& m) { return checkRequestSanity(m, kSupported, kAllowed); }

}  // namespace

TEST(RequestSanity, lets_a_good_request_through) {
  EXPECT_FALSE(check(request("INVITE sip:b@example.com SIP/2.0", "1 INVITE",
                             {"Require: timer, Replaces", "Supported: 100rel"})));
  EXPECT_FALSE(check(request("OPTIONS sip:b@example.com SIP/2.0", "7 OPTIONS")));  // no Max-Forwards
}

TEST(RequestSanity, answers_505_to_another_version_first) {
  const auto r = check(request("FROB nobody:x SIP/7.0", "1 INVITE", {"Require: foo"}));
  ASSERT_TRUE(r);
  EXPECT_EQ(r->statusCode(), 505);
  EXPECT_EQ(r->callId(), "c");
}

TEST(RequestSanity, answers_416_to_a_scheme_other_than_sip) {
  const auto r = check(request("INVITE tel:+15551234 SIP/2.0", "1 INVITE"));
  ASSERT_TRUE(r);
  EXPECT_EQ(r->statusCode(), 416);
}

TEST(RequestSanity, answers_501_with_allow_to_an_unknown_method) {
  const auto r = check(request("NEWMETHOD sip:b@example.com SIP/2.0", "8 INVITE"));
  ASSERT_TRUE(r);
  EXPECT_EQ(r->statusCode(), 501);
  EXPECT_EQ(r->header("Allow"), "INVITE, ACK, BYE, CANCEL, OPTIONS, REGISTER");
}

TEST(RequestSanity, answers_405_with_allow_to_a_known_method_not_offered) {
  const auto r = check(request("PUBLISH sip:b@example.com SIP/2.0", "8 PUBLISH"));
  ASSERT_TRUE(r);
  EXPECT_EQ(r->statusCode(), 405);
  EXPECT_TRUE(r->hasHeader("Allow"));
}

TEST(RequestSanity, answers_400_when_the_cseq_method_differs) {
  const auto r = check(request("OPTIONS sip:b@example.com SIP/2.0", "8 INVITE"));
  ASSERT_TRUE(r);
  EXPECT_EQ(r->statusCode(), 400);
}

TEST(RequestSanity, answers_420_listing_each_unknown_require_option) {
  const auto r = check(request("OPTIONS sip:b@example.com SIP/2.0", "8 OPTIONS",
                               {"Require: nothingSupportsThis, timer", "Require: neitherThis",
                                "Proxy-Require: forProxiesOnly"}));
  ASSERT_TRUE(r);
  EXPECT_EQ(r->statusCode(), 420);
  EXPECT_EQ(r->header("Unsupported"), "nothingSupportsThis, neitherThis");
}

TEST(RequestSanity, never_answers_420_to_ack_or_cancel) {
  EXPECT_FALSE(check(request("ACK sip:b@example.com SIP/2.0", "1 ACK", {"Require: foo"})));
  EXPECT_FALSE(check(request("CANCEL sip:b@example.com SIP/2.0", "1 CANCEL", {"Require: foo"})));
}

}  // namespace sb::sip
