// SPDX-License-Identifier: MIT
#include "sip/auth/digest_authenticator.h"

#include <gtest/gtest.h>

#include <array>
#include <cstdio>
#include <utility>
#include <vector>

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

TEST_F(DigestAuthenticatorTest, says_stale_when_the_nonce_count_passes_255) {
  const Challenge ch = auth_.challenge(kRealm, false);
  EXPECT_EQ(auth_.verify(answer(ch.nonce, "100", "s3cret", DigestAlgorithm::Md5, 255), "REGISTER",
                         kRealm, "s3cret"),
            Verdict::Ok);
  const Challenge next = auth_.challenge(kRealm, false);
  EXPECT_EQ(auth_.verify(answer(next.nonce, "100", "s3cret", DigestAlgorithm::Md5, 256), "REGISTER",
                         kRealm, "s3cret"),
            Verdict::Stale);
  EXPECT_EQ(auth_.verify(answer(next.nonce, "100", "guess", DigestAlgorithm::Md5, 256), "REGISTER",
                         kRealm, "s3cret"),
            Verdict::Failed);
}

// A restart starts a new epoch. Its nonces still carry our HMAC (the key is kept), but the replay
// ring of the new process knows nothing of them, so accepting them would reopen replays.
TEST_F(DigestAuthenticatorTest, says_stale_for_a_nonce_from_a_previous_epoch_with_the_same_key) {
  DigestAuthenticator previous(kKey, clock_, {.nonceLifetime = 300s, .maxTrackedNonces = 100});
  const Challenge old = previous.challenge(kRealm, false);
  EXPECT_EQ(previous.verify(answer(old.nonce, "100", "s3cret"), "REGISTER", kRealm, "s3cret"),
            Verdict::Ok);
  EXPECT_EQ(auth_.verify(answer(old.nonce, "100", "s3cret", DigestAlgorithm::Md5, 2), "REGISTER",
                         kRealm, "s3cret"),
            Verdict::Stale);
  EXPECT_EQ(auth_.verify(answer(old.nonce, "100", "guess", DigestAlgorithm::Md5, 2), "REGISTER",
                         kRealm, "s3cret"),
            Verdict::Failed);
  // A nonce the new process issued itself works as always.
  const Challenge fresh = auth_.challenge(kRealm, true);
  EXPECT_EQ(auth_.verify(answer(fresh.nonce, "100", "s3cret"), "REGISTER", kRealm, "s3cret"),
            Verdict::Ok);
}

// The fixture's ring has 128 slots (100 rounded up): a nonce stays tracked while at most 127
// newer ones have been issued, and is stale (never failed, for the right secret) after that.
TEST_F(DigestAuthenticatorTest, says_stale_once_the_replay_ring_has_wrapped_past_a_nonce) {
  const Challenge kept = auth_.challenge(kRealm, false);
  for (int i = 0; i < 127; ++i) auth_.challenge(kRealm, false);
  EXPECT_EQ(auth_.verify(answer(kept.nonce, "100", "s3cret"), "REGISTER", kRealm, "s3cret"),
            Verdict::Ok);

  const Challenge overwriter = auth_.challenge(kRealm, false);  // takes `kept`'s slot
  EXPECT_EQ(auth_.verify(answer(kept.nonce, "100", "s3cret", DigestAlgorithm::Md5, 2), "REGISTER",
                         kRealm, "s3cret"),
            Verdict::Stale);
  EXPECT_EQ(auth_.verify(answer(kept.nonce, "100", "guess", DigestAlgorithm::Md5, 2), "REGISTER",
                         kRealm, "s3cret"),
            Verdict::Failed);
  // The nonce now in that slot starts with a clean count.
  EXPECT_EQ(auth_.verify(answer(overwriter.nonce, "100", "s3cret"), "REGISTER", kRealm, "s3cret"),
            Verdict::Ok);
}

// 10,000 logins a second for 10 s with the default options: far more nonces than the old
// per-nonce table held, and none may come back stale.
TEST_F(DigestAuthenticatorTest, never_says_stale_over_100000_successive_logins) {
  DigestAuthenticator auth(kKey, clock_, {});
  int stale = 0;
  int failed = 0;
  for (int i = 0; i < 100'000; ++i) {
    const Challenge ch = auth.challenge(kRealm, false);
    clock_.advance(100us);
    switch (auth.verify(answer(ch.nonce, "100", "s3cret"), "REGISTER", kRealm, "s3cret")) {
      case Verdict::Ok: break;
      case Verdict::Stale: ++stale; break;
      case Verdict::Failed: ++failed; break;
    }
  }
  EXPECT_EQ(stale, 0);
  EXPECT_EQ(failed, 0);
}

// The load that broke the per-nonce table: at 4,000 REGISTERs a second, challenges are answered
// up to 2 s later and out of order, so thousands of nonces are in flight while others complete.
TEST_F(DigestAuthenticatorTest, never_says_stale_with_thousands_of_challenges_in_flight) {
  DigestAuthenticator auth(kKey, clock_, {});
  std::vector<std::string> inFlight;
  std::uint32_t state = 2024;
  int answered = 0;
  int stale = 0;
  auto answerOne = [&] {
    state = state * 1664525u + 1013904223u;
    const std::size_t pick = (state >> 8) % inFlight.size();
    std::swap(inFlight[pick], inFlight.back());
    const Credentials c = answer(inFlight.back(), "100", "s3cret");
    inFlight.pop_back();
    ++answered;
    if (auth.verify(c, "REGISTER", kRealm, "s3cret") != Verdict::Ok) ++stale;
  };
  for (int i = 0; i < 50'000; ++i) {
    inFlight.push_back(auth.challenge(kRealm, false).nonce);
    clock_.advance(250us);
    if (inFlight.size() > 8'000) answerOne();
  }
  while (!inFlight.empty()) answerOne();
  EXPECT_EQ(answered, 50'000);
  EXPECT_EQ(stale, 0);
}

}  // namespace
}  // namespace sb::sip::auth
