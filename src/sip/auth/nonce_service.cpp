// SPDX-License-Identifier: MIT
#include "sip/auth/nonce_service.h"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <algorithm>
#include <array>
#include <cassert>
#include <optional>

#include "base/random.h"

namespace sb::sip::auth {
namespace {

constexpr std::size_t kTimeSize = 8;
constexpr std::size_t kRandomSize = 8;
constexpr std::size_t kPayloadSize = kTimeSize + kRandomSize;
constexpr std::size_t kTagSize = 16;
constexpr std::size_t kRawSize = kPayloadSize + kTagSize;  // 32 bytes -> 43 base64url characters

using Raw = std::array<std::uint8_t, kRawSize>;

constexpr char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

int decodeChar(char c) {
  if (c >= 'A' && c <= 'Z') return c - 'A';
  if (c >= 'a' && c <= 'z') return c - 'a' + 26;
  if (c >= '0' && c <= '9') return c - '0' + 52;
  if (c == '-') return 62;
  if (c == '_') return 63;
  return -1;
}

std::string encode(const Raw& raw) {
  std::string out;
  out.reserve(NonceService::kNonceLength);
  std::uint32_t acc = 0;
  int bits = 0;
  for (std::uint8_t b : raw) {
    acc = (acc << 8) | b;
    bits += 8;
    while (bits >= 6) {
      bits -= 6;
      out.push_back(kAlphabet[(acc >> bits) & 0x3f]);
    }
  }
  if (bits > 0) out.push_back(kAlphabet[(acc << (6 - bits)) & 0x3f]);
  return out;
}

// Only the canonical encoding is accepted: otherwise one nonce would have several spellings, and
// a replay could slip past NonceCountTracker, which keys on the text.
std::optional<Raw> decode(std::string_view s) {
  if (s.size() != NonceService::kNonceLength) return std::nullopt;
  Raw raw{};
  std::uint32_t acc = 0;
  int bits = 0;
  std::size_t n = 0;
  for (char c : s) {
    const int v = decodeChar(c);
    if (v < 0) return std::nullopt;
    acc = (acc << 6) | static_cast<std::uint32_t>(v);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      raw[n++] = static_cast<std::uint8_t>((acc >> bits) & 0xff);
    }
  }
  if ((acc & ((1u << bits) - 1)) != 0) return std::nullopt;  // non-zero padding bits
  return raw;
}

std::int64_t toMillis(SystemTime t) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(t.time_since_epoch()).count();
}

}  // namespace

NonceService::NonceService(std::span<const std::uint8_t> key, const Clock& clock,
                           std::chrono::seconds lifetime)
    : key_(key.begin(), key.end()), clock_(clock), lifetime_(lifetime) {
  assert(key_.size() >= kMinKeySize);
  assert(lifetime_.count() > 0);
}

void NonceService::tag(const std::uint8_t* payload, std::string_view realm, std::uint8_t* out) const {
  std::uint8_t mac[EVP_MAX_MD_SIZE];
  unsigned int size = 0;
  // HMAC over payload || realm. Sizes are fixed or bounded by the credentials parser.
  std::vector<std::uint8_t> data(payload, payload + kPayloadSize);
  data.insert(data.end(), realm.begin(), realm.end());
  [[maybe_unused]] const auto* result =
      HMAC(EVP_sha256(), key_.data(), static_cast<int>(key_.size()), data.data(), data.size(), mac, &size);
  assert(result != nullptr && size >= kTagSize);
  std::copy(mac, mac + kTagSize, out);
}

std::string NonceService::issue(std::string_view realm) {
  Raw raw{};
  const auto ms = static_cast<std::uint64_t>(toMillis(clock_.systemNow()));
  for (std::size_t i = 0; i < kTimeSize; ++i)
    raw[i] = static_cast<std::uint8_t>(ms >> (8 * (kTimeSize - 1 - i)));
  random::fill(raw.data() + kTimeSize, kRandomSize);
  tag(raw.data(), realm, raw.data() + kPayloadSize);
  return encode(raw);
}

NonceCheck NonceService::check(std::string_view nonce, std::string_view realm) const {
  const auto raw = decode(nonce);
  if (!raw) return {};
  std::uint8_t expected[kTagSize];
  tag(raw->data(), realm, expected);
  if (CRYPTO_memcmp(expected, raw->data() + kPayloadSize, kTagSize) != 0) return {};

  std::uint64_t issuedMs = 0;
  for (std::size_t i = 0; i < kTimeSize; ++i) issuedMs = (issuedMs << 8) | (*raw)[i];
  const std::int64_t nowMs = toMillis(clock_.systemNow());
  const auto lifetimeMs = std::chrono::duration_cast<std::chrono::milliseconds>(lifetime_).count();
  const auto skewMs = std::chrono::duration_cast<std::chrono::milliseconds>(kClockSkew).count();
  // An authentic time stamp is one we wrote, so it is in range; compare in signed arithmetic.
  const auto issued = static_cast<std::int64_t>(issuedMs);

  NonceCheck result;
  result.expiresAt = SystemTime(std::chrono::duration_cast<SystemTime::duration>(
      std::chrono::milliseconds(issued + lifetimeMs)));
  const bool fromFuture = issued > nowMs + skewMs;
  const bool expired = nowMs - issued >= lifetimeMs;
  result.status = (fromFuture || expired) ? NonceStatus::Stale : NonceStatus::Valid;
  return result;
}

}  // namespace sb::sip::auth
