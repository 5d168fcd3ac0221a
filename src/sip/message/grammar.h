// SPDX-License-Identifier: MIT
#pragma once
#include <cstddef>
#include <string>
#include <string_view>

#include "sip/message/uri.h"

// Character classes and small scanners of the RFC 3261 §25 grammar, shared by the URI, header
// and message parsers of this folder. Internal: not part of the message API.
namespace sb::sip::grammar {

inline bool isAlpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
inline bool isDigit(char c) { return c >= '0' && c <= '9'; }
inline bool isAlnum(char c) { return isAlpha(c) || isDigit(c); }
inline bool isHex(char c) {
  return isDigit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}
inline bool isWsp(char c) { return c == ' ' || c == '\t'; }

// token = 1*(alphanum / "-" / "." / "!" / "%" / "*" / "_" / "+" / "`" / "'" / "~")
bool isTokenChar(char c);
// unreserved = alphanum / mark; mark = "-" / "_" / "." / "!" / "~" / "*" / "'" / "(" / ")"
bool isUnreserved(char c);

bool isToken(std::string_view s);  // non-empty and all token characters
bool allDigits(std::string_view s);  // non-empty and all 0-9

// Advances `i` past spaces and tabs (the parser has already unfolded continuation lines).
inline void skipWsp(std::string_view s, std::size_t& i) {
  while (i < s.size() && isWsp(s[i])) ++i;
}
std::string_view takeToken(std::string_view s, std::size_t& i);

// A quoted-string starting at s[i] == '"' (RFC 3261 §25.1, with quoted-pair escapes). On success
// `i` is past the closing quote and the raw text (quotes included) is returned; an unterminated
// string returns an empty view.
std::string_view takeQuoted(std::string_view s, std::size_t& i);
// The content of a raw quoted-string with its escapes undone.
std::string unquote(std::string_view quoted);
// Appends `text` as a quoted-string, escaping '"', '\\' and control characters; CR and LF
// cannot be escaped (§25.1) and are dropped.
void appendQuoted(std::string& out, std::string_view text);

// Header parameters `*( SEMI generic-param )` from s[i] with LWS allowed around ';' and '='.
// Stops (true) at the first character that does not start a parameter; false on a malformed
// parameter such as an empty name (";;").
bool parseHeaderParams(std::string_view s, std::size_t& i, ParamList& out);

// True if `value` reads back whole as the value of a header parameter (token / host /
// quoted-string, as parseHeaderParams() accepts it).
bool isHeaderParamValue(std::string_view value);

// The parsers behind Uri::parse(), NameAddr::parse() and Via::parse(), filling a
// default-constructed object in place so the message parser need not move whole URIs and
// addresses around. On false, `out` holds a partial result the caller must discard.
bool parseUriInto(std::string_view text, Uri& out);
bool parseNameAddrInto(std::string_view text, NameAddr& out);
bool parseViaInto(std::string_view text, Via& out);

// Appends Uri::toString() to `out` without a temporary string.
void appendUri(std::string& out, const Uri& uri);

// host = hostname / IPv4address / IPv6reference. Returns its length at s[i], 0 if none.
std::size_t scanHost(std::string_view s, std::size_t i);
// 1*5DIGIT within 0..65535.
bool parsePort(std::string_view s, std::uint16_t& port);

}  // namespace sb::sip::grammar
