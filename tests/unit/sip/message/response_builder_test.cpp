// SPDX-License-Identifier: MIT
#include "sip/message/response_builder.h"

#include <gtest/gtest.h>

#include "wire.h"

namespace sb::sip {

namespace {

Message invite() {
  auto r = parse(testing::wire({
      "INVITE sip:bob@example.com SIP/2.0",
      "Via: SIP/2.0/UDP proxy.example.com;branch=z9hG4bK2, SIP/2.0/UDP pc.example.com;branch=z9hG4bK1;received=10.0.0.9",
      "Via: SIP/2.0/TCP first.example.com;branch=z9hG4bK0",
      "To: Bob <sip:bob@example.com>",
      "From: Alice <sip:alice@example.com>;tag=1928301774",
      "Call-ID: a84b4c76e66710",
      "CSeq: 314159 INVITE",
      "Timestamp: 54",
      "Max-Forwards: 70",
      "Contact: <sip:alice@pc.example.com>",
  }));
  return std::move(*r.message);
}

}  // namespace

TEST(MakeResponse, copies_vias_in_order_and_the_dialog_headers) {
  const Message req = invite();
  const Message r = makeResponse(req, 486, {}, "xyz");
  EXPECT_TRUE(r.isResponse());
  EXPECT_EQ(r.statusCode(), 486);
  EXPECT_EQ(r.reason(), "Busy Here");
  ASSERT_EQ(r.vias().size(), 3u);
  EXPECT_EQ(r.vias()[0].host, "proxy.example.com");
  EXPECT_EQ(r.vias()[1].params.get("received"), "10.0.0.9");
  EXPECT_EQ(r.vias()[2].host, "first.example.com");
  EXPECT_EQ(r.from().tag(), "1928301774");
  EXPECT_EQ(r.callId(), "a84b4c76e66710");
  EXPECT_EQ(r.cseq().number, 314159u);
  EXPECT_EQ(r.cseq().method, "INVITE");
  EXPECT_FALSE(r.hasHeader("Contact"));
  EXPECT_FALSE(r.hasHeader("Max-Forwards"));
  EXPECT_FALSE(r.hasHeader("Timestamp"));
}

TEST(MakeResponse, adds_a_to_tag_above_100_only) {
  const Message req = invite();
  const Message busy = makeResponse(req, 486, {}, "xyz");
  EXPECT_EQ(busy.to().tag(), "xyz");
  EXPECT_EQ(busy.to().displayName, "Bob");
  EXPECT_EQ(busy.header("To"), R"("Bob" <sip:bob@example.com>;tag=xyz)");

  const Message generated = makeResponse(req, 200);
  ASSERT_TRUE(generated.to().tag());
  EXPECT_GE(generated.to().tag()->size(), 8u);

  const Message trying = makeResponse(req, 100);
  EXPECT_FALSE(trying.to().tag());
  EXPECT_EQ(trying.header("Timestamp"), "54");  // RFC 3261 §8.2.6.1
}

TEST(MakeResponse, keeps_an_existing_to_tag) {
  Message req = invite();
  req.setHeader("To", "<sip:bob@example.com>;tag=old");
  const Message r = makeResponse(req, 200, "Fine", "new");
  EXPECT_EQ(r.to().tag(), "old");
  EXPECT_EQ(r.reason(), "Fine");
}

TEST(MakeResponse, answers_a_bad_request_with_its_headers_as_received) {
  const auto bad = parse(testing::wire({
      "INVITE sip:user@example.com SIP/2.0",
      "Via: SIP/2.0/UDP 192.0.2.15;;,;,,",
      "To: sip:j.user@example.com",
      "From: sip:caller@example.net;tag=1",
      "Call-ID: bad1",
      "CSeq: 8 INVITE",
  }));
  ASSERT_EQ(bad.kind, ParseResult::Kind::BadRequest);
  // The readable part of the broken top Via tells the stack where the answer goes.
  ASSERT_EQ(bad.message->vias().size(), 1u);
  EXPECT_EQ(bad.message->vias()[0].host, "192.0.2.15");
  EXPECT_TRUE(bad.message->vias()[0].params.empty());
  const Message r = makeResponse(*bad.message, 400, bad.error);
  EXPECT_EQ(r.reason(), "bad Via");
  EXPECT_EQ(r.header("Via"), "SIP/2.0/UDP 192.0.2.15;;,;,,");
  EXPECT_EQ(r.callId(), "bad1");
  ASSERT_TRUE(r.to().tag());
  const std::string wire = r.serialize();
  EXPECT_EQ(wire.rfind("SIP/2.0 400 bad Via\r\n", 0), 0u);
}

TEST(ReasonPhrase, names_known_codes_and_falls_back_to_the_class) {
  EXPECT_EQ(reasonPhrase(200), "OK");
  EXPECT_EQ(reasonPhrase(401), "Unauthorized");
  EXPECT_EQ(reasonPhrase(420), "Bad Extension");
  EXPECT_EQ(reasonPhrase(499), "Bad Request");
  EXPECT_EQ(reasonPhrase(299), "OK");
  EXPECT_EQ(reasonPhrase(42), "Unknown");
}

}  // namespace sb::sip

namespace sb::sip {

namespace {

// What a ResponseWriter wrote, read back by the parser the peer would use.
Message written(ResponseWriter&& writer) {
  auto r = parse(std::move(writer).finish());
  EXPECT_EQ(r.kind, ParseResult::Kind::Ok) << r.error;
  return r.message ? std::move(*r.message) : Message::response(599, "unreadable");
}

}  // namespace

TEST(ResponseWriter, writes_what_make_response_builds) {
  const Message req = invite();
  ResponseWriter writer(req, 486, {}, "xyz");
  EXPECT_EQ(writer.statusCode(), 486);
  const Message r = written(std::move(writer));
  const Message built = makeResponse(req, 486, {}, "xyz");
  EXPECT_EQ(r.statusCode(), 486);
  EXPECT_EQ(r.reason(), "Busy Here");
  ASSERT_EQ(r.vias().size(), 3u);
  for (std::size_t i = 0; i < 3; ++i) EXPECT_EQ(r.vias()[i].toString(), built.vias()[i].toString());
  EXPECT_EQ(r.from().toString(), built.from().toString());
  EXPECT_EQ(r.to().tag(), "xyz");
  EXPECT_EQ(r.to().uri.toString(), "sip:bob@example.com");
  EXPECT_EQ(r.callId(), "a84b4c76e66710");
  EXPECT_EQ(r.cseq().number, 314159u);
  EXPECT_EQ(r.cseq().method, "INVITE");
  EXPECT_EQ(r.header("Content-Length"), "0");
  EXPECT_FALSE(r.hasHeader("Contact"));
  EXPECT_FALSE(r.hasHeader("Timestamp"));
}

TEST(ResponseWriter, keeps_an_existing_to_tag_and_makes_one_when_missing) {
  Message req = invite();
  const Message generated = written(ResponseWriter(req, 200));
  ASSERT_TRUE(generated.to().tag());
  EXPECT_GE(generated.to().tag()->size(), 8u);

  const Message trying = written(ResponseWriter(req, 100));
  EXPECT_FALSE(trying.to().tag());
  EXPECT_EQ(trying.header("Timestamp"), "54");  // §8.2.6.1

  NameAddr to = req.to();
  to.params.set("tag", std::string("already"));
  req.setTo(std::move(to));
  EXPECT_EQ(written(ResponseWriter(req, 200, {}, "ignored")).to().tag(), "already");
}

TEST(ResponseWriter, adds_headers_in_order_and_cannot_be_made_to_break_a_line) {
  const Message req = invite();
  ResponseWriter writer(req, 423, "Interval\r\nX-Injected: 1");
  writer.header("Min-Expires", "60").header("Warning", "399 pbx \"x\"\r\nX-Evil: yes");
  const Message r = written(std::move(writer));
  EXPECT_EQ(r.statusCode(), 423);
  EXPECT_EQ(r.reason(), "Interval  X-Injected: 1");
  EXPECT_EQ(r.header("Min-Expires"), "60");
  EXPECT_FALSE(r.hasHeader("X-Injected"));
  EXPECT_FALSE(r.hasHeader("X-Evil"));
  EXPECT_EQ(r.header("Warning"), "399 pbx \"x\"  X-Evil: yes");
}

}  // namespace sb::sip
