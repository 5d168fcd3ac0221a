// SPDX-License-Identifier: MIT
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "sip/message/method.h"
#include "sip/message/uri.h"

namespace sb::sip {

// A header line as received or to be sent. `name` is the canonical long form ("Via", "Call-ID",
// "Content-Length"): compact forms ("v", "i", "l") are expanded by the parser. Multi-value headers
// keep one entry per line as written; valuesOf() splits them on commas.
struct Header {
  std::string name;
  std::string value;
};

// A parsed or built SIP request or response (RFC 3261 §7). Pure data: no I/O, no clocks.
//
// Messages from the network go through parse(); the headers the stack relies on (Via, From, To,
// Call-ID, CSeq, Contact, Max-Forwards, Expires, Content-Length) are validated there and kept in
// typed form. Messages built by the stack are assembled with the setters; serialize() writes the
// header lines in order and a correct Content-Length.
class Message {
 public:
  static Message request(Method method, std::string_view methodName, Uri requestUri);
  static Message response(int statusCode, std::string_view reason);

  bool isRequest() const { return isRequest_; }
  bool isResponse() const { return !isRequest_; }

  // Request line (requests only).
  Method method() const { return method_; }
  const std::string& methodName() const { return methodName_; }  // as written, e.g. "INVITE"
  const Uri& requestUri() const { return requestUri_; }
  void setRequestUri(Uri uri);

  // Status line (responses only).
  int statusCode() const { return statusCode_; }
  const std::string& reason() const { return reason_; }

  // "SIP/2.0" unless the peer wrote something else; the core answers 505 to anything else.
  const std::string& version() const { return version_; }

  // Raw headers, in order.
  const std::vector<Header>& headers() const { return headers_; }
  // The first header with this name (long or compact form, any case).
  std::optional<std::string_view> header(std::string_view name) const;
  // Every value of the headers with this name, each comma-separated item on its own.
  std::vector<std::string_view> valuesOf(std::string_view name) const;
  bool hasHeader(std::string_view name) const { return header(name).has_value(); }
  // Adds a header at the end (or, with `first`, before every other header of that name).
  void addHeader(std::string_view name, std::string_view value, bool first = false);
  // Replaces every header of that name with one.
  void setHeader(std::string_view name, std::string_view value);
  void removeHeader(std::string_view name);
  // Appends every header of that name from `other`, values as written (responses copy Via,
  // From, To, Call-ID and CSeq this way, §8.2.6.2; a B2BUA copies what it passes through).
  void copyHeaders(const Message& other, std::string_view name);

  // Typed views of the core headers. Present whenever parse() accepted the message; for built
  // messages they follow the setters below.
  const std::vector<Via>& vias() const { return vias_; }
  const NameAddr& from() const { return from_; }
  const NameAddr& to() const { return to_; }
  const std::string& callId() const { return callId_; }
  const CSeq& cseq() const { return cseq_; }
  const std::vector<Contact>& contacts() const { return contacts_; }
  std::optional<std::uint32_t> maxForwards() const { return maxForwards_; }
  std::optional<std::uint32_t> expires() const { return expires_; }

  void setVias(std::vector<Via> vias);
  void setFrom(NameAddr from);
  void setTo(NameAddr to);
  void setCallId(std::string callId);
  void setCSeq(CSeq cseq);
  void setContacts(std::vector<Contact> contacts);
  void setMaxForwards(std::uint32_t hops);
  void setExpires(std::uint32_t seconds);

  const std::string& body() const { return body_; }
  void setBody(std::string body, std::string_view contentType);

  // The wire form: start line, headers, "Content-Length" recomputed from the body.
  std::string serialize() const;

 private:
  // Replaces every header of that (canonical) name with one line, at the first one's place
  // (or at the end); the typed view is the caller's business.
  void syncHeader(std::string_view name, std::string value);
  // Replaces every line of that name with one line per value, at the first one's place (or,
  // with no such line yet, at the front when `front`, else at the end).
  void replaceLines(std::string_view name, std::vector<std::string> values, bool front);
  // Re-derives the typed view of one core header from the raw lines after a raw edit.
  void refreshTyped(std::string_view canonicalName);

  // Bits (1 << headers::Id) of the typed views known to equal what refreshTyped() would derive
  // from the raw lines, so copyHeaders() can copy them instead of parsing the lines again.
  std::uint32_t exactTyped_ = 0;

  friend class MessageParser;
  bool isRequest_ = true;
  Method method_ = Method::Unknown;
  std::string methodName_;
  Uri requestUri_;
  int statusCode_ = 0;
  std::string reason_;
  std::string version_ = "SIP/2.0";
  std::vector<Header> headers_;
  std::vector<Via> vias_;
  NameAddr from_;
  NameAddr to_;
  std::string callId_;
  CSeq cseq_;
  std::vector<Contact> contacts_;
  std::optional<std::uint32_t> maxForwards_;
  std::optional<std::uint32_t> expires_;
  std::string body_;
};

// Limits the parser enforces so a hostile peer cannot make it work or allocate without bound.
struct ParseLimits {
  std::size_t maxMessageBytes = 65535;
  std::size_t maxHeaders = 128;
  std::size_t maxHeaderBytes = 16384;  // start line plus all header lines
};

// What parse() says about a datagram or framed stream message.
struct ParseResult {
  enum class Kind {
    Ok,          // message is complete and valid enough for the stack
    BadRequest,  // a request whose core headers are readable enough to answer 400 (see message)
    Drop,        // nothing sensible can be answered: silently discarded and counted
  };
  Kind kind = Kind::Drop;
  std::optional<Message> message;  // set for Ok and BadRequest
  std::string error;               // why, for logs and the 400 reason phrase
};

// RFC 3261 §7 parser: line folding (§7.3.1), compact forms (§7.3.3), comma lists, quoted strings
// and escapes, IPv6 references, Content-Length framing (§18.3; on UDP a missing Content-Length
// means the rest of the datagram, §18.3 and RFC 4475 §3.1.2.x).
ParseResult parse(std::string_view wire, bool fromStream = false, const ParseLimits& limits = {});

// For stream transports: if `buffer` begins with a complete message (headers and the body its
// Content-Length announces), its total length; 0 if more bytes are needed; nullopt if the
// buffer can never become a valid message (no Content-Length, header section over the limit).
std::optional<std::size_t> frameLength(std::string_view buffer, const ParseLimits& limits = {});

}  // namespace sb::sip
