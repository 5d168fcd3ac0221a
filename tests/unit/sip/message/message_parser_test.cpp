// SPDX-License-Identifier: MIT
#include <gtest/gtest.h>

#include <chrono>
#include <cstdio>

#include "sip/message/message.h"
#include "wire.h"

namespace sb::sip {

using Kind = ParseResult::Kind;
using testing::registerRequest;
using testing::wire;

namespace {

std::string optionsWith(std::initializer_list<std::string_view> extra, std::string_view body = {}) {
  std::string out =
      "OPTIONS sip:user@example.com SIP/2.0\r\n"
      "Via: SIP/2.0/UDP host.example.com;branch=z9hG4bKkdjuw\r\n"
      "To: sip:user@example.com\r\n"
      "From: sip:caller@example.net;tag=1\r\n"
      "Call-ID: abc@host\r\n"
      "CSeq: 1 OPTIONS\r\n";
  for (auto line : extra) {
    out += line;
    out += "\r\n";
  }
  out += "\r\n";
  out += body;
  return out;
}

}  // namespace

TEST(Parse, reads_a_typical_register) {
  const auto r = parse(registerRequest());
  ASSERT_EQ(r.kind, Kind::Ok) << r.error;
  const Message& m = *r.message;
  EXPECT_TRUE(m.isRequest());
  EXPECT_EQ(m.method(), Method::Register);
  EXPECT_EQ(m.requestUri().host, "pbx.example.com");
  ASSERT_EQ(m.vias().size(), 1u);
  EXPECT_TRUE(m.vias()[0].params.has("rport"));
  EXPECT_EQ(m.from().displayName, "Front Desk");
  EXPECT_EQ(m.from().tag(), "8a7b6c5d");
  EXPECT_FALSE(m.to().tag());
  EXPECT_EQ(m.callId(), "NmQ4ZjZiZDYwYTdiYWU0ZjQyOTFhM2E1YmY3ZDY4NTk");
  EXPECT_EQ(m.cseq().number, 2u);
  EXPECT_EQ(m.cseq().method, "REGISTER");
  ASSERT_EQ(m.contacts().size(), 1u);
  EXPECT_EQ(m.contacts()[0].address.uri.port, 5060);
  EXPECT_EQ(m.maxForwards(), 70u);
  EXPECT_EQ(m.expires(), 3600u);
  EXPECT_EQ(m.valuesOf("Supported").size(), 7u);
  EXPECT_TRUE(m.body().empty());
}

TEST(Parse, expands_compact_names_and_ignores_name_case) {
  const auto r = parse(wire({
      "INVITE sip:bob@example.com SIP/2.0",
      "v: SIP/2.0/UDP h;branch=z9hG4bK1",
      "t: sip:bob@example.com",
      "F: sip:alice@example.com;tag=9",
      "i: c1",
      "cseq: 4 INVITE",
      "m: <sip:alice@10.0.0.1>",
      "c: application/sdp",
      "k: timer",
      "MAX-FORWARDS: 10",
      "l: 4",
  }, "v=0\r\n"));
  ASSERT_EQ(r.kind, Kind::Ok) << r.error;
  const Message& m = *r.message;
  EXPECT_EQ(m.headers()[0].name, "Via");
  EXPECT_EQ(m.headers()[1].name, "To");
  EXPECT_EQ(m.headers()[8].name, "Max-Forwards");
  EXPECT_EQ(m.header("Content-Type"), "application/sdp");
  EXPECT_EQ(m.header("c"), "application/sdp");
  EXPECT_EQ(m.header("supported"), "timer");
  EXPECT_EQ(m.body(), "v=0\r");  // Content-Length 4 of the 5 octets left
  EXPECT_EQ(m.maxForwards(), 10u);
}

TEST(Parse, unfolds_continuation_lines_into_one_space) {
  const auto r = parse(wire({
      "INVITE sip:bob@example.com SIP/2.0",
      "Via: SIP/2.0/UDP h;branch=z9hG4bK1",
      "To:",
      " sip:bob@example.com ;   tag    = 12",
      "From: sip:alice@example.com;tag=9",
      "Call-ID: c1",
      "CSeq: 0009",
      "  INVITE",
      "Subject: one",
      "\t two  ",
      "   three",
  }));
  ASSERT_EQ(r.kind, Kind::Ok) << r.error;
  EXPECT_EQ(r.message->header("Subject"), "one two three");
  EXPECT_EQ(r.message->to().tag(), "12");
  EXPECT_EQ(r.message->cseq().number, 9u);
}

TEST(Parse, splits_comma_separated_vias_and_contacts) {
  const auto r = parse(wire({
      "REGISTER sip:example.com SIP/2.0",
      "Via: SIP/2.0/TCP a.example.com;branch=z9hG4bKa, SIP/2.0/UDP b.example.com;branch=z9hG4bKb",
      "Via: SIP/2.0/UDP c.example.com;branch=z9hG4bKc",
      "To: sip:u@example.com",
      "From: sip:u@example.com;tag=1",
      "Call-ID: c",
      "CSeq: 1 REGISTER",
      R"(Contact: "A, B" <sip:a@1.1.1.1>;expires=60, <sip:b@2.2.2.2>;q=0.5)",
      "Contact: *",
  }));
  ASSERT_EQ(r.kind, Kind::Ok) << r.error;
  const Message& m = *r.message;
  ASSERT_EQ(m.vias().size(), 3u);
  EXPECT_EQ(m.vias()[1].host, "b.example.com");
  EXPECT_EQ(m.vias()[2].branch(), "z9hG4bKc");
  ASSERT_EQ(m.contacts().size(), 3u);
  EXPECT_EQ(m.contacts()[0].address.displayName, "A, B");
  EXPECT_EQ(m.contacts()[0].address.params.get("expires"), "60");
  EXPECT_EQ(m.contacts()[1].address.params.get("q"), "0.5");
  EXPECT_TRUE(m.contacts()[2].wildcard);
}

TEST(Parse, reads_responses_with_empty_or_utf8_reasons) {
  const auto r = parse(wire({
      "SIP/2.0 180 ",
      "Via: SIP/2.0/UDP h;branch=z9hG4bK1",
      "To: <sip:bob@example.com>;tag=2",
      "From: sip:alice@example.com;tag=9",
      "Call-ID: c1",
      "CSeq: 1 INVITE",
  }));
  ASSERT_EQ(r.kind, Kind::Ok) << r.error;
  EXPECT_TRUE(r.message->isResponse());
  EXPECT_EQ(r.message->statusCode(), 180);
  EXPECT_EQ(r.message->reason(), "");
  const auto utf8 = parse(wire({"SIP/2.0 486 Занято",
                                "Via: SIP/2.0/UDP h;branch=z9hG4bK1", "To: <sip:b@e>;tag=2",
                                "From: <sip:a@e>;tag=1", "Call-ID: c", "CSeq: 1 INVITE"}));
  ASSERT_EQ(utf8.kind, Kind::Ok);
  EXPECT_EQ(utf8.message->reason(), "Занято");
}

TEST(Parse, drops_responses_that_cannot_be_valid) {
  const auto base = [](std::string_view statusLine, std::string_view cseq) {
    std::string w(statusLine);
    w += "\r\nVia: SIP/2.0/UDP h;branch=z9hG4bK1\r\nTo: <sip:b@e>\r\nFrom: <sip:a@e>;tag=1\r\n"
         "Call-ID: c\r\nCSeq: ";
    w += cseq;
    w += "\r\n\r\n";
    return w;
  };
  EXPECT_EQ(parse(base("SIP/2.0 200 OK", "1 INVITE")).kind, Kind::Ok);
  EXPECT_EQ(parse(base("SIP/2.0 4294967301 big", "1 INVITE")).kind, Kind::Drop);
  EXPECT_EQ(parse(base("SIP/2.0 099 low", "1 INVITE")).kind, Kind::Drop);
  EXPECT_EQ(parse(base("SIP/2.0 700 high", "1 INVITE")).kind, Kind::Drop);
  EXPECT_EQ(parse(base("SIP/3.0 200 OK", "1 INVITE")).kind, Kind::Drop);
  EXPECT_EQ(parse(base("SIP/2.0 200 OK", "9292394834772304023312 INVITE")).kind, Kind::Drop);
  EXPECT_EQ(parse("SIP/2.0 200 OK\r\nTo: <sip:b@e>\r\n\r\n").kind, Kind::Drop);
}

TEST(Parse, answers_400_to_a_readable_request_with_a_bad_core_header) {
  struct Case {
    std::string_view line;
    std::string_view error;
  };
  for (const Case& c : {Case{"Content-Length: five", "bad Content-Length"},
                        Case{"Content-Length: -1", "bad Content-Length"},
                        Case{"To: sip:other@example.net", "duplicate To"},
                        Case{"Max-Forwards: many", "bad Max-Forwards"},
                        Case{"Contact: <sip:a@b", "bad Contact"},
                        Case{"Via: SIP/2.0/UDP h;;", "bad Via"},
                        Case{"Call-ID: second", "duplicate Call-ID"},
                        Case{"this line has no colon", "bad header line"}}) {
    const auto r = parse(optionsWith({c.line}));
    EXPECT_EQ(r.kind, Kind::BadRequest) << c.line;
    EXPECT_EQ(r.error, c.error) << c.line;
    ASSERT_TRUE(r.message) << c.line;
    EXPECT_EQ(r.message->callId(), "abc@host");
    EXPECT_EQ(r.message->cseq().number, 1u);
  }
}

TEST(Parse, answers_400_to_whitespace_inside_the_request_uri) {
  for (std::string_view line : {"INVITE sip:a@b; lr SIP/2.0", "INVITE sip:a@b; x; y; z SIP/2.0",
                                "INVITE  SIP/2.0", "INVITE <sip:a@b> SIP/2.0"}) {
    std::string w = optionsWith({});
    w.replace(0, w.find("\r\n"), line);
    const auto r = parse(w);
    EXPECT_EQ(r.kind, Kind::BadRequest) << line;
    ASSERT_TRUE(r.message) << line;
    EXPECT_EQ(r.message->methodName(), "INVITE");
  }
  std::string extraSpaces = optionsWith({});
  extraSpaces.replace(0, extraSpaces.find("\r\n"), "OPTIONS   sip:user@example.com   SIP/2.0  ");
  EXPECT_EQ(parse(extraSpaces).kind, Kind::Ok);
}

TEST(Parse, treats_out_of_range_max_forwards_and_expires_as_absent) {
  const auto r = parse(optionsWith({"Max-Forwards: 300", "Expires: 99999999999999"}));
  ASSERT_EQ(r.kind, Kind::Ok) << r.error;
  EXPECT_FALSE(r.message->maxForwards());
  EXPECT_FALSE(r.message->expires());
}

TEST(Parse, drops_garbage_and_requests_without_via) {
  EXPECT_EQ(parse("").kind, Kind::Drop);
  EXPECT_EQ(parse("\r\n\r\n").kind, Kind::Drop);
  EXPECT_EQ(parse("hello world\r\n\r\n").kind, Kind::Drop);
  EXPECT_EQ(parse("GET / HTTP/1.1\r\nHost: x\r\n\r\n").kind, Kind::Drop);
  EXPECT_EQ(parse("INVITE sip:a@b SIP/2.0\r\nTo: <sip:a@b>\r\n\r\n").kind, Kind::Drop);
  EXPECT_EQ(parse("INVITE sip:a@b SIP/2.0\r\nVia: SIP/2.0/UDP h\r\n").kind, Kind::Drop);  // no end
}

TEST(Parse, keeps_unknown_versions_schemes_and_methods_for_the_core) {
  const auto v7 = parse(wire({"OPTIONS sip:a@b SIP/7.0", "Via: SIP/7.0/UDP h;branch=z9hG4bK1",
                              "To: <sip:a@b>", "From: <sip:c@d>;tag=1", "Call-ID: x", "CSeq: 1 OPTIONS"}));
  ASSERT_EQ(v7.kind, Kind::Ok) << v7.error;
  EXPECT_EQ(v7.message->version(), "SIP/7.0");

  const auto tel = parse(wire({"INVITE tel:+15551234 SIP/2.0", "Via: SIP/2.0/UDP h;branch=z9hG4bK1",
                               "To: <tel:+15551234>", "From: <sip:c@d>;tag=1", "Call-ID: x", "CSeq: 1 INVITE"}));
  ASSERT_EQ(tel.kind, Kind::Ok) << tel.error;
  EXPECT_EQ(tel.message->requestUri().scheme, "tel");

  const auto unknown = parse(wire({"FROB sip:a@b SIP/2.0", "Via: SIP/2.0/UDP h;branch=z9hG4bK1",
                                   "To: <sip:a@b>", "From: <sip:c@d>;tag=1", "Call-ID: x", "CSeq: 1 FROB"}));
  ASSERT_EQ(unknown.kind, Kind::Ok) << unknown.error;
  EXPECT_EQ(unknown.message->method(), Method::Unknown);
  EXPECT_EQ(unknown.message->methodName(), "FROB");
}

TEST(Parse, frames_datagram_bodies_by_content_length_or_the_rest) {
  const auto exact = parse(optionsWith({"Content-Length: 5"}, "hello"));
  ASSERT_EQ(exact.kind, Kind::Ok);
  EXPECT_EQ(exact.message->body(), "hello");

  const auto extra = parse(optionsWith({"Content-Length: 2"}, "hello"));
  ASSERT_EQ(extra.kind, Kind::Ok);
  EXPECT_EQ(extra.message->body(), "he");

  const auto rest = parse(optionsWith({}, "hello"));
  ASSERT_EQ(rest.kind, Kind::Ok);
  EXPECT_EQ(rest.message->body(), "hello");

  const auto shortBody = parse(optionsWith({"Content-Length: 9"}, "hello"));
  EXPECT_EQ(shortBody.kind, Kind::BadRequest);
  EXPECT_EQ(shortBody.error, "bad Content-Length");
}

TEST(Parse, needs_content_length_on_streams) {
  EXPECT_EQ(parse(optionsWith({"Content-Length: 5"}, "hello"), true).kind, Kind::Ok);
  const auto missing = parse(optionsWith({}, ""), true);
  EXPECT_EQ(missing.kind, Kind::BadRequest);
  EXPECT_EQ(missing.error, "missing Content-Length");
}

TEST(Parse, accepts_lf_only_lines_and_leading_crlf) {
  std::string w = "\r\n\r\n" + optionsWith({"Content-Length: 0"});
  for (std::size_t i = 0; (i = w.find("\r\n", i)) != std::string::npos;) w.erase(i, 1);
  const auto r = parse(w);
  ASSERT_EQ(r.kind, Kind::Ok) << r.error;
  EXPECT_EQ(r.message->callId(), "abc@host");
}

TEST(Parse, reads_stray_carriage_returns_as_spaces_so_a_rewrite_reads_the_same) {
  std::string w = optionsWith({"Subject: a\rb", "X-Odd:\r", "Organization: \r x \r"});
  w.replace(0, w.find("\r\n"), "OPTIONS sip:user@example.com SIP/2.0\r");
  const auto first = parse(w);
  ASSERT_EQ(first.kind, Kind::Ok) << first.error;
  EXPECT_EQ(first.message->header("Subject"), "a b");
  EXPECT_EQ(first.message->header("X-Odd"), "");
  EXPECT_EQ(first.message->header("Organization"), "x");
  const std::string once = first.message->serialize();
  const auto second = parse(once);
  ASSERT_EQ(second.kind, Kind::Ok);
  EXPECT_EQ(second.message->serialize(), once);
}

TEST(Parse, enforces_its_limits) {
  ParseLimits small;
  small.maxHeaders = 4;
  EXPECT_EQ(parse(optionsWith({}), false, small).kind, Kind::Drop);
  small = {};
  small.maxHeaderBytes = 100;
  EXPECT_EQ(parse(optionsWith({}), false, small).kind, Kind::Drop);
  small = {};
  small.maxMessageBytes = 50;
  EXPECT_EQ(parse(optionsWith({}), false, small).kind, Kind::Drop);
}

TEST(Parse, round_trips_through_serialize) {
  for (const std::string& w : {registerRequest(), optionsWith({"Content-Type: text/plain"}, "hi there")}) {
    const auto first = parse(w);
    ASSERT_EQ(first.kind, Kind::Ok) << first.error;
    const std::string again = first.message->serialize();
    const auto second = parse(again, true);
    ASSERT_EQ(second.kind, Kind::Ok) << second.error << "\n" << again;
    const Message& a = *first.message;
    const Message& b = *second.message;
    EXPECT_EQ(b.methodName(), a.methodName());
    EXPECT_EQ(b.requestUri().toString(), a.requestUri().toString());
    EXPECT_EQ(b.callId(), a.callId());
    EXPECT_EQ(b.from().toString(), a.from().toString());
    EXPECT_EQ(b.to().toString(), a.to().toString());
    EXPECT_EQ(b.cseq().toString(), a.cseq().toString());
    ASSERT_EQ(b.vias().size(), a.vias().size());
    EXPECT_EQ(b.vias()[0].toString(), a.vias()[0].toString());
    EXPECT_EQ(b.body(), a.body());
    EXPECT_EQ(b.headers().size(), a.headers().size() + (a.hasHeader("Content-Length") ? 0 : 1));
    EXPECT_EQ(b.serialize(), again);
  }
}

#if defined(__SANITIZE_ADDRESS__)
#define SB_SANITIZED 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define SB_SANITIZED 1
#endif
#endif

TEST(Parse, reads_a_register_in_a_few_microseconds) {
#ifdef SB_SANITIZED
  GTEST_SKIP() << "timing means nothing under the sanitizers";
#endif
  // A loose bound so that a busy CI machine passes; the point is catching an accidental
  // quadratic or allocation storm, not measuring (an idle machine takes a few microseconds).
  const std::string w = registerRequest();
  constexpr int kRounds = 2000;
  const auto start = std::chrono::steady_clock::now();
  for (int i = 0; i < kRounds; ++i) ASSERT_EQ(parse(w).kind, Kind::Ok);
  const auto perMessage = (std::chrono::steady_clock::now() - start) / kRounds;
  EXPECT_LT(perMessage, std::chrono::microseconds(250));
  std::printf("parse of a %zu-byte REGISTER: %lld ns\n", w.size(),
              static_cast<long long>(std::chrono::duration_cast<std::chrono::nanoseconds>(perMessage).count()));
}

}  // namespace sb::sip
