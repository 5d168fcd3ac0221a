// SPDX-License-Identifier: MIT
#include <string>

#include "base/text.h"
#include "sip/message/core_headers.h"
#include "sip/message/grammar.h"
#include "sip/message/header_names.h"
#include "sip/message/message.h"

namespace sb::sip {

// RFC 3261 §18.3: on a stream the message ends Content-Length octets after the empty line that
// ends the headers; Content-Length is mandatory there. Only Content-Length is read (long or
// compact name, with folding); everything else is left to parse().
std::optional<std::size_t> frameLength(std::string_view buffer, const ParseLimits& limits) {
  std::size_t pos = 0;
  // §7.5: CRLFs before the start line (also RFC 5626 keep-alives) belong to this frame.
  while (pos < buffer.size() && (buffer[pos] == '\r' || buffer[pos] == '\n')) ++pos;
  const std::size_t sectionStart = pos;
  bool startLine = true;
  bool inContentLength = false;
  bool sawContentLength = false;
  std::string lengthText;  // the current Content-Length value, folding included
  std::optional<std::uint32_t> length;
  std::size_t headerCount = 0;

  // Judges the Content-Length header just finished; false if it is unusable.
  const auto closeContentLength = [&]() {
    if (!inContentLength) return true;
    inContentLength = false;
    std::optional<std::uint32_t> value;
    if (!core::parseDigits(text::trim(lengthText), value) || !value) return false;
    if (sawContentLength && length != value) return false;  // two different lengths
    sawContentLength = true;
    length = value;
    return true;
  };

  for (;;) {
    const std::size_t nl = buffer.find('\n', pos);
    const std::size_t sectionSoFar = (nl == std::string_view::npos ? buffer.size() : nl + 1) - sectionStart;
    if (sectionSoFar > limits.maxHeaderBytes) return std::nullopt;
    if (nl == std::string_view::npos) return std::size_t{0};  // the headers are not all here
    std::string_view line = buffer.substr(pos, nl - pos);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    pos = nl + 1;
    if (line.empty()) break;
    if (startLine) {
      startLine = false;
      continue;
    }
    if (grammar::isWsp(line.front())) {
      if (inContentLength) {
        lengthText.push_back(' ');
        lengthText.append(line);
      }
      continue;
    }
    if (!closeContentLength()) return std::nullopt;
    if (++headerCount > limits.maxHeaders) return std::nullopt;
    const std::size_t colon = line.find(':');
    if (colon == std::string_view::npos) continue;  // parse() will judge the line
    const std::string_view name = text::trim(line.substr(0, colon));
    if (grammar::isToken(name) && headers::lookup(name).id == headers::Id::ContentLength) {
      inContentLength = true;
      lengthText.assign(line.substr(colon + 1));
    }
  }
  if (!closeContentLength() || !sawContentLength) return std::nullopt;
  if (*length > limits.maxMessageBytes || pos + *length - sectionStart > limits.maxMessageBytes)
    return std::nullopt;
  const std::size_t total = pos + *length;
  return buffer.size() >= total ? total : 0;
}

}  // namespace sb::sip
