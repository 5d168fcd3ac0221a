// SPDX-License-Identifier: MIT
#pragma once
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "sip/message/header_names.h"
#include "sip/message/message.h"

namespace sb::sip {

// Turns one datagram or one framed stream message into a Message and a verdict (RFC 3261 §7,
// §18.3): reads the start line and header lines (unfolding, compact names), interprets the core
// headers, frames the body and decides Ok / BadRequest / Drop. It does not judge what the
// core answers (505, 416, 420, 501: see request_sanity.h) and does no I/O. One use per object.
class MessageParser {
 public:
  MessageParser(std::string_view wire, bool fromStream, const ParseLimits& limits);
  ParseResult run();

 private:
  enum class StartLine { Request, Response, Garbage };

  StartLine readStartLine(std::string_view line);
  bool readRequestLine(std::string_view line);
  bool readStatusLine(std::string_view line);
  // Reads header lines from pos_; false if the section (which began at `sectionStart`, the start
  // line) has no end or breaks a limit.
  bool readHeaders(std::size_t sectionStart);
  void interpretHeaders();
  void frameBody();
  ParseResult verdict();
  void fail(std::string_view why);  // remembers the first problem only

  std::string_view wire_;
  bool fromStream_;
  const ParseLimits& limits_;
  Message msg_;
  std::vector<headers::Id> ids_;  // parallel to msg_.headers_
  std::size_t pos_ = 0;
  std::size_t bodyStart_ = 0;
  std::string error_;
  std::string dropReason_;
  bool sawVia_ = false;
  bool contentLengthPresent_ = false;
  std::size_t contentLength_ = 0;
};

}  // namespace sb::sip
