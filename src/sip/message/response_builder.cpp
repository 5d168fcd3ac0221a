// SPDX-License-Identifier: MIT
#include "sip/message/response_builder.h"

#include <algorithm>
#include <charconv>

#include "base/random.h"
#include "base/text.h"
#include "sip/message/line_safety.h"

namespace sb::sip {
namespace {

struct Reason {
  int code;
  std::string_view phrase;
};

// RFC 3261 §21 and the extension RFCs that define codes the stack sends or meets.
constexpr Reason kReasons[] = {
    {100, "Trying"}, {180, "Ringing"}, {181, "Call Is Being Forwarded"}, {182, "Queued"},
    {183, "Session Progress"}, {199, "Early Dialog Terminated"}, {200, "OK"}, {202, "Accepted"},
    {204, "No Notification"}, {300, "Multiple Choices"}, {301, "Moved Permanently"},
    {302, "Moved Temporarily"}, {305, "Use Proxy"}, {380, "Alternative Service"},
    {400, "Bad Request"}, {401, "Unauthorized"}, {402, "Payment Required"}, {403, "Forbidden"},
    {404, "Not Found"}, {405, "Method Not Allowed"}, {406, "Not Acceptable"},
    {407, "Proxy Authentication Required"}, {408, "Request Timeout"}, {410, "Gone"},
    {412, "Conditional Request Failed"}, {413, "Request Entity Too Large"},
    {414, "Request-URI Too Long"}, {415, "Unsupported Media Type"},
    {416, "Unsupported URI Scheme"}, {417, "Unknown Resource-Priority"}, {420, "Bad Extension"},
    {421, "Extension Required"}, {422, "Session Interval Too Small"}, {423, "Interval Too Brief"},
    {428, "Use Identity Header"}, {429, "Provide Referrer Identity"}, {430, "Flow Failed"},
    {433, "Anonymity Disallowed"}, {436, "Bad Identity-Info"}, {437, "Unsupported Certificate"},
    {438, "Invalid Identity Header"}, {439, "First Hop Lacks Outbound Support"},
    {440, "Max-Breadth Exceeded"}, {469, "Bad Info Package"}, {470, "Consent Needed"},
    {480, "Temporarily Unavailable"}, {481, "Call/Transaction Does Not Exist"},
    {482, "Loop Detected"}, {483, "Too Many Hops"}, {484, "Address Incomplete"},
    {485, "Ambiguous"}, {486, "Busy Here"}, {487, "Request Terminated"},
    {488, "Not Acceptable Here"}, {489, "Bad Event"}, {491, "Request Pending"},
    {493, "Undecipherable"}, {494, "Security Agreement Required"},
    {500, "Server Internal Error"}, {501, "Not Implemented"}, {502, "Bad Gateway"},
    {503, "Service Unavailable"}, {504, "Server Time-out"}, {505, "Version Not Supported"},
    {513, "Message Too Large"}, {555, "Push Notification Service Not Supported"},
    {580, "Precondition Failure"}, {600, "Busy Everywhere"}, {603, "Decline"},
    {604, "Does Not Exist Anywhere"}, {606, "Not Acceptable"}, {607, "Unwanted"},
    {608, "Rejected"},
};

bool named(const Header& h, std::string_view canonical) {
  return h.name.size() == canonical.size() && text::iequals(h.name, canonical);
}

}  // namespace

ResponseWriter::ResponseWriter(const Message& request, int statusCode, std::string_view reason,
                               std::string_view toTag)
    : statusCode_(std::clamp(statusCode, 100, 699)) {
  out_.reserve(512);
  out_.append("SIP/2.0 ");
  char digits[4];
  const auto written = std::to_chars(digits, digits + sizeof digits, statusCode_);
  out_.append(digits, written.ptr);
  out_.push_back(' ');
  appendLineSafe(out_, reason.empty() ? reasonPhrase(statusCode_) : reason);
  out_.append("\r\n");
  const bool addTag = !request.to().uri.scheme.empty() && statusCode_ > 100 && !request.to().tag();
  // §8.2.6.2, in makeResponse's order: every Via, then From, To, Call-ID, CSeq (and, for a 100,
  // Timestamp, §8.2.6.1). Parsed lines hold no line breaks; the check is for built requests.
  for (std::string_view name : {"Via", "From", "To", "Call-ID", "CSeq", "Timestamp"}) {
    if (name == "Timestamp" && statusCode_ != 100) break;
    for (const Header& h : request.headers()) {
      if (!named(h, name)) continue;
      const std::size_t start = out_.size();
      out_.append(name).append(": ").append(h.value);
      if (name == "To" && addTag) {
        out_.append(";tag=").append(toTag.empty() ? random::token(16) : std::string(toTag));
      }
      blankLineBreaks(out_, start);
      out_.append("\r\n");
    }
  }
}

ResponseWriter& ResponseWriter::header(std::string_view name, std::string_view value) {
  const std::size_t start = out_.size();
  out_.append(name).append(": ").append(value);
  blankLineBreaks(out_, start);
  out_.append("\r\n");
  return *this;
}

std::string ResponseWriter::finish() && {
  out_.append("Content-Length: 0\r\n\r\n");
  return std::move(out_);
}

std::string_view reasonPhrase(int statusCode) {
  for (const auto& r : kReasons)
    if (r.code == statusCode) return r.phrase;
  // §21: an unknown code is understood as the x00 of its class.
  if (statusCode >= 100 && statusCode < 700 && statusCode % 100 != 0)
    return reasonPhrase(statusCode / 100 * 100);
  return "Unknown";
}

Message makeResponse(const Message& request, int statusCode, std::string_view reason,
                     std::string_view toTag) {
  Message response = Message::response(statusCode, reason.empty() ? reasonPhrase(statusCode) : reason);
  // Raw lines are copied so that a 400 to a request with an unreadable header still carries it
  // as received (the transport answers such a request at its source address).
  response.copyHeaders(request, "Via");
  response.copyHeaders(request, "From");
  const bool toParsed = !request.to().uri.scheme.empty();
  if (toParsed && statusCode > 100 && !request.to().tag()) {
    NameAddr to = request.to();
    to.params.set("tag", toTag.empty() ? random::token(16) : std::string(toTag));
    response.setTo(std::move(to));
  } else {
    response.copyHeaders(request, "To");
  }
  response.copyHeaders(request, "Call-ID");
  response.copyHeaders(request, "CSeq");
  // §8.2.6.1: a 100 echoes the request's Timestamp.
  if (statusCode == 100) response.copyHeaders(request, "Timestamp");
  return response;
}

}  // namespace sb::sip
