// SPDX-License-Identifier: MIT
#include "sip/auth/digest_responder.h"

#include <gtest/gtest.h>

#include <array>
#include <string>
#include <vector>

#include "base/clock.h"
#include "sip/auth/digest_authenticator.h"
#include "sip/auth/digest_hash.h"

namespace sb::sip::auth {
namespace {

using namespace std::chrono_literals;

// RFC 7616 §3.9.1: the server offers SHA-256 and MD5 for the same nonce (folding undone).
constexpr std::string_view kRfcSha256Challenge =
    R"(Digest realm="http-auth@example.org", qop="auth, auth-int", algorithm=SHA-256, )"
    R"(nonce="7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v", )"
    R"(opaque="FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS")";
constexpr std::string_view kRfcMd5Challenge =
    R"(Digest realm="http-auth@example.org", qop="auth, auth-int", algorithm=MD5, )"
    R"(nonce="7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v", )"
    R"(opaque="FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS")";
constexpr std::string_view kRfcCnonce = "f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ";

TEST(AnswerChallenge, matches_the_rfc7616_sha256_example) {
  auto challenge = parseChallenge(kRfcSha256Challenge);
  ASSERT_TRUE(challenge);
  const Credentials c = answerChallenge(*challenge, "Mufasa", "Circle of Life", "GET",
                                        "/dir/index.html", 1, kRfcCnonce);
  EXPECT_EQ(c.response, "753927fa0e85d155564e2e272a28d1802ca10daf4496794697cf8db5856cb6c1");
  EXPECT_EQ(c.nc, "00000001");
  EXPECT_EQ(c.qop, "auth");
  EXPECT_EQ(c.opaque, "FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS");
}

TEST(AnswerChallenge, matches_the_rfc7616_md5_example) {
  auto challenge = parseChallenge(kRfcMd5Challenge);
  ASSERT_TRUE(challenge);
  const Credentials c = answerChallenge(*challenge, "Mufasa", "Circle of Life", "GET",
                                        "/dir/index.html", 1, kRfcCnonce);
  EXPECT_EQ(c.response, "8ca523f5e9506fed4657c9700eebdbec");
}

TEST(AnswerChallenge, prefers_sha256_of_the_rfc7616_pair) {
  const std::array<std::string_view, 2> offered{kRfcMd5Challenge, kRfcSha256Challenge};
  auto best = strongestChallenge(offered);
  ASSERT_TRUE(best);
  EXPECT_EQ(best->algorithm, DigestAlgorithm::Sha256);
}

TEST(AnswerChallenge, matches_the_rfc2617_example) {
  // RFC 2617 §3.5 (MD5, qop=auth).
  auto challenge = parseChallenge(
      R"(Digest realm="testrealm@host.com", qop="auth,auth-int", )"
      R"(nonce="dcd98b7102dd2f0e8b11d0f600bfb0c093", opaque="5ccc069c403ebaf9f0171e9517f40e41")");
  ASSERT_TRUE(challenge);
  const Credentials c = answerChallenge(*challenge, "Mufasa", "Circle Of Life", "GET",
                                        "/dir/index.html", 1, "0a4f113b");
  EXPECT_EQ(c.response, "6629fae49393a05397450978507c4ef1");
}

TEST(AnswerChallenge, answers_rfc2069_style_without_qop) {
  auto challenge = parseChallenge(R"(Digest realm="r", nonce="n0")");
  ASSERT_TRUE(challenge);
  const Credentials c = answerChallenge(*challenge, "u", "p", "REGISTER", "sip:r", 1, "ignored");
  EXPECT_TRUE(c.qop.empty());
  EXPECT_TRUE(c.nc.empty());
  EXPECT_TRUE(c.cnonce.empty());
  // H(HA1:nonce:HA2), RFC 2069 §2.1.2.
  const std::string ha1 = hashHex(DigestAlgorithm::Md5, "u:r:p");
  const std::string ha2 = hashHex(DigestAlgorithm::Md5, "REGISTER:sip:r");
  EXPECT_EQ(c.response, hashHex(DigestAlgorithm::Md5, ha1 + ":n0:" + ha2));
  const std::string header = formatCredentials(c);
  EXPECT_EQ(header.find("qop"), std::string::npos) << header;
  EXPECT_EQ(header.find("cnonce"), std::string::npos) << header;
  EXPECT_EQ(header.find("nc="), std::string::npos) << header;
  EXPECT_EQ(header.find("opaque"), std::string::npos) << header;
}

TEST(AnswerChallenge, hashes_nonce_and_cnonce_into_ha1_for_sess) {
  auto challenge =
      parseChallenge(R"(Digest realm="r", nonce="n0", algorithm=SHA-256-sess, qop="auth")");
  ASSERT_TRUE(challenge);
  const Credentials c = answerChallenge(*challenge, "u", "p", "REGISTER", "sip:r", 1, "cn");
  // RFC 7616 §3.4.2: HA1 = H(H(username:realm:password):nonce:cnonce).
  const auto h = [](std::string_view s) { return hashHex(DigestAlgorithm::Sha256, s); };
  const std::string ha1 = h(h("u:r:p") + ":n0:cn");
  const std::string ha2 = h("REGISTER:sip:r");
  EXPECT_EQ(c.response, h(ha1 + ":n0:00000001:cn:auth:" + ha2));
  EXPECT_NE(formatCredentials(c).find("algorithm=SHA-256-sess"), std::string::npos);
}

TEST(FormatCredentials, quotes_escapes_and_reads_back) {
  auto challenge = parseChallenge(
      R"(Digest realm="we \"quote\" \\ here", nonce="n,1", opaque="o p", algorithm=SHA-256, qop=auth)");
  ASSERT_TRUE(challenge);
  const Credentials c =
      answerChallenge(*challenge, "al\"ice\\", "pw", "REGISTER", "sip:voip.example", 7, "cn0");
  const std::string header = formatCredentials(c);
  EXPECT_EQ(header,
            R"(Digest username="al\"ice\\", realm="we \"quote\" \\ here", nonce="n,1", )"
            R"(uri="sip:voip.example", response=")" + c.response +
                R"(", algorithm=SHA-256, cnonce="cn0", qop=auth, nc=00000007, opaque="o p")");
  auto back = parseCredentials(header);
  ASSERT_TRUE(back);
  EXPECT_EQ(back->username, "al\"ice\\");
  EXPECT_EQ(back->realm, "we \"quote\" \\ here");
  EXPECT_EQ(back->nonce, "n,1");
  EXPECT_EQ(back->uri, "sip:voip.example");
  EXPECT_EQ(back->response, c.response);
  EXPECT_EQ(back->algorithm, DigestAlgorithm::Sha256);
  EXPECT_EQ(back->nonceCount, 7u);
  EXPECT_EQ(back->cnonce, "cn0");
  EXPECT_EQ(back->opaque, "o p");
}

TEST(DigestResponder, says_nothing_before_a_challenge) {
  DigestResponder responder("u", "p");
  EXPECT_FALSE(responder.authorization("REGISTER", "sip:r"));
}

TEST(DigestResponder, counts_nc_per_nonce_with_a_fresh_cnonce_each_time) {
  DigestResponder responder("u", "p");
  responder.adopt(*parseChallenge(R"(Digest realm="r", nonce="n1", qop="auth")"));
  auto first = parseCredentials(*responder.authorization("REGISTER", "sip:r"));
  auto second = parseCredentials(*responder.authorization("REGISTER", "sip:r"));
  ASSERT_TRUE(first && second);
  EXPECT_EQ(first->nc, "00000001");
  EXPECT_EQ(second->nc, "00000002");
  EXPECT_NE(first->cnonce, second->cnonce);
  EXPECT_GE(first->cnonce.size(), 16u);

  // The same nonce again (e.g. challenged twice with it) keeps counting...
  responder.adopt(*parseChallenge(R"(Digest realm="r", nonce="n1", qop="auth")"));
  EXPECT_EQ(parseCredentials(*responder.authorization("REGISTER", "sip:r"))->nc, "00000003");
  // ...a new one starts over.
  responder.adopt(*parseChallenge(R"(Digest realm="r", nonce="n2", qop="auth", stale=true)"));
  auto fresh = parseCredentials(*responder.authorization("REGISTER", "sip:r"));
  EXPECT_EQ(fresh->nc, "00000001");
  EXPECT_EQ(fresh->nonce, "n2");

  responder.forget();
  EXPECT_FALSE(responder.authorization("REGISTER", "sip:r"));
}

// The client's answers checked by the server-side DigestAuthenticator: a real round trip.
class DigestRoundTrip : public ::testing::Test {
 protected:
  static constexpr std::string_view kRealm = "pbx.example";
  std::optional<DigestChallenge> challengeFromServer(bool stale = false) {
    const Challenge offered = server.challenge(kRealm, stale);
    std::vector<std::string_view> values(offered.headerValues.begin(), offered.headerValues.end());
    return strongestChallenge(values);
  }
  Verdict check(const std::string& header, std::string_view secret) {
    auto credentials = parseCredentials(header);
    EXPECT_TRUE(credentials) << header;
    if (!credentials) return Verdict::Failed;
    return server.verify(*credentials, "REGISTER", kRealm, secret);
  }

  const std::array<std::uint8_t, 32> key{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16,
                                         17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32};
  ManualClock clock;
  DigestAuthenticator server{key, clock, {.nonceLifetime = 300s, .maxTrackedNonces = 64}};
};

TEST_F(DigestRoundTrip, the_server_accepts_the_clients_sha256_answer_and_its_next_nc) {
  auto challenge = challengeFromServer();
  ASSERT_TRUE(challenge);
  EXPECT_EQ(challenge->algorithm, DigestAlgorithm::Sha256);
  DigestResponder responder("100", "s3cret");
  responder.adopt(*challenge);
  EXPECT_EQ(check(*responder.authorization("REGISTER", "sip:pbx.example"), "s3cret"), Verdict::Ok);
  // Credentials up front on the next request: the same nonce with nc=2 (RFC 3261 §22.3).
  EXPECT_EQ(check(*responder.authorization("REGISTER", "sip:pbx.example"), "s3cret"), Verdict::Ok);
}

TEST_F(DigestRoundTrip, the_server_refuses_a_wrong_password_and_a_replay) {
  auto challenge = challengeFromServer();
  ASSERT_TRUE(challenge);
  DigestResponder wrong("100", "guess");
  wrong.adopt(*challenge);
  EXPECT_EQ(check(*wrong.authorization("REGISTER", "sip:pbx.example"), "s3cret"), Verdict::Failed);

  DigestResponder right("100", "s3cret");
  right.adopt(*challenge);
  const std::string header = *right.authorization("REGISTER", "sip:pbx.example");
  EXPECT_EQ(check(header, "s3cret"), Verdict::Ok);
  EXPECT_EQ(check(header, "s3cret"), Verdict::Stale);  // replayed nc
}

TEST_F(DigestRoundTrip, an_expired_nonce_is_stale_and_the_new_challenge_says_so) {
  DigestResponder responder("100", "s3cret");
  responder.adopt(*challengeFromServer());
  clock.advance(301s);
  EXPECT_EQ(check(*responder.authorization("REGISTER", "sip:pbx.example"), "s3cret"), Verdict::Stale);
  auto again = challengeFromServer(true);
  ASSERT_TRUE(again);
  EXPECT_TRUE(again->stale);
  responder.adopt(*again);
  EXPECT_EQ(check(*responder.authorization("REGISTER", "sip:pbx.example"), "s3cret"), Verdict::Ok);
}

TEST_F(DigestRoundTrip, the_server_accepts_an_rfc2069_answer_to_its_nonce) {
  auto offered = challengeFromServer();
  ASSERT_TRUE(offered);
  auto withoutQop = parseChallenge("Digest realm=\"pbx.example\", nonce=\"" + offered->nonce + "\"");
  ASSERT_TRUE(withoutQop);
  DigestResponder responder("100", "s3cret");
  responder.adopt(*withoutQop);
  EXPECT_EQ(check(*responder.authorization("REGISTER", "sip:pbx.example"), "s3cret"), Verdict::Ok);
}

}  // namespace
}  // namespace sb::sip::auth
