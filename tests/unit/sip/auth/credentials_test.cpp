// SPDX-License-Identifier: MIT
#include "sip/auth/credentials.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <string>

namespace sb::sip::auth {
namespace {

constexpr const char* kRfc7616Sha256 =
    R"(Digest username="Mufasa", realm="http-auth@example.org", uri="/dir/index.html", )"
    R"(algorithm=SHA-256, nonce="7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v", nc=00000001, )"
    R"(cnonce="f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ", qop=auth, )"
    R"(response="753927fa0e85d155564e2e272a28d1802ca10daf4496794697cf8db5856cb6c1", )"
    R"(opaque="FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS")";

TEST(Credentials, parses_the_rfc7616_sha256_authorization) {
  auto c = parseCredentials(kRfc7616Sha256);
  ASSERT_TRUE(c);
  EXPECT_EQ(c->username, "Mufasa");
  EXPECT_EQ(c->realm, "http-auth@example.org");
  EXPECT_EQ(c->uri, "/dir/index.html");
  EXPECT_EQ(c->algorithm, DigestAlgorithm::Sha256);
  EXPECT_EQ(c->nonce, "7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v");
  EXPECT_EQ(c->nc, "00000001");
  EXPECT_EQ(c->nonceCount, 1u);
  EXPECT_EQ(c->cnonce, "f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ");
  EXPECT_EQ(c->qop, "auth");
  EXPECT_EQ(c->response, "753927fa0e85d155564e2e272a28d1802ca10daf4496794697cf8db5856cb6c1");
  EXPECT_EQ(c->opaque, "FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS");
}

TEST(Credentials, takes_md5_when_the_algorithm_is_absent_and_allows_no_qop) {
  auto c = parseCredentials(
      R"(Digest username="100",realm="pbx",nonce="n",uri="sip:pbx",response="abc")");
  ASSERT_TRUE(c);
  EXPECT_EQ(c->algorithm, DigestAlgorithm::Md5);
  EXPECT_TRUE(c->qop.empty());
  EXPECT_TRUE(c->nc.empty());
  EXPECT_TRUE(c->cnonce.empty());
}

TEST(Credentials, accepts_scheme_and_names_in_any_case_quoted_tokens_and_loose_spacing) {
  auto c = parseCredentials(
      "digest  USERNAME = \"100\" ,, realm=\"pbx\",\tnonce=\"n\", uri=\"sip:pbx\", "
      "Response=\"ABC\", Algorithm=\"md5\", qop=\"auth\", NC=0000000A, cnonce=\"c\", ");
  ASSERT_TRUE(c);
  EXPECT_EQ(c->username, "100");
  EXPECT_EQ(c->response, "ABC");
  EXPECT_EQ(c->algorithm, DigestAlgorithm::Md5);
  EXPECT_EQ(c->nonceCount, 10u);
  EXPECT_EQ(c->nc, "0000000A");
}

TEST(Credentials, unescapes_quoted_pairs) {
  auto c = parseCredentials(
      R"(Digest username="a\"b\\c, d", realm="p", nonce="n", uri="u", response="r")");
  ASSERT_TRUE(c);
  EXPECT_EQ(c->username, "a\"b\\c, d");
}

TEST(Credentials, ignores_unknown_parameters) {
  auto c = parseCredentials(
      R"(Digest username="u", realm="p", nonce="n", uri="u", response="r", userhash=false, x="y")");
  ASSERT_TRUE(c);
}

TEST(Credentials, rejects_other_schemes_and_missing_parameters) {
  EXPECT_FALSE(parseCredentials("Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ=="));
  EXPECT_FALSE(parseCredentials("Digest"));
  EXPECT_FALSE(parseCredentials("Digestusername=\"u\""));
  EXPECT_FALSE(parseCredentials(""));
  EXPECT_FALSE(parseCredentials(R"(Digest realm="p", nonce="n", uri="u", response="r")"));
  EXPECT_FALSE(parseCredentials(R"(Digest username="u", realm="p", uri="u", response="r")"));
  EXPECT_FALSE(parseCredentials(R"(Digest username="u", realm="p", nonce="n", response="r")"));
  EXPECT_FALSE(parseCredentials(R"(Digest username="u", realm="p", nonce="n", uri="u")"));
  EXPECT_FALSE(parseCredentials(R"(Digest username="", realm="p", nonce="n", uri="u", response="r")"));
}

TEST(Credentials, rejects_duplicated_parameters_in_any_case) {
  EXPECT_FALSE(parseCredentials(
      R"(Digest username="u", realm="p", nonce="n", uri="u", response="r", username="admin")"));
  EXPECT_FALSE(parseCredentials(
      R"(Digest username="u", realm="p", nonce="n", uri="u", response="r", Response="s")"));
  EXPECT_FALSE(parseCredentials(
      R"(Digest username="u", realm="p", nonce="n", uri="u", response="r", x=1, X=2)"));
}

TEST(Credentials, rejects_algorithms_we_do_not_offer) {
  const std::string base = R"(Digest username="u", realm="p", nonce="n", uri="u", response="r", )";
  EXPECT_FALSE(parseCredentials(base + "algorithm=MD5-sess"));
  EXPECT_FALSE(parseCredentials(base + "algorithm=SHA-512-256"));
  EXPECT_FALSE(parseCredentials(base + "algorithm=\"\""));
  EXPECT_TRUE(parseCredentials(base + "algorithm=sha-256"));
}

TEST(Credentials, rejects_inconsistent_qop_nc_and_cnonce) {
  const std::string base = R"(Digest username="u", realm="p", nonce="n", uri="u", response="r", )";
  EXPECT_FALSE(parseCredentials(base + R"(qop=auth, cnonce="c")"));
  EXPECT_FALSE(parseCredentials(base + R"(qop=auth, nc=00000001)"));
  EXPECT_FALSE(parseCredentials(base + R"(qop=auth, nc=00000001, cnonce="")"));
  EXPECT_FALSE(parseCredentials(base + R"(qop=auth, nc=1, cnonce="c")"));
  EXPECT_FALSE(parseCredentials(base + R"(qop=auth, nc=0000000g, cnonce="c")"));
  EXPECT_FALSE(parseCredentials(base + R"(qop=auth, nc=000000001, cnonce="c")"));
  EXPECT_FALSE(parseCredentials(base + R"(qop="", nc=00000001, cnonce="c")"));
  EXPECT_FALSE(parseCredentials(base + R"(nc=00000001, cnonce="c")"));
  EXPECT_FALSE(parseCredentials(base + R"(cnonce="c")"));
  auto c = parseCredentials(base + R"(qop=auth, nc=ffffffff, cnonce="c")");
  ASSERT_TRUE(c);
  EXPECT_EQ(c->nonceCount, 0xffffffffu);
}

TEST(Credentials, rejects_hostile_syntax) {
  const std::string ok = R"(username="u", realm="p", nonce="n", uri="u", response="r")";
  EXPECT_FALSE(parseCredentials("Digest " + ok + R"(, opaque="unterminated)"));
  EXPECT_FALSE(parseCredentials("Digest " + ok + R"(, opaque="ends in backslash\)"));
  EXPECT_FALSE(parseCredentials("Digest " + ok + ", opaque=\"new\r\nline\""));
  EXPECT_FALSE(parseCredentials("Digest " + ok + std::string(", opaque=\"nul\0x\"", 16)));
  EXPECT_FALSE(parseCredentials("Digest " + ok + ", opaque=\"esc\\\x01\""));
  EXPECT_FALSE(parseCredentials("Digest " + ok + ", opaque="));
  EXPECT_FALSE(parseCredentials("Digest " + ok + ", opaque"));
  EXPECT_FALSE(parseCredentials("Digest " + ok + ", =x"));
  EXPECT_FALSE(parseCredentials("Digest " + ok + ", opaque=a b"));
  EXPECT_FALSE(parseCredentials("Digest " + ok + " opaque=x"));  // missing comma
  EXPECT_FALSE(parseCredentials("Digest " + ok + ", opaque=<x>"));
  EXPECT_FALSE(parseCredentials("Digest " + ok + ", op\"aque=x"));
}

TEST(Credentials, bounds_sizes) {
  const std::string tail = R"(, realm="p", nonce="n", uri="u", response="r")";
  EXPECT_TRUE(parseCredentials("Digest username=\"" + std::string(kMaxUsernameSize, 'a') + "\"" + tail));
  EXPECT_FALSE(parseCredentials("Digest username=\"" + std::string(kMaxUsernameSize + 1, 'a') + "\"" + tail));
  EXPECT_FALSE(parseCredentials("Digest username=\"u\", opaque=\"" +
                                std::string(kMaxParamValueSize + 1, 'a') + "\"" + tail));
  EXPECT_FALSE(parseCredentials("Digest username=\"u\", opaque=" +
                                std::string(kMaxParamValueSize + 1, 'a') + tail));
  EXPECT_FALSE(parseCredentials("Digest username=\"u\"" + tail + ", " +
                                std::string(40, 'n') + "=1"));  // name too long
  std::string many = "Digest username=\"u\"" + tail;
  for (std::size_t i = 0; i < kMaxParams; ++i) many += ", x" + std::to_string(i) + "=1";
  EXPECT_FALSE(parseCredentials(many));
  std::string huge = "Digest username=\"u\"" + tail + ", x=\"" + std::string(kMaxCredentialsSize, 'a') + "\"";
  EXPECT_FALSE(parseCredentials(huge));
}

// Every prefix and many byte-flipped variants of a valid header: the parser must return, with or
// without a result, and never crash (run under ASan with SB_SANITIZE=ON).
TEST(Credentials, survives_truncated_and_mutated_input) {
  const std::string valid = kRfc7616Sha256;
  for (std::size_t n = 0; n < valid.size(); ++n) (void)parseCredentials(valid.substr(0, n));
  std::uint32_t state = 12345;
  std::size_t parsed = 0;
  for (int round = 0; round < 5000; ++round) {
    std::string s = valid;
    for (int k = 0; k < 3; ++k) {
      state = state * 1664525u + 1013904223u;
      const std::size_t at = (state >> 8) % s.size();
      state = state * 1664525u + 1013904223u;
      s[at] = static_cast<char>(state >> 24);
    }
    if (parseCredentials(s)) ++parsed;
  }
  EXPECT_GT(parsed, 0u);  // some mutations land inside values and stay valid
}

}  // namespace
}  // namespace sb::sip::auth
