// SPDX-License-Identifier: MIT
#include "sip/auth/digest_authenticator.h"

#include <gtest/gtest.h>

#include <array>

#include "base/text.h"
#include "sip/auth/digest_hash.h"

namespace sb::sip::auth {
namespace {

using namespace std::chrono_literals;

const std::array<std::uint8_t, 32> kKey = {9, 8, 7, 6, 5, 4, 3, 2, 1, 0, 1, 2, 3, 4, 5, 6,
                                           7, 8, 9, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1, 2};
constexpr std::string_view kRealm = "voip.olympia.local";

class DigestAuthenticatorTest : public ::testing::Test {
 protected:
  // What a phone sends back after the challenge: the Authorization header value, parsed.
  Credentials answer(const std::string& nonce, std::string_view user, std::string_view secret,
                     DigestAlgorithm algorithm = DigestAlgorithm::Md5, std::uint32_t nc = 1,
                     bool withQop = true) {
    Credentials c;
    c.username = user;
    c.realm = kRealm;
    c.nonce = nonce;
    c.uri = "sip:voip.olympia.local";
    c.algorithm = algorithm;
    if (withQop) {
      c.qop = "auth";
      c.nonceCount = nc;
      char buf[9];
      std::snprintf(buf, sizeof buf, "%08x", nc);
      c.nc = buf;
      c.cnonce = "0a4f113b";
    }
    c.response = expectedResponse(c, "REGISTER", secret);
    return c;
  }

  ManualClock clock_;
  DigestAuthenticator auth_{kKey, clock_, {.nonceLifetime = 300s, .maxTrackedNonces = 100}};
};

TEST_F(DigestAuthenticatorTest, challenges_with_md5_first_then_sha256_sharing_one_nonce) {
  const Challenge ch = auth_.challenge(kRealm, false);
  ASSERT_EQ(ch.headerValues.size(), 2u);
  EXPECT_EQ(ch.headerValues[0], "Digest realm=\"voip.olympia.local\", nonce=\"" + ch.nonce +
                                    "\", algorithm=MD5, qop=\"auth\"");
  EXPECT_EQ(ch.headerValues[1], "Digest realm=\"voip.olympia.local\", nonce=\"" + ch.nonce +
                                    "\", algorithm=SHA-256, qop=\"auth\"");
}

TEST_F(DigestAuthenticatorTest, marks_a_challenge_stale_when_asked) {
  const Challenge ch = auth_.challenge(kRealm, true);
  for (const auto& value : ch.headerValues)
    EXPECT_TRUE(value.ends_with(", stale=true")) << value;
}

TEST_F(DigestAuthenticatorTest, quotes_the_realm) {
  const Challenge ch = auth_.challenge("a\"b\\c", false);
  EXPECT_TRUE(ch.headerValues[0].starts_with(R"(Digest realm="a\"b\\c", )")) << ch.headerValues[0];
}

TEST_F(DigestAuthenticatorTest, accepts_the_right_secret_with_either_algorithm) {
  const Challenge ch = auth_.challenge(kRealm, false);
  EXPECT_EQ(auth_.verify(answer(ch.nonce, "100", "s3cret"), "REGISTER", kRealm, "s3cret"), Verdict::Ok);
  EXPECT_EQ(auth_.verify(answer(ch.nonce, "100", "s3cret", DigestAlgorithm::Sha256, 2), "REGISTER",
                         kRealm, "s3cret"),
            Verdict::Ok);
}

TEST_F(DigestAuthenticatorTest, accepts_an_upper_case_response) {
  const Challenge ch = auth_.challenge(kRealm, false);
  Credentials c = answer(ch.nonce, "100", "s3cret");
  c.response = text::upper(c.response);
  EXPECT_EQ(auth_.verify(c, "REGISTER", kRealm, "s3cret"), Verdict::Ok);
}

TEST_F(DigestAuthenticatorTest, accepts_a_header_a_client_wrote) {
  const Challenge ch = auth_.challenge(kRealm, false);
  const Credentials expected = answer(ch.nonce, "100", "s3cret", DigestAlgorithm::Sha256);
  auto parsed = parseCredentials(
      "Digest username=\"100\", realm=\"voip.olympia.local\", nonce=\"" + ch.nonce +
      "\", uri=\"sip:voip.olympia.local\", response=\"" + expected.response +
      "\", algorithm=SHA-256, cnonce=\"0a4f113b\", qop=auth, nc=00000001");
  ASSERT_TRUE(parsed);
  EXPECT_EQ(auth_.verify(*parsed, "REGISTER", kRealm, "s3cret"), Verdict::Ok);
}

TEST_F(DigestAuthenticatorTest, fails_a_wrong_secret) {
  const Challenge ch = auth_.challenge(kRealm, false);
  EXPECT_EQ(auth_.verify(answer(ch.nonce, "100", "guess"), "REGISTER", kRealm, "s3cret"),
            Verdict::Failed);
}

TEST_F(DigestAuthenticatorTest, gives_an_unknown_user_the_same_verdict_as_a_wrong_secret) {
  const Challenge ch = auth_.challenge(kRealm, false);
  const Verdict wrongSecret =
      auth_.verify(answer(ch.nonce, "100", "guess"), "REGISTER", kRealm, "s3cret");
  const Verdict unknownUser =
      auth_.verify(answer(ch.nonce, "999", "guess"), "REGISTER", kRealm, std::nullopt);
  EXPECT_EQ(wrongSecret, Verdict::Failed);
  EXPECT_EQ(unknownUser, wrongSecret);
  // Even an empty secret, the likeliest guess, does not log in as an unknown user.
  EXPECT_EQ(auth_.verify(answer(ch.nonce, "999", ""), "REGISTER", kRealm, std::nullopt),
            Verdict::Failed);
}

TEST_F(DigestAuthenticatorTest, fails_the_right_secret_for_another_method_or_realm_or_qop) {
  const Challenge ch = auth_.challenge(kRealm, false);
  EXPECT_EQ(auth_.verify(answer(ch.nonce, "100", "s3cret"), "INVITE", kRealm, "s3cret"),
            Verdict::Failed);

  Credentials otherRealm = answer(ch.nonce, "100", "s3cret");
  otherRealm.realm = "elsewhere";
  otherRealm.response = expectedResponse(otherRealm, "REGISTER", "s3cret");
  EXPECT_EQ(auth_.verify(otherRealm, "REGISTER", kRealm, "s3cret"), Verdict::Failed);

  Credentials authInt = answer(ch.nonce, "100", "s3cret");
  authInt.qop = "auth-int";
  authInt.response = expectedResponse(authInt, "REGISTER", "s3cret");
  EXPECT_EQ(auth_.verify(authInt, "REGISTER", kRealm, "s3cret"), Verdict::Failed);
}

TEST_F(DigestAuthenticatorTest, says_stale_for_the_right_secret_over_an_expired_nonce) {
  const Challenge ch = auth_.challenge(kRealm, false);
  clock_.advance(301s);
  EXPECT_EQ(auth_.verify(answer(ch.nonce, "100", "s3cret"), "REGISTER", kRealm, "s3cret"),
            Verdict::Stale);
  EXPECT_EQ(auth_.verify(answer(ch.nonce, "100", "guess", DigestAlgorithm::Md5, 2), "REGISTER",
                         kRealm, "s3cret"),
            Verdict::Failed);
}

TEST_F(DigestAuthenticatorTest, says_stale_for_the_right_secret_over_a_nonce_not_ours) {
  std::array<std::uint8_t, 32> previousKey = kKey;
  previousKey[31] ^= 0x80;  // the key of a previous run
  DigestAuthenticator previous(previousKey, clock_, {});
  const Challenge old = previous.challenge(kRealm, false);
  EXPECT_EQ(auth_.verify(answer(old.nonce, "100", "s3cret"), "REGISTER", kRealm, "s3cret"),
            Verdict::Stale);
  EXPECT_EQ(auth_.verify(answer("forged-nonce", "100", "s3cret"), "REGISTER", kRealm, "s3cret"),
            Verdict::Stale);
  EXPECT_EQ(auth_.verify(answer("forged-nonce", "100", "guess"), "REGISTER", kRealm, "s3cret"),
            Verdict::Failed);
  EXPECT_EQ(auth_.verify(answer("forged-nonce", "999", "guess"), "REGISTER", kRealm, std::nullopt),
            Verdict::Failed);
}

TEST_F(DigestAuthenticatorTest, refuses_a_replayed_nonce_count_and_accepts_a_higher_one) {
  const Challenge ch = auth_.challenge(kRealm, false);
  const Credentials first = answer(ch.nonce, "100", "s3cret", DigestAlgorithm::Md5, 1);
  EXPECT_EQ(auth_.verify(first, "REGISTER", kRealm, "s3cret"), Verdict::Ok);
  EXPECT_EQ(auth_.verify(first, "REGISTER", kRealm, "s3cret"), Verdict::Stale);
  EXPECT_EQ(auth_.verify(answer(ch.nonce, "100", "s3cret", DigestAlgorithm::Md5, 2), "REGISTER",
                         kRealm, "s3cret"),
            Verdict::Ok);
  EXPECT_EQ(auth_.verify(answer(ch.nonce, "100", "s3cret", DigestAlgorithm::Md5, 5), "REGISTER",
                         kRealm, "s3cret"),
            Verdict::Ok);
  EXPECT_EQ(auth_.verify(answer(ch.nonce, "100", "s3cret", DigestAlgorithm::Md5, 4), "REGISTER",
                         kRealm, "s3cret"),
            Verdict::Stale);
}

TEST_F(DigestAuthenticatorTest, failed_attempts_do_not_use_up_a_nonce) {
  const Challenge ch = auth_.challenge(kRealm, false);
  for (int i = 0; i < 3; ++i)
    EXPECT_EQ(auth_.verify(answer(ch.nonce, "100", "guess"), "REGISTER", kRealm, "s3cret"),
              Verdict::Failed);
  EXPECT_EQ(auth_.verify(answer(ch.nonce, "100", "s3cret"), "REGISTER", kRealm, "s3cret"), Verdict::Ok);
}

TEST_F(DigestAuthenticatorTest, accepts_a_client_without_qop_once_per_nonce) {
  const Challenge ch = auth_.challenge(kRealm, false);
  const Credentials c = answer(ch.nonce, "100", "s3cret", DigestAlgorithm::Md5, 0, false);
  EXPECT_EQ(auth_.verify(c, "REGISTER", kRealm, "s3cret"), Verdict::Ok);
  EXPECT_EQ(auth_.verify(c, "REGISTER", kRealm, "s3cret"), Verdict::Stale);
  const Challenge next = auth_.challenge(kRealm, true);
  EXPECT_EQ(auth_.verify(answer(next.nonce, "100", "s3cret", DigestAlgorithm::Md5, 0, false),
                         "REGISTER", kRealm, "s3cret"),
            Verdict::Ok);
}

}  // namespace
}  // namespace sb::sip::auth
