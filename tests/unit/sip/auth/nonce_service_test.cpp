// SPDX-License-Identifier: MIT
#include "sip/auth/nonce_service.h"

#include <gtest/gtest.h>

#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <array>
#include <set>
#include <string_view>
#include <vector>

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
    const std::string n = nonces_.issue("pbx", {7, static_cast<std::uint32_t>(i)});
    EXPECT_EQ(n.size(), NonceService::kNonceLength);
    EXPECT_EQ(n.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"),
              std::string::npos);
    seen.insert(n);
  }
  EXPECT_EQ(seen.size(), 100u);
}

TEST_F(NonceServiceTest, accepts_its_own_nonce_within_the_lifetime) {
  const std::string n = nonces_.issue("pbx", {7, 42});
  clock_.advance(299s);
  const NonceCheck check = nonces_.check(n, "pbx");
  EXPECT_EQ(check.status, NonceStatus::Valid);
  EXPECT_EQ(check.expiresAt, clock_.systemNow() + 1s);
}

TEST_F(NonceServiceTest, carries_the_nonce_id_it_was_issued_with) {
  const NonceCheck check = nonces_.check(nonces_.issue("pbx", {0xdeadbeef, 0xfffffffe}), "pbx");
  EXPECT_EQ(check.status, NonceStatus::Valid);
  EXPECT_EQ(check.id.epoch, 0xdeadbeefu);
  EXPECT_EQ(check.id.sequence, 0xfffffffeu);
}

TEST_F(NonceServiceTest, signs_the_same_id_differently_at_another_time) {
  const std::string first = nonces_.issue("pbx", {7, 42});
  clock_.advance(1ms);
  EXPECT_NE(nonces_.issue("pbx", {7, 42}), first);
}

std::vector<std::uint8_t> decodeBase64Url(std::string_view s) {
  const std::string alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  std::vector<std::uint8_t> out;
  std::uint32_t acc = 0;
  int bits = 0;
  for (char c : s) {
    acc = (acc << 6) | static_cast<std::uint32_t>(alphabet.find(c));
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out.push_back(static_cast<std::uint8_t>(acc >> bits));
    }
  }
  return out;
}

// The tag comes from SHA-256 states prepared from the key once; it must equal OpenSSL's plain
// HMAC-SHA256 over payload || realm, for short keys, a key of exactly one block, and longer keys
// (which RFC 2104 hashes first).
TEST(NonceServiceHmac, tags_with_standard_hmac_sha256_for_any_key_length) {
  ManualClock clock;
  for (std::size_t keySize : {16u, 63u, 64u, 65u, 131u}) {
    std::vector<std::uint8_t> key(keySize);
    for (std::size_t i = 0; i < keySize; ++i) key[i] = static_cast<std::uint8_t>(i * 7 + keySize);
    NonceService service(key, clock, 300s);
    const std::string realm = "voip.olympia.local";
    const std::vector<std::uint8_t> raw = decodeBase64Url(service.issue(realm, {1, 2}));
    ASSERT_EQ(raw.size(), 32u);

    std::vector<std::uint8_t> message(raw.begin(), raw.begin() + 16);
    message.insert(message.end(), realm.begin(), realm.end());
    std::uint8_t mac[EVP_MAX_MD_SIZE];
    unsigned int macSize = 0;
    ASSERT_NE(HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()), message.data(),
                   message.size(), mac, &macSize),
              nullptr);
    EXPECT_EQ(std::vector<std::uint8_t>(mac, mac + 16),
              std::vector<std::uint8_t>(raw.begin() + 16, raw.end()))
        << "key size " << keySize;
  }
}

TEST_F(NonceServiceTest, reports_a_nonce_older_than_the_lifetime_as_stale) {
  const std::string n = nonces_.issue("pbx", {7, 42});
  clock_.advance(300s);
  EXPECT_EQ(nonces_.check(n, "pbx").status, NonceStatus::Stale);
  clock_.advance(24h * 365);
  EXPECT_EQ(nonces_.check(n, "pbx").status, NonceStatus::Stale);
}

TEST_F(NonceServiceTest, rejects_a_forged_nonce) {
  const std::string n = nonces_.issue("pbx", {7, 42});
  for (std::size_t i = 0; i < n.size(); ++i) {
    std::string forged = n;
    forged[i] = forged[i] == 'A' ? 'B' : 'A';
    EXPECT_EQ(nonces_.check(forged, "pbx").status, NonceStatus::Invalid) << "position " << i;
  }
}

TEST_F(NonceServiceTest, rejects_a_nonce_for_another_realm_or_from_another_key) {
  const std::string n = nonces_.issue("pbx", {7, 42});
  EXPECT_EQ(nonces_.check(n, "other").status, NonceStatus::Invalid);
  std::array<std::uint8_t, 32> otherKey = kKey;
  otherKey[0] ^= 1;
  NonceService other(otherKey, clock_, 300s);
  EXPECT_EQ(other.check(n, "pbx").status, NonceStatus::Invalid);
}

TEST_F(NonceServiceTest, rejects_malformed_nonces) {
  const std::string n = nonces_.issue("pbx", {7, 42});
  EXPECT_EQ(nonces_.check("", "pbx").status, NonceStatus::Invalid);
  EXPECT_EQ(nonces_.check(n.substr(1), "pbx").status, NonceStatus::Invalid);
  EXPECT_EQ(nonces_.check(n + "A", "pbx").status, NonceStatus::Invalid);
  std::string bad = n;
  bad[5] = '=';
  EXPECT_EQ(nonces_.check(bad, "pbx").status, NonceStatus::Invalid);
  EXPECT_EQ(nonces_.check(std::string(43, '\0'), "pbx").status, NonceStatus::Invalid);
}

// The last character carries 4 data bits and 2 padding bits. Another spelling of the same bytes
// must not pass: one nonce has one spelling, whatever a log or a peer compares nonces by.
TEST_F(NonceServiceTest, rejects_a_non_canonical_spelling_of_a_real_nonce) {
  const std::string alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  const std::string n = nonces_.issue("pbx", {7, 42});
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
  const std::string n = before.issue("pbx", {7, 42});
  EXPECT_EQ(nonces_.check(n, "pbx").status, NonceStatus::Stale);
  ManualClock slightlyAhead;
  slightlyAhead.advance(1s);
  NonceService skewed(kKey, slightlyAhead, 300s);
  EXPECT_EQ(nonces_.check(skewed.issue("pbx", {7, 42}), "pbx").status, NonceStatus::Valid);
}

}  // namespace
}  // namespace sb::sip::auth
