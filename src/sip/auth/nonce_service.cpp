// SPDX-License-Identifier: MIT
#include "sip/auth/nonce_service.h"

#include <openssl/crypto.h>

#include <algorithm>
#include <array>
#include <cassert>
#include <optional>

namespace sb::sip::auth {
namespace {

constexpr std::size_t kRawSize = 32;  // payload and tag -> 43 base64url characters
constexpr std::size_t kHmacBlockSize = 64;  // SHA-256 block (RFC 2104 "B")

using Raw = std::array<std::uint8_t, kRawSize>;

constexpr char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

// base64url value of each byte, or -1 for bytes outside the alphabet.
constexpr std::array<std::int8_t, 256> kDecode = [] {
  std::array<std::int8_t, 256> table{};
  table.fill(-1);
  for (int i = 0; i < 64; ++i) table[static_cast<unsigned char>(kAlphabet[i])] = static_cast<std::int8_t>(i);
  return table;
}();

std::string encode(const Raw& raw) {
  std::string out(NonceService::kNonceLength, '\0');
  char* p = out.data();
  std::size_t i = 0;
  for (; i + 3 <= raw.size(); i += 3) {
    const std::uint32_t v = (std::uint32_t{raw[i]} << 16) | (std::uint32_t{raw[i + 1]} << 8) | raw[i + 2];
    *p++ = kAlphabet[(v >> 18) & 0x3f];
    *p++ = kAlphabet[(v >> 12) & 0x3f];
    *p++ = kAlphabet[(v >> 6) & 0x3f];
    *p++ = kAlphabet[v & 0x3f];
  }
  // 32 = 10 * 3 + 2: the last two bytes make three characters, the last with two zero bits.
  const std::uint32_t v = (std::uint32_t{raw[i]} << 16) | (std::uint32_t{raw[i + 1]} << 8);
  *p++ = kAlphabet[(v >> 18) & 0x3f];
  *p++ = kAlphabet[(v >> 12) & 0x3f];
  *p++ = kAlphabet[(v >> 6) & 0x3f];
  return out;
}

// Only the canonical encoding is accepted, so that one nonce has one spelling.
std::optional<Raw> decode(std::string_view s) {
  if (s.size() != NonceService::kNonceLength) return std::nullopt;
  Raw raw{};
  std::uint32_t acc = 0;
  int bits = 0;
  std::size_t n = 0;
  for (char c : s) {
    const int v = kDecode[static_cast<unsigned char>(c)];
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

void putBigEndian(std::uint64_t value, std::size_t size, std::uint8_t* out) {
  for (std::size_t i = 0; i < size; ++i) out[i] = static_cast<std::uint8_t>(value >> (8 * (size - 1 - i)));
}

std::uint64_t getBigEndian(const std::uint8_t* in, std::size_t size) {
  std::uint64_t value = 0;
  for (std::size_t i = 0; i < size; ++i) value = (value << 8) | in[i];
  return value;
}

std::int64_t toMillis(SystemTime t) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(t.time_since_epoch()).count();
}

}  // namespace

NonceService::NonceService(std::span<const std::uint8_t> key, const Clock& clock,
                           std::chrono::seconds lifetime)
    : clock_(clock), lifetime_(lifetime) {
  assert(key.size() >= kMinKeySize);
  assert(lifetime_.count() > 0);
  // RFC 2104 §2: a key longer than the block is hashed first, a shorter one padded with zeros.
  std::array<std::uint8_t, kHmacBlockSize> block{};
  if (key.size() > kHmacBlockSize) {
    work_.start(DigestAlgorithm::Sha256);
    work_.update(key.data(), key.size());
    work_.finish(block.data());
  } else {
    std::copy(key.begin(), key.end(), block.begin());
  }
  std::array<std::uint8_t, kHmacBlockSize> pad{};
  for (std::size_t i = 0; i < kHmacBlockSize; ++i) pad[i] = block[i] ^ 0x36;
  inner_.start(DigestAlgorithm::Sha256);
  inner_.update(pad.data(), pad.size());
  for (std::size_t i = 0; i < kHmacBlockSize; ++i) pad[i] = block[i] ^ 0x5c;
  outer_.start(DigestAlgorithm::Sha256);
  outer_.update(pad.data(), pad.size());
  OPENSSL_cleanse(block.data(), block.size());
  OPENSSL_cleanse(pad.data(), pad.size());
}

void NonceService::tag(const std::uint8_t* payload, std::string_view realm, std::uint8_t* out) const {
  // HMAC(key, payload || realm) = H(key ^ opad || H(key ^ ipad || payload || realm)).
  std::uint8_t digest[DigestContext::kMaxSize];
  work_.startFrom(inner_);
  work_.update(payload, kPayloadSize);
  work_.update(realm);
  const std::size_t innerSize = work_.finish(digest);
  work_.startFrom(outer_);
  work_.update(digest, innerSize);
  work_.finish(digest);
  std::copy(digest, digest + kTagSize, out);
}

std::string NonceService::issue(std::string_view realm, NonceId id) {
  Raw raw{};
  putBigEndian(static_cast<std::uint64_t>(toMillis(clock_.systemNow())), 8, raw.data());
  putBigEndian(id.epoch, 4, raw.data() + 8);
  putBigEndian(id.sequence, 4, raw.data() + 12);
  tag(raw.data(), realm, raw.data() + kPayloadSize);
  return encode(raw);
}

NonceCheck NonceService::check(std::string_view nonce, std::string_view realm) const {
  const auto raw = decode(nonce);
  if (!raw) return {};
  std::uint8_t expected[kTagSize];
  tag(raw->data(), realm, expected);
  if (CRYPTO_memcmp(expected, raw->data() + kPayloadSize, kTagSize) != 0) return {};

  // An authentic time stamp is one we wrote, so it is in range; compare in signed arithmetic.
  const auto issued = static_cast<std::int64_t>(getBigEndian(raw->data(), 8));
  const std::int64_t nowMs = toMillis(clock_.systemNow());
  const auto lifetimeMs = std::chrono::duration_cast<std::chrono::milliseconds>(lifetime_).count();
  const auto skewMs = std::chrono::duration_cast<std::chrono::milliseconds>(kClockSkew).count();

  NonceCheck result;
  result.expiresAt = SystemTime(std::chrono::duration_cast<SystemTime::duration>(
      std::chrono::milliseconds(issued + lifetimeMs)));
  result.id.epoch = static_cast<std::uint32_t>(getBigEndian(raw->data() + 8, 4));
  result.id.sequence = static_cast<std::uint32_t>(getBigEndian(raw->data() + 12, 4));
  const bool fromFuture = issued > nowMs + skewMs;
  const bool expired = nowMs - issued >= lifetimeMs;
  result.status = (fromFuture || expired) ? NonceStatus::Stale : NonceStatus::Valid;
  return result;
}

}  // namespace sb::sip::auth
