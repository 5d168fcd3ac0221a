// SPDX-License-Identifier: MIT
#pragma once
#include <cstddef>
#include <string_view>

#include "sip/transport/transport_limits.h"

namespace sb::sip {

// What the front of a stream buffer holds.
struct StreamFrame {
  enum class Kind {
    Message,   // `length` bytes form one SIP message
    Ping,      // RFC 5626 §3.5.1 double-CRLF keepalive: consume `length`, answer with CRLF
    Skip,      // a stray CRLF before a start line (RFC 3261 §7.5) or a pong: consume `length`
    NeedMore,  // wait for more bytes
    Oversize,  // the message is or will be over the limits: cut the connection
    Invalid,   // the bytes can never become a message: cut the connection
  };
  Kind kind = Kind::NeedMore;
  std::size_t length = 0;
};

// Decides message boundaries on a stream (RFC 3261 §18.3) using sip::frameLength(), with the
// keepalive and size rules in front of it. Pure: the connection owns the buffer and the socket.
StreamFrame nextStreamFrame(std::string_view buffer, const TransportLimits& limits);

// True when nothing but CR and LF is buffered: a keepalive in progress, not a message, so the
// slow-message timer does not run for it.
bool onlyLineBreaks(std::string_view buffer);

}  // namespace sb::sip
