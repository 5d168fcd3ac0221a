// SPDX-License-Identifier: MIT
#pragma once
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include "sdp/session_description.h"

namespace sb::sdp {

// Limits parse() enforces so that a hostile body cannot make it work or allocate without bound.
struct ParseLimits {
  std::size_t maxBytes = 16 * 1024;
  std::size_t maxLineBytes = 2048;  // one line, without its line end
  std::size_t maxMedia = 16;        // m= sections
  std::size_t maxFormats = 64;      // per m= line
  std::size_t maxAttributes = 128;  // a= lines per section (the session, or one m=)
  std::size_t maxOtherLines = 32;   // b=, e=, p=, t=, r= lines per section
};

// What parse() says about a body: a description, or why not. `error` is short, starts with the
// line number where it can ("line 7: payload type out of range"), and never echoes the input,
// so it can go into a log line or a Warning header as it is.
struct ParseResult {
  std::optional<SessionDescription> description;
  std::string error;

  bool ok() const { return description.has_value(); }
};

// RFC 4566 parser. Strict where a mistake would misroute or misdecode media: v=0 first, exactly
// one o= and one s=, well-formed o=, c=, m=, b= and t= lines, ports 0..65535, RTP payload types
// 0..127, a connection address for every enabled m= (its own or the session's).
// Lenient on what real phones send: LF or CRLF line ends, trailing spaces, blank lines, a
// missing t=, runs of spaces between fields, lines in an unusual order within their section,
// lines of an unknown type letter (skipped: RFC 4566 §5 would have us drop the whole
// description, but phones do send them and Switchboard rewrites what it forwards anyway),
// attributes it does not know (kept), a rejected m= (port 0) with no formats or c=.
// Never throws; anything beyond `limits` is an error.
ParseResult parse(std::string_view text, const ParseLimits& limits = {});

}  // namespace sb::sdp
