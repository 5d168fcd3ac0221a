// SPDX-License-Identifier: MIT
#include "sip/auth/digest_challenge.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace sb::sip::auth {
namespace {

TEST(DigestChallenge, reads_every_parameter_a_client_needs) {
  auto c = parseChallenge(
      R"(Digest realm="voip.example", nonce="abc123", opaque="op\"aq", algorithm=SHA-256, )"
      R"(qop="auth,auth-int", stale=TRUE)");
  ASSERT_TRUE(c);
  EXPECT_EQ(c->realm, "voip.example");
  EXPECT_EQ(c->nonce, "abc123");
  EXPECT_EQ(c->opaque, "op\"aq");
  EXPECT_EQ(c->algorithm, DigestAlgorithm::Sha256);
  EXPECT_FALSE(c->session);
  EXPECT_TRUE(c->qopAuth);
  EXPECT_TRUE(c->stale);
}

TEST(DigestChallenge, defaults_to_md5_without_qop_and_not_stale) {
  auto c = parseChallenge(R"(Digest realm="r", nonce="n")");
  ASSERT_TRUE(c);
  EXPECT_EQ(c->algorithm, DigestAlgorithm::Md5);
  EXPECT_FALSE(c->qopAuth);  // RFC 2069 style answer
  EXPECT_FALSE(c->stale);
  EXPECT_TRUE(c->opaque.empty());
}

TEST(DigestChallenge, accepts_the_spellings_servers_use) {
  auto bare = parseChallenge(R"(digest REALM="r", Nonce="n", qop=auth, algorithm="md5", stale="true")");
  ASSERT_TRUE(bare);
  EXPECT_TRUE(bare->qopAuth);
  EXPECT_TRUE(bare->stale);
  auto spaced = parseChallenge("Digest  realm = \"r\" ,nonce=\"n\",\tqop=\" auth-int , auth \"");
  ASSERT_TRUE(spaced);
  EXPECT_TRUE(spaced->qopAuth);
  auto notStale = parseChallenge(R"(Digest realm="r", nonce="n", stale=false)");
  ASSERT_TRUE(notStale);
  EXPECT_FALSE(notStale->stale);
  // Parameters a client does not use are ignored (RFC 7616 §3.3).
  EXPECT_TRUE(parseChallenge(
      R"(Digest realm="r", domain="sip:a sip:b", nonce="n", charset=UTF-8, userhash=false, x-y=1)"));
}

TEST(DigestChallenge, reads_the_session_variants) {
  auto md5 = parseChallenge(R"(Digest realm="r", nonce="n", algorithm=MD5-sess, qop="auth")");
  ASSERT_TRUE(md5);
  EXPECT_EQ(md5->algorithm, DigestAlgorithm::Md5);
  EXPECT_TRUE(md5->session);
  auto sha = parseChallenge(R"(Digest realm="r", nonce="n", algorithm=SHA-256-SESS, qop="auth")");
  ASSERT_TRUE(sha);
  EXPECT_EQ(sha->algorithm, DigestAlgorithm::Sha256);
  EXPECT_TRUE(sha->session);
  // "-sess" hashes the cnonce, which only comes with qop.
  EXPECT_FALSE(parseChallenge(R"(Digest realm="r", nonce="n", algorithm=MD5-sess)"));
}

TEST(DigestChallenge, refuses_what_cannot_be_answered) {
  EXPECT_FALSE(parseChallenge(R"(Basic realm="r")"));
  EXPECT_FALSE(parseChallenge(R"(Digest realm="r")"));                // no nonce
  EXPECT_FALSE(parseChallenge(R"(Digest realm="r", nonce="")"));      // empty nonce
  EXPECT_FALSE(parseChallenge(R"(Digest nonce="n")"));                // no realm
  EXPECT_FALSE(parseChallenge(R"(Digest realm="r", nonce="n", algorithm=SHA-512-256)"));
  EXPECT_FALSE(parseChallenge(R"(Digest realm="r", nonce="n", algorithm=AKAv1-MD5)"));
  EXPECT_FALSE(parseChallenge(R"(Digest realm="r", nonce="n", qop="auth-int")"));
  EXPECT_FALSE(parseChallenge(R"(Digest realm="r", nonce="n", qop="authx")"));
  EXPECT_FALSE(parseChallenge(""));
  EXPECT_FALSE(parseChallenge("Digest"));
}

TEST(DigestChallenge, refuses_hostile_syntax) {
  const std::string ok = R"(Digest realm="r", nonce="n")";
  EXPECT_FALSE(parseChallenge(ok + R"(, opaque="unterminated)"));
  EXPECT_FALSE(parseChallenge(R"(Digest realm="r, nonce="n)"));
  EXPECT_FALSE(parseChallenge(ok + R"(, opaque="ends in backslash\)"));
  EXPECT_FALSE(parseChallenge(ok + ", opaque=\"new\r\nline\""));
  EXPECT_FALSE(parseChallenge(ok + std::string(", opaque=\"nul\0x\"", 16)));
  EXPECT_FALSE(parseChallenge(ok + R"(, nonce="second")"));   // duplicate
  EXPECT_FALSE(parseChallenge(ok + R"(, NONCE="second")"));   // duplicate in another case
  EXPECT_FALSE(parseChallenge(ok + " opaque=x"));             // missing comma
  EXPECT_FALSE(parseChallenge(ok + ", opaque="));
  EXPECT_FALSE(parseChallenge(ok + ", =x"));
}

TEST(DigestChallenge, refuses_oversized_challenges) {
  const std::string longNonce(kMaxParamValueSize, 'n');
  EXPECT_TRUE(parseChallenge(R"(Digest realm="r", nonce=")" + longNonce + "\""));
  EXPECT_FALSE(parseChallenge(R"(Digest realm="r", nonce=")" + longNonce + "n\""));
  EXPECT_FALSE(parseChallenge(R"(Digest realm="r", nonce=)" + longNonce + "n"));
  std::string many = R"(Digest realm="r", nonce="n")";
  for (std::size_t i = 0; i < kMaxParams; ++i) many += ", p" + std::to_string(i) + "=1";
  EXPECT_FALSE(parseChallenge(many));
  std::string huge = R"(Digest realm="r", nonce="n", opaque=")" + std::string(kMaxDigestHeaderSize, 'o');
  EXPECT_FALSE(parseChallenge(huge + "\""));
  EXPECT_FALSE(parseChallenge(huge));  // huge and unterminated
}

TEST(DigestChallenge, picks_the_strongest_of_several) {
  const std::string md5 = R"(Digest realm="r", nonce="n1", algorithm=MD5, qop="auth")";
  const std::string sha = R"(Digest realm="r", nonce="n2", algorithm=SHA-256, qop="auth")";
  const std::string shaSess = R"(Digest realm="r", nonce="n3", algorithm=SHA-256-sess, qop="auth")";
  const std::string shaNoQop = R"(Digest realm="r", nonce="n4", algorithm=SHA-256)";
  const std::string unknown = R"(Digest realm="r", nonce="n5", algorithm=SHA-512-256, qop="auth")";
  const std::string basic = R"(Basic realm="r")";

  std::vector<std::string_view> offered{basic, md5, shaNoQop, shaSess, sha, unknown};
  auto best = strongestChallenge(offered);
  ASSERT_TRUE(best);
  EXPECT_EQ(best->nonce, "n2");

  std::vector<std::string_view> md5First{md5, unknown};
  best = strongestChallenge(md5First);
  ASSERT_TRUE(best);
  EXPECT_EQ(best->nonce, "n1");

  std::vector<std::string_view> tie{sha, R"(Digest realm="r", nonce="n6", algorithm=SHA-256, qop="auth")"};
  EXPECT_EQ(strongestChallenge(tie)->nonce, "n2");  // the server's order among equals

  std::vector<std::string_view> nothingUsable{basic, unknown};
  EXPECT_FALSE(strongestChallenge(nothingUsable));
  EXPECT_FALSE(strongestChallenge({}));
}

}  // namespace
}  // namespace sb::sip::auth
