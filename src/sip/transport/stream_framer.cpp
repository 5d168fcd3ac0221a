// SPDX-License-Identifier: MIT
#include "sip/transport/stream_framer.h"

#include "sip/message/message.h"

namespace sb::sip {

namespace {
constexpr std::string_view kCrlf = "\r\n";
constexpr std::string_view kPing = "\r\n\r\n";
}  // namespace

bool onlyLineBreaks(std::string_view buffer) {
  return buffer.find_first_not_of(kCrlf) == std::string_view::npos;
}

StreamFrame nextStreamFrame(std::string_view buffer, const TransportLimits& limits) {
  using Kind = StreamFrame::Kind;
  if (buffer.empty()) return {Kind::NeedMore, 0};
  if (buffer.starts_with(kCrlf)) {
    // RFC 5626 §3.5.1: a client's ping is CRLFCRLF, the pong a single CRLF. A lone CRLF may be the
    // first half of a ping, so wait for one more byte before calling it stray.
    if (buffer.starts_with(kPing)) return {Kind::Ping, kPing.size()};
    if (buffer.size() <= kCrlf.size() + 1 && kPing.starts_with(buffer)) return {Kind::NeedMore, 0};
    return {Kind::Skip, kCrlf.size()};
  }

  ParseLimits parseLimits;
  parseLimits.maxMessageBytes = limits.maxMessageBytes;
  parseLimits.maxHeaderBytes = limits.maxHeaderBytes;
  const auto length = frameLength(buffer, parseLimits);
  if (!length) {
    // frameLength refuses headers over the limit as well as garbage; tell them apart for stats.
    const auto headerEnd = buffer.find(kPing);
    const bool headerTooLong = (headerEnd == std::string_view::npos ? buffer.size() : headerEnd) >
                               limits.maxHeaderBytes;
    return {headerTooLong ? Kind::Oversize : Kind::Invalid, 0};
  }
  if (*length > limits.maxMessageBytes) return {Kind::Oversize, 0};
  if (*length > 0) return {Kind::Message, *length};

  // Incomplete. Enforce the limits here too, so an endless header section or a body that never
  // ends is cut off however frameLength treats unfinished input.
  const auto headerEnd = buffer.find(kPing);
  if (headerEnd == std::string_view::npos && buffer.size() > limits.maxHeaderBytes) {
    return {Kind::Oversize, 0};
  }
  if (buffer.size() >= limits.maxMessageBytes) return {Kind::Oversize, 0};
  return {Kind::NeedMore, 0};
}

}  // namespace sb::sip
