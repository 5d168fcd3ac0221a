// SPDX-License-Identifier: MIT
#pragma once
#include <cstddef>
#include <string_view>
#include <vector>

// The RFC 4566 §9 character classes and field splitting that the parser and the typed attribute
// views share. Internal to sdp/.
namespace sb::sdp::grammar {

// token-char: visible US-ASCII except the separators " ( ) , / : ; < = > ? @ [ \ ] { } (§9).
bool isTokenChar(char c);
bool isToken(std::string_view s);  // non-empty, token chars only
// non-ws-string: one or more visible characters (US-ASCII above space, or UTF-8 bytes).
bool isNonWs(std::string_view s);

// Splits on runs of spaces (§5 wants exactly one; phones write two now and then). Leading and
// trailing spaces produce no empty fields. Stops after `maxFields` fields and then returns
// maxFields + 1 entries, the last one empty, so callers can refuse too many without the list
// growing with the input.
std::vector<std::string_view> splitFields(std::string_view s, std::size_t maxFields);

// Splits an a=fmtp value into its format and its parameters (both trimmed, views into `value`);
// false when there is no format.
bool splitFmtp(std::string_view value, std::string_view& format, std::string_view& parameters);

}  // namespace sb::sdp::grammar
