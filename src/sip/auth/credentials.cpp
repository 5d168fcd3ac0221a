// SPDX-License-Identifier: MIT
#include "sip/auth/credentials.h"

#include <array>

#include "base/text.h"

namespace sb::sip::auth {
namespace {

// RFC 3261 §25.1 token characters.
bool isTokenChar(char c) {
  if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) return true;
  switch (c) {
    case '-': case '.': case '!': case '%': case '*': case '_': case '+': case '`': case '\'':
    case '~':
      return true;
    default:
      return false;
  }
}

bool isHexDigit(char c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

// Control characters other than HTAB never belong in a header value (RFC 3261 §25.1 qdtext).
bool isForbiddenControl(char c) {
  const auto u = static_cast<unsigned char>(c);
  return (u < 0x20 && c != '\t') || u == 0x7f;
}

// A cursor over the header value; every step checks bounds before reading.
class Cursor {
 public:
  explicit Cursor(std::string_view s) : s_(s) {}

  bool atEnd() const { return pos_ >= s_.size(); }
  char peek() const { return s_[pos_]; }
  void advance() { ++pos_; }

  std::size_t skipWhitespace() {
    const std::size_t start = pos_;
    while (!atEnd() && (peek() == ' ' || peek() == '\t')) advance();
    return pos_ - start;
  }

  std::string_view token() {
    const std::size_t start = pos_;
    while (!atEnd() && isTokenChar(peek())) advance();
    return s_.substr(start, pos_ - start);
  }

  // quoted-string = DQUOTE *(qdtext / quoted-pair) DQUOTE; the opening quote is current.
  std::optional<std::string> quotedString() {
    advance();
    // Digest values (nonce, response, uri, cnonce) almost never hold a quoted-pair: then the
    // value is the text up to the closing quote, taken in one piece.
    const std::size_t start = pos_;
    const std::size_t stop = s_.find_first_of("\"\\", start);
    if (stop != std::string_view::npos && s_[stop] == '"' && stop - start <= kMaxParamValueSize) {
      const std::string_view value = s_.substr(start, stop - start);
      bool clean = true;
      for (char c : value) clean = clean && !isForbiddenControl(c);
      if (clean) {
        pos_ = stop + 1;
        return std::string(value);
      }
    }
    std::string out;
    while (!atEnd()) {
      char c = peek();
      advance();
      if (c == '"') return out;
      if (c == '\\') {
        if (atEnd()) return std::nullopt;
        c = peek();
        advance();
      }
      if (isForbiddenControl(c)) return std::nullopt;
      if (out.size() >= kMaxParamValueSize) return std::nullopt;
      out.push_back(c);
    }
    return std::nullopt;  // unterminated
  }

 private:
  std::string_view s_;
  std::size_t pos_ = 0;
};

enum Param : std::size_t {
  kUsername, kRealm, kNonce, kUri, kResponse, kAlgorithm, kCnonce, kNc, kQop, kOpaque, kParamCount
};

constexpr std::array<std::string_view, kParamCount> kParamNames = {
    "username", "realm", "nonce", "uri", "response", "algorithm", "cnonce", "nc", "qop", "opaque"};

std::optional<Param> knownParam(std::string_view name) {
  for (std::size_t i = 0; i < kParamNames.size(); ++i)
    if (text::iequals(name, kParamNames[i])) return static_cast<Param>(i);
  return std::nullopt;
}

std::optional<std::uint32_t> parseNonceCount(std::string_view nc) {
  if (nc.size() != 8) return std::nullopt;
  std::uint32_t value = 0;
  for (char c : nc) {
    if (!isHexDigit(c)) return std::nullopt;
    const char l = text::toLower(c);
    value = value * 16 + static_cast<std::uint32_t>(l <= '9' ? l - '0' : l - 'a' + 10);
  }
  return value;
}

}  // namespace

std::string_view algorithmName(DigestAlgorithm algorithm) {
  return algorithm == DigestAlgorithm::Sha256 ? "SHA-256" : "MD5";
}

std::optional<Credentials> parseCredentials(std::string_view headerValue) {
  if (headerValue.size() > kMaxCredentialsSize) return std::nullopt;
  Cursor cur(headerValue);
  cur.skipWhitespace();
  if (!text::iequals(cur.token(), "Digest")) return std::nullopt;
  if (cur.skipWhitespace() == 0) return std::nullopt;

  std::array<std::optional<std::string>, kParamCount> values;
  // Unknown parameters are ignored (RFC 7616 §3.4) but still count against the bound and must
  // not repeat, so a value cannot be smuggled past one reader and seen by another.
  std::array<std::string_view, kMaxParams> seenUnknown;
  std::size_t unknownCount = 0;
  std::size_t paramCount = 0;

  bool expectParam = true;
  while (true) {
    cur.skipWhitespace();
    if (cur.atEnd()) break;
    if (cur.peek() == ',') {  // empty list elements are allowed (RFC 7230 §7)
      cur.advance();
      expectParam = true;
      continue;
    }
    if (!expectParam) return std::nullopt;  // two parameters without a comma between
    if (++paramCount > kMaxParams) return std::nullopt;

    const std::string_view name = cur.token();
    if (name.empty() || name.size() > 32) return std::nullopt;
    cur.skipWhitespace();
    if (cur.atEnd() || cur.peek() != '=') return std::nullopt;
    cur.advance();
    cur.skipWhitespace();
    if (cur.atEnd()) return std::nullopt;

    std::string value;
    if (cur.peek() == '"') {
      auto quoted = cur.quotedString();
      if (!quoted) return std::nullopt;
      value = std::move(*quoted);
    } else {
      const std::string_view tok = cur.token();
      if (tok.empty() || tok.size() > kMaxParamValueSize) return std::nullopt;
      value = std::string(tok);
    }

    if (auto known = knownParam(name)) {
      if (values[*known]) return std::nullopt;  // duplicate
      values[*known] = std::move(value);
    } else {
      for (std::size_t i = 0; i < unknownCount; ++i)
        if (text::iequals(seenUnknown[i], name)) return std::nullopt;
      seenUnknown[unknownCount++] = name;
    }
    expectParam = false;
  }

  for (Param required : {kUsername, kRealm, kNonce, kUri, kResponse})
    if (!values[required]) return std::nullopt;

  Credentials c;
  c.username = std::move(*values[kUsername]);
  c.realm = std::move(*values[kRealm]);
  c.nonce = std::move(*values[kNonce]);
  c.uri = std::move(*values[kUri]);
  c.response = std::move(*values[kResponse]);
  if (c.username.empty() || c.username.size() > kMaxUsernameSize) return std::nullopt;
  if (c.nonce.empty() || c.uri.empty() || c.response.empty()) return std::nullopt;

  if (values[kAlgorithm]) {
    if (text::iequals(*values[kAlgorithm], "MD5")) c.algorithm = DigestAlgorithm::Md5;
    else if (text::iequals(*values[kAlgorithm], "SHA-256")) c.algorithm = DigestAlgorithm::Sha256;
    else return std::nullopt;
  }

  // RFC 7616 §3.4: cnonce and nc go with qop and only with qop.
  if (values[kQop]) {
    if (values[kQop]->empty() || !values[kNc] || !values[kCnonce] || values[kCnonce]->empty())
      return std::nullopt;
    auto count = parseNonceCount(*values[kNc]);
    if (!count) return std::nullopt;
    c.qop = std::move(*values[kQop]);
    c.nc = std::move(*values[kNc]);
    c.nonceCount = *count;
    c.cnonce = std::move(*values[kCnonce]);
  } else if (values[kNc] || values[kCnonce]) {
    return std::nullopt;
  }
  if (values[kOpaque]) c.opaque = std::move(*values[kOpaque]);
  return c;
}

}  // namespace sb::sip::auth
