// SPDX-License-Identifier: MIT
#include "sip/auth/digest_params.h"

#include <utility>

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

}  // namespace

const std::string* DigestParams::find(std::string_view name) const {
  for (std::size_t i = 0; i < count_; ++i)
    if (text::iequals(items_[i].name, name)) return &items_[i].value;
  return nullptr;
}

std::string* DigestParams::find(std::string_view name) {
  return const_cast<std::string*>(std::as_const(*this).find(name));
}

std::optional<DigestParams> parseDigestParams(std::string_view headerValue) {
  if (headerValue.size() > kMaxDigestHeaderSize) return std::nullopt;
  Cursor cur(headerValue);
  cur.skipWhitespace();
  if (!text::iequals(cur.token(), "Digest")) return std::nullopt;
  if (cur.skipWhitespace() == 0) return std::nullopt;

  DigestParams params;
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
    if (params.count_ == kMaxParams) return std::nullopt;

    const std::string_view name = cur.token();
    if (name.empty() || name.size() > kMaxParamNameSize) return std::nullopt;
    cur.skipWhitespace();
    if (cur.atEnd() || cur.peek() != '=') return std::nullopt;
    cur.advance();
    cur.skipWhitespace();
    if (cur.atEnd()) return std::nullopt;

    std::string value;
    if (cur.peek() == '"') {
      auto quotedValue = cur.quotedString();
      if (!quotedValue) return std::nullopt;
      value = std::move(*quotedValue);
    } else {
      const std::string_view tok = cur.token();
      if (tok.empty() || tok.size() > kMaxParamValueSize) return std::nullopt;
      value = std::string(tok);
    }
    // Unknown parameters are ignored by the callers (RFC 7616 §3.3, §3.4) but may not repeat
    // either.
    if (params.find(name) != nullptr) return std::nullopt;
    params.items_[params.count_++] = DigestParam{name, std::move(value)};
    expectParam = false;
  }
  return params;
}

std::string quoted(std::string_view value) {
  std::string out;
  out.reserve(value.size() + 2);
  out.push_back('"');
  for (char c : value) {
    if (c == '"' || c == '\\') out.push_back('\\');
    out.push_back(c);
  }
  out.push_back('"');
  return out;
}

}  // namespace sb::sip::auth
