// SPDX-License-Identifier: MIT
// RFC 4475 torture messages (tests/scenarios/torture, written by make-torture.py): every file
// gets the verdict expected.tsv names, and the valid ones read as the RFC describes.
#include <gtest/gtest.h>

#include <array>
#include <fstream>
#include <sstream>

#include "sip/message/request_sanity.h"
#include "sip/message/response_builder.h"

namespace sb::sip {
namespace {

const std::string kDir = std::string(SB_SOURCE_DIR) + "/tests/scenarios/torture/";

struct TortureCase {
  std::string name;
  std::string verdict;
  std::string note;
};

std::string readFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

std::vector<TortureCase> loadCases() {
  std::vector<TortureCase> cases;
  std::istringstream tsv(readFile(kDir + "expected.tsv"));
  std::string line;
  while (std::getline(tsv, line)) {
    if (line.empty() || line[0] == '#') continue;
    const auto a = line.find('\t');
    const auto b = line.find('\t', a + 1);
    cases.push_back({line.substr(0, a), line.substr(a + 1, b - a - 1), line.substr(b + 1)});
  }
  return cases;
}

constexpr std::array<std::string_view, 3> kSupported{"replaces", "timer", "path"};
constexpr std::array<Method, 12> kAllowed{
    Method::Invite, Method::Ack,    Method::Bye,       Method::Cancel, Method::Register, Method::Options,
    Method::Info,   Method::Update, Method::Subscribe, Method::Notify, Method::Refer,    Method::Message};

// What Switchboard does with the datagram: the words of expected.tsv.
std::string verdictOf(const ParseResult& r) {
  switch (r.kind) {
    case ParseResult::Kind::Drop:
      return "drop";
    case ParseResult::Kind::BadRequest:
      return "400";
    case ParseResult::Kind::Ok:
      break;
  }
  if (r.message->isResponse()) return "ok";
  const auto answer = checkRequestSanity(*r.message, kSupported, kAllowed);
  return answer ? std::to_string(answer->statusCode()) : "ok";
}

Message parsedOk(const std::string& name) {
  const auto r = parse(readFile(kDir + name + ".sip"));
  EXPECT_EQ(r.kind, ParseResult::Kind::Ok) << name << ": " << r.error;
  return r.message ? *r.message : Message{};
}

class Torture : public ::testing::TestWithParam<TortureCase> {};

TEST_P(Torture, gets_the_verdict_rfc4475_asks_for) {
  const TortureCase& c = GetParam();
  const std::string data = readFile(kDir + c.name + ".sip");
  ASSERT_FALSE(data.empty()) << c.name;
  const ParseResult r = parse(data);
  EXPECT_EQ(verdictOf(r), c.verdict) << c.name << " (" << c.note << "): " << r.error;

  if (r.kind == ParseResult::Kind::BadRequest) {
    // Whatever was wrong, a 400 can be built and written.
    const Message answer = makeResponse(*r.message, 400, r.error);
    EXPECT_EQ(answer.serialize().rfind("SIP/2.0 400 ", 0), 0u);
  }
  if (r.kind == ParseResult::Kind::Ok) {
    // What we accept, we can write back and read again, framed for a stream this time.
    const auto again = parse(r.message->serialize(), true);
    EXPECT_EQ(again.kind, ParseResult::Kind::Ok) << again.error;
  }
  // The parser's stream framing agrees with Content-Length where there is one.
  (void)frameLength(data);
}

INSTANTIATE_TEST_SUITE_P(Rfc4475, Torture, ::testing::ValuesIn(loadCases()),
                         [](const auto& testInfo) { return testInfo.param.name; });

TEST(TortureFiles, are_all_listed_and_present) { EXPECT_GE(loadCases().size(), 47u); }

TEST(TortureDetails, wsinv_reads_through_folding_and_odd_spacing) {
  const Message m = parsedOk("wsinv");
  EXPECT_EQ(m.method(), Method::Invite);
  EXPECT_TRUE(m.requestUri().params.has("unknownparam"));
  EXPECT_EQ(m.to().uri.user, "vivekg");
  EXPECT_EQ(m.to().tag(), "1918181833n");
  EXPECT_EQ(m.from().displayName, R"(J Rosenberg \")");
  EXPECT_EQ(m.from().tag(), "98asjd8");
  EXPECT_EQ(m.maxForwards(), 68u);
  EXPECT_EQ(m.cseq().number, 9u);
  EXPECT_EQ(m.cseq().method, "INVITE");
  ASSERT_EQ(m.vias().size(), 3u);
  EXPECT_EQ(m.vias()[0].transport, "UDP");
  EXPECT_EQ(m.vias()[0].host, "192.0.2.2");
  EXPECT_EQ(m.vias()[0].branch(), "390skdjuw");
  EXPECT_EQ(m.vias()[1].transport, "TCP");
  EXPECT_EQ(m.vias()[1].host, "spindle.example.com");
  EXPECT_EQ(m.vias()[1].branch(), "z9hG4bK9ikj8");
  EXPECT_EQ(m.vias()[2].host, "192.168.255.111");
  EXPECT_EQ(m.vias()[2].branch(), "z9hG4bK30239");
  EXPECT_EQ(m.header("Subject"), "");
  EXPECT_EQ(m.header("NewFangledHeader"), "newfangled value continued newfangled value");
  EXPECT_EQ(m.header("UnknownHeaderWithUnusualValue"), ";;,,;;,;");
  ASSERT_EQ(m.contacts().size(), 1u);
  EXPECT_EQ(m.contacts()[0].address.displayName, R"(Quoted string "")");
  EXPECT_EQ(m.contacts()[0].address.params.get("newparam"), "newvalue");
  EXPECT_TRUE(m.contacts()[0].address.params.has("secondparam"));
  EXPECT_EQ(m.contacts()[0].address.params.get("q"), "0.33");
  EXPECT_EQ(m.body().size(), 150u);
}

TEST(TortureDetails, intmeth_keeps_every_odd_character) {
  const Message m = parsedOk("intmeth");
  EXPECT_EQ(m.method(), Method::Unknown);
  EXPECT_EQ(m.methodName(), "!interesting-Method0123456789_*+`.%indeed'~");
  EXPECT_EQ(m.requestUri().password, "&it+has=1,weird!*pas$wo~d_too.(doesn't-it)");
  EXPECT_EQ(m.to().displayName, std::string("BEL:\x07 NUL:\0 DEL:\x7f", 17));
  EXPECT_EQ(m.from().displayName, "token1~` token2'+_ token3*%!.-");
  EXPECT_EQ(m.from().tag(), "_token~1'+`*%!-.");
  EXPECT_EQ(m.callId(), R"(intmeth.word%ZK-!.*_+'@word`~)(><:\/"][?}{)");
  EXPECT_EQ(m.cseq().method, m.methodName());
  EXPECT_EQ(m.vias()[0].branch(), "z9hG4bK-.!%66*_+`'~");
  EXPECT_EQ(m.header("extensionHeader-!.%*+_`'~"), "\xEF\xBB\xBF\xE5\xA4\xA7\xE5\x81\x9C\xE9\x9B\xBB");
}

TEST(TortureDetails, escapes_stay_escapes_where_they_are_not_escapes) {
  const Message esc01 = parsedOk("esc01");
  EXPECT_EQ(esc01.to().uri.userUnescaped(), "user");
  EXPECT_EQ(esc01.contacts()[0].address.uri.params.get("n%61me"), "v%61lue%25%34%31");
  const Message escnull = parsedOk("escnull");
  ASSERT_EQ(escnull.contacts().size(), 2u);
  EXPECT_NE(escnull.contacts()[0].address.uri.userUnescaped(),
            escnull.contacts()[1].address.uri.userUnescaped());
  const Message esc02 = parsedOk("esc02");
  EXPECT_EQ(esc02.methodName(), "RE%47IST%45R");
  EXPECT_EQ(esc02.to().displayName, "%Z%45");
  EXPECT_EQ(esc02.contacts().size(), 2u);  // C%6Fntact is another header
  EXPECT_EQ(esc02.header("C%6Fntact"), "<sip:alias2@host2.example.com>");
}

TEST(TortureDetails, long_values_and_many_vias_survive) {
  const Message m = parsedOk("longreq");
  ASSERT_EQ(m.vias().size(), 34u);
  EXPECT_EQ(m.vias()[0].host, "sip33.example.com");
  EXPECT_EQ(m.vias()[33].params.get("received"), "192.0.2.5");
  EXPECT_EQ(m.to().uri.port, 6000);
  EXPECT_EQ(m.to().uri.params.all().size(), 3u);
  EXPECT_EQ(m.from().params.all().size(), 3u);
}

TEST(TortureDetails, a_datagram_ends_where_content_length_says) {
  const Message dbl = parsedOk("dblreq");
  EXPECT_EQ(dbl.method(), Method::Register);
  EXPECT_TRUE(dbl.body().empty());
  const Message mpart = parsedOk("mpart01");
  EXPECT_EQ(mpart.body().size(), 553u);
  EXPECT_NE(mpart.body().find('\0'), std::string::npos);
  EXPECT_TRUE(mpart.vias()[0].params.has("rport"));
  const Message old = parsedOk("inv2543");
  EXPECT_EQ(old.body().substr(0, 3), "v=0");
  EXPECT_FALSE(old.maxForwards());
}

TEST(TortureDetails, responses_keep_odd_reasons) {
  const Message unreason = parsedOk("unreason");
  EXPECT_EQ(unreason.statusCode(), 200);
  EXPECT_EQ(unreason.reason().substr(0, 14), "= 2**3 * 5**2 ");
  const Message noreason = parsedOk("noreason");
  EXPECT_EQ(noreason.statusCode(), 100);
  EXPECT_EQ(noreason.reason(), "");
}

TEST(TortureDetails, contact_parameters_go_where_the_brackets_say) {
  const Message c1 = parsedOk("cparam01");
  EXPECT_TRUE(c1.contacts()[0].address.params.has("unknownparam"));
  EXPECT_TRUE(c1.contacts()[0].address.uri.params.empty());
  const Message c2 = parsedOk("cparam02");
  EXPECT_TRUE(c2.contacts()[0].address.uri.params.has("unknownparam"));
  EXPECT_TRUE(c2.contacts()[0].address.params.empty());
  const Message escaped = parsedOk("regescrt");
  EXPECT_EQ(escaped.contacts()[0].address.uri.headers, "Route=%3Csip:sip.example.com%3E");
}

TEST(TortureDetails, bext01_lists_both_unknown_options) {
  const auto r = checkRequestSanity(parsedOk("bext01"), kSupported, kAllowed);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->header("Unsupported"), "nothingSupportsThis, nothingSupportsThisEither");
}

}  // namespace
}  // namespace sb::sip
