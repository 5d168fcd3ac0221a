// SPDX-License-Identifier: MIT
#pragma once
#include <array>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace sb::sip::auth {

// Bounds on what we accept from the network, in challenges and credentials alike. Real ones are a
// few hundred bytes.
inline constexpr std::size_t kMaxDigestHeaderSize = 4096;
inline constexpr std::size_t kMaxParamValueSize = 1024;
inline constexpr std::size_t kMaxParamNameSize = 32;
inline constexpr std::size_t kMaxParams = 24;

// One `name=value` of a Digest header (RFC 3261 §25.1 auth-param / digest-response). `name`
// points into the parsed header value; `value` is unquoted and unescaped.
struct DigestParam {
  std::string_view name;
  std::string value;
};

// The parameters of one header value with the Digest scheme, in order, each name at most once.
class DigestParams {
 public:
  // The value of the parameter with this name (any case), or nullopt.
  const std::string* find(std::string_view name) const;
  std::string* find(std::string_view name);  // to move the value out
  std::size_t size() const { return count_; }

 private:
  friend std::optional<DigestParams> parseDigestParams(std::string_view headerValue);
  std::array<DigestParam, kMaxParams> items_;
  std::size_t count_ = 0;
};

// Parses `Digest name=value, name="quoted value", ...`, the shape shared by WWW-Authenticate /
// Proxy-Authenticate challenges (RFC 7616 §3.3) and Authorization / Proxy-Authorization
// credentials (§3.4). Returns nullopt for another scheme, bad syntax (unterminated quotes, a
// missing comma, a control character), a name given twice in any case (so a value cannot be
// smuggled past one reader and seen by another), or anything past the bounds above. Which
// parameters are required is the caller's business. Never throws on input.
std::optional<DigestParams> parseDigestParams(std::string_view headerValue);

// `value` as a quoted-string (RFC 3261 §25.1): in double quotes, with '"' and '\' escaped. The
// caller keeps CR, LF and other control characters out (they cannot be quoted).
std::string quoted(std::string_view value);

}  // namespace sb::sip::auth
