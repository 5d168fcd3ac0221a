// SPDX-License-Identifier: MIT
#include "sip/auth/nonce_service.h"

#include <gtest/gtest.h>

#include <array>
#include <set>

namespace sb::sip::auth {
namespace {

using namespace std::chrono_literals;

const std::array<std::uint8_t, 32> kKey = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16,
                                           17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32};

class NonceServiceTest : public ::testing::Test {
 protected:
  ManualClock clock_;
  NonceService nonces_{kKey, clock_, 300s};
};

TEST_F(NonceServiceTest, issues_distinct_url_safe_nonces_of_fixed_length) {
  std::set<std::string> seen;
  for (int i = 0; i < 100; ++i) {
    const std::string n = nonces_.issue("pbx");
    EXPECT_EQ(n.size(), NonceService::kNonceLength);
    EXPECT_EQ(n.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"),
              std::string::npos);
    seen.insert(n);
  }
  EXPECT_EQ(seen.size(), 100u);
}

TEST_F(NonceServiceTest, accepts_its_own_nonce_within_the_lifetime) {
  const std::string n = nonces_.issue("pbx");
  clock_.advance(299s);
  const NonceCheck check = nonces_.check(n, "pbx");
  EXPECT_EQ(check.status, NonceStatus::Valid);
  EXPECT_EQ(check.expiresAt, clock_.systemNow() + 1s);
}

TEST_F(NonceServiceTest, reports_a_nonce_older_than_the_lifetime_as_stale) {
  const std::string n = nonces_.issue("pbx");
  clock_.advance(300s);
  EXPECT_EQ(nonces_.check(n, "pbx").status, NonceStatus::Stale);
  clock_.advance(24h * 365);
  EXPECT_EQ(nonces_.check(n, "pbx").status, NonceStatus::Stale);
}

TEST_F(NonceServiceTest, rejects_a_forged_nonce) {
  const std::string n = nonces_.issue("pbx");
  for (std::size_t i = 0; i < n.size(); ++i) {
    std::string forged = n;
    forged[i] = forged[i] == 'A' ? 'B' : 'A';
    EXPECT_EQ(nonces_.check(forged, "pbx").status, NonceStatus::Invalid) << "position " << i;
  }
}

TEST_F(NonceServiceTest, rejects_a_nonce_for_another_realm_or_from_another_key) {
  const std::string n = nonces_.issue("pbx");
  EXPECT_EQ(nonces_.check(n, "other").status, NonceStatus::Invalid);
  std::array<std::uint8_t, 32> otherKey = kKey;
  otherKey[0] ^= 1;
  NonceService other(otherKey, clock_, 300s);
  EXPECT_EQ(other.check(n, "pbx").status, NonceStatus::Invalid);
}

TEST_F(NonceServiceTest, rejects_malformed_nonces) {
  const std::string n = nonces_.issue("pbx");
  EXPECT_EQ(nonces_.check("", "pbx").status, NonceStatus::Invalid);
  EXPECT_EQ(nonces_.check(n.substr(1), "pbx").status, NonceStatus::Invalid);
  EXPECT_EQ(nonces_.check(n + "A", "pbx").status, NonceStatus::Invalid);
  std::string bad = n;
  bad[5] = '=';
  EXPECT_EQ(nonces_.check(bad, "pbx").status, NonceStatus::Invalid);
  EXPECT_EQ(nonces_.check(std::string(43, '\0'), "pbx").status, NonceStatus::Invalid);
}

// The last character carries 4 data bits and 2 padding bits. Another spelling of the same bytes
// must not pass, or the replay tracker (keyed on the text) could be bypassed.
TEST_F(NonceServiceTest, rejects_a_non_canonical_spelling_of_a_real_nonce) {
  const std::string alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  const std::string n = nonces_.issue("pbx");
  const std::size_t v = alphabet.find(n.back());
  ASSERT_EQ(v % 4, 0u);
  for (std::size_t pad = 1; pad < 4; ++pad) {
    std::string other = n;
    other.back() = alphabet[v + pad];
    EXPECT_EQ(nonces_.check(other, "pbx").status, NonceStatus::Invalid);
  }
}

TEST_F(NonceServiceTest, treats_an_authentic_nonce_from_the_future_as_stale) {
  ManualClock ahead;
  ahead.advance(1h);
  NonceService before(kKey, ahead, 300s);  // issued before the system clock was set back an hour
  const std::string n = before.issue("pbx");
  EXPECT_EQ(nonces_.check(n, "pbx").status, NonceStatus::Stale);
  ManualClock slightlyAhead;
  slightlyAhead.advance(1s);
  NonceService skewed(kKey, slightlyAhead, 300s);
  EXPECT_EQ(nonces_.check(skewed.issue("pbx"), "pbx").status, NonceStatus::Valid);
}

}  // namespace
}  // namespace sb::sip::auth
