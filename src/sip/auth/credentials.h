// SPDX-License-Identifier: MIT
#pragma once
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace sb::sip::auth {

// The hash functions we offer (RFC 7616 §3.2). The "-sess" variants are not offered, so credentials
// naming them are not parsed.
enum class DigestAlgorithm : std::uint8_t { Md5, Sha256 };

std::string_view algorithmName(DigestAlgorithm algorithm);  // "MD5", "SHA-256"

// The parameters of one Authorization / Proxy-Authorization header with the Digest scheme
// (RFC 7616 §3.4, RFC 3261 §25.1 "credentials"). Values are unquoted and unescaped.
struct Credentials {
  std::string username;
  std::string realm;
  std::string nonce;
  std::string uri;
  std::string response;
  DigestAlgorithm algorithm = DigestAlgorithm::Md5;  // absent = MD5 (RFC 7616 §3.4)
  std::string qop;     // empty: RFC 2069 style, no qop, no nc, no cnonce
  std::string nc;      // exactly as sent (8 hex digits), used verbatim in the hash
  std::uint32_t nonceCount = 0;  // nc as a number
  std::string cnonce;
  std::string opaque;
};

// Bounds on what we accept from the network. Real credentials are a few hundred bytes.
inline constexpr std::size_t kMaxCredentialsSize = 4096;
inline constexpr std::size_t kMaxParamValueSize = 1024;
inline constexpr std::size_t kMaxUsernameSize = 256;
inline constexpr std::size_t kMaxParams = 24;

// Parses a header value such as `Digest username="100", realm="pbx", nonce="...", uri="sip:pbx",
// response="...", algorithm=MD5, qop=auth, nc=00000001, cnonce="..."`. Returns nullopt for another
// scheme, bad syntax, a duplicated parameter, a missing required parameter, an algorithm we do not
// offer, inconsistent qop/nc/cnonce, or anything past the size bounds. Never throws on input.
std::optional<Credentials> parseCredentials(std::string_view headerValue);

}  // namespace sb::sip::auth
