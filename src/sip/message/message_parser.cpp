// SPDX-License-Identifier: MIT
#include "sip/message/message_parser.h"

#include <cstring>

#include "base/text.h"
#include "sip/message/core_headers.h"
#include "sip/message/grammar.h"
#include "sip/message/header_names.h"

namespace sb::sip {
namespace {

std::string_view stripCr(std::string_view line) {
  if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
  return line;
}

bool isSpace(char c) { return c == ' ' || c == '\t' || c == '\r'; }

std::string_view trimSpace(std::string_view s) {
  while (!s.empty() && isSpace(s.front())) s.remove_prefix(1);
  while (!s.empty() && isSpace(s.back())) s.remove_suffix(1);
  return s;
}

// A header value or reason as kept: trimmed, and a stray CR inside a line (only LF ends one
// here) becomes the space that serialize() would write for it anyway, so that what we read,
// write and read again stays the same.
void appendClean(std::string& out, std::string_view text) {
  text = trimSpace(text);
  if (text.empty()) return;
  const std::size_t start = out.size();
  out.append(text);
  // A stray CR is rare: memchr finds out whether there is one without a per-character loop.
  if (std::memchr(text.data(), '\r', text.size()) == nullptr) return;
  for (std::size_t i = start; i < out.size(); ++i)
    if (out[i] == '\r') out[i] = ' ';
}

// The same for a new header value, constructed at its final size rather than grown by append.
std::string cleaned(std::string_view text) {
  text = trimSpace(text);
  std::string out(text);
  if (!text.empty() && std::memchr(text.data(), '\r', text.size()) != nullptr)
    for (char& c : out)
      if (c == '\r') c = ' ';
  return out;
}

// SIP-Version = "SIP" "/" 1*DIGIT "." 1*DIGIT (§25.1; "SIP" in any case, §7.1).
bool isSipVersion(std::string_view v) {
  if (v.size() < 7 || !text::startsWithI(v, "SIP/")) return false;
  const std::string_view number = v.substr(4);
  const std::size_t dot = number.find('.');
  return dot != std::string_view::npos && grammar::allDigits(number.substr(0, dot)) &&
         grammar::allDigits(number.substr(dot + 1));
}

}  // namespace

MessageParser::MessageParser(std::string_view wire, bool fromStream, const ParseLimits& limits)
    : wire_(wire), fromStream_(fromStream), limits_(limits) {}

void MessageParser::fail(std::string_view why) {
  if (error_.empty()) error_ = std::string(why);
}

ParseResult MessageParser::run() {
  if (wire_.size() > limits_.maxMessageBytes) {
    dropReason_ = "message too large";
    return verdict();
  }
  // RFC 3261 §7.5: CRLFs before the start line are ignored.
  while (pos_ < wire_.size() && (wire_[pos_] == '\r' || wire_[pos_] == '\n')) ++pos_;
  const std::size_t nl = wire_.find('\n', pos_);
  if (nl == std::string_view::npos || nl - pos_ > limits_.maxHeaderBytes) {
    dropReason_ = "no start line";
    return verdict();
  }
  const std::string_view line = stripCr(wire_.substr(pos_, nl - pos_));
  const std::size_t sectionStart = pos_;
  pos_ = nl + 1;
  if (readStartLine(line) == StartLine::Garbage) {
    dropReason_ = "unreadable start line";
    return verdict();
  }
  if (!readHeaders(sectionStart)) return verdict();
  interpretHeaders();
  frameBody();
  return verdict();
}

MessageParser::StartLine MessageParser::readStartLine(std::string_view line) {
  // Trailing whitespace after the version is tolerated (RFC 4475 §3.1.2.10): we never send
  // the start line as received.
  while (!line.empty() && isSpace(line.back())) line.remove_suffix(1);
  if (line.empty() || grammar::isWsp(line.front())) return StartLine::Garbage;
  if (text::startsWithI(line, "SIP/"))
    return readStatusLine(line) ? StartLine::Response : StartLine::Garbage;
  return readRequestLine(line) ? StartLine::Request : StartLine::Garbage;
}

bool MessageParser::readRequestLine(std::string_view line) {
  // Method SP Request-URI SP SIP-Version. Runs of spaces are tolerated (RFC 4475 §3.1.2.9);
  // a fourth part means whitespace inside the URI (§3.1.2.8) and gets a 400.
  std::string_view method, uri, version;
  std::size_t count = 0;
  std::size_t i = 0;
  while (i < line.size()) {
    grammar::skipWsp(line, i);
    if (i >= line.size()) break;
    const std::size_t start = i;
    while (i < line.size() && !grammar::isWsp(line[i])) ++i;
    const std::string_view part = line.substr(start, i - start);
    if (count == 0) method = part;
    if (count == 1) uri = part;
    version = part;
    ++count;
  }
  if (count < 2 || !grammar::isToken(method) || !isSipVersion(version)) return false;

  msg_.isRequest_ = true;
  msg_.methodName_ = std::string(method);
  msg_.method_ = methodFromName(method);
  msg_.version_ = text::upper(version);
  if (count != 3) {
    fail("bad Request-Line");
    return true;
  }
  // Parsed in place; a refused URI leaves the default one, as if never set.
  if (!grammar::parseUriInto(uri, msg_.requestUri_)) {
    msg_.requestUri_ = Uri{};
    fail("bad Request-URI");
  } else if (msg_.requestUri_.isSip() && !msg_.requestUri_.headers.empty()) {
    msg_.requestUri_ = Uri{};
    fail("headers in Request-URI");  // RFC 3261 §19.1.1 table: not allowed there
  }
  return true;
}

bool MessageParser::readStatusLine(std::string_view line) {
  // SIP-Version SP Status-Code SP Reason-Phrase; the reason may be empty (RFC 4475 §3.1.1.13)
  // and hold any UTF-8 (§3.1.1.12). Anything but a 3-digit 100..699 code cannot be a valid
  // response and is dropped (§3.1.2.19).
  const std::size_t sp = line.find_first_of(" \t");
  if (sp == std::string_view::npos) return false;
  const std::string_view version = line.substr(0, sp);
  if (!text::iequals(version, "SIP/2.0")) return false;
  std::size_t i = sp;
  grammar::skipWsp(line, i);
  const std::size_t codeStart = i;
  while (i < line.size() && grammar::isDigit(line[i])) ++i;
  if (i - codeStart != 3 || (i < line.size() && !grammar::isWsp(line[i]))) return false;
  const int code = (line[codeStart] - '0') * 100 + (line[codeStart + 1] - '0') * 10 +
                   (line[codeStart + 2] - '0');
  if (code < 100 || code > 699) return false;
  grammar::skipWsp(line, i);
  msg_.isRequest_ = false;
  msg_.version_ = "SIP/2.0";
  msg_.statusCode_ = code;
  appendClean(msg_.reason_, line.substr(i));
  return true;
}

bool MessageParser::readHeaders(std::size_t sectionStart) {
  msg_.headers_.reserve(24);
  ids_.reserve(24);
  Header* current = nullptr;
  for (;;) {
    const std::size_t nl = wire_.find('\n', pos_);
    if (nl == std::string_view::npos) {
      dropReason_ = "no end of header section";
      return false;
    }
    if (nl + 1 - sectionStart > limits_.maxHeaderBytes) {
      dropReason_ = "header section too large";
      return false;
    }
    const std::string_view line = stripCr(wire_.substr(pos_, nl - pos_));
    pos_ = nl + 1;
    if (line.empty()) {
      bodyStart_ = pos_;
      return true;
    }
    if (grammar::isWsp(line.front())) {
      // RFC 3261 §7.3.1: a continuation line is the same as one SP in the value.
      if (current == nullptr) {
        fail("bad header line");
        continue;
      }
      const std::string_view more = trimSpace(line);
      if (!more.empty()) {
        if (!current->value.empty()) current->value.push_back(' ');
        appendClean(current->value, more);
      }
      continue;
    }
    current = nullptr;
    const std::size_t colon = line.find(':');
    if (colon == std::string_view::npos) {
      fail("bad header line");
      continue;
    }
    // "TO :" and "Content-Length   :" are valid (HCOLON = *( SP / HTAB ) ":" SWS).
    const std::string_view name = text::trim(line.substr(0, colon));
    if (!grammar::isToken(name)) {
      fail("bad header name");
      continue;
    }
    if (msg_.headers_.size() >= limits_.maxHeaders) {
      dropReason_ = "too many headers";
      return false;
    }
    const headers::Name known = headers::lookup(name);
    msg_.headers_.push_back(
        Header{std::string(known.canonical), cleaned(line.substr(colon + 1))});
    ids_.push_back(known.id);
    current = &msg_.headers_.back();
  }
}

void MessageParser::interpretHeaders() {
  using headers::Id;
  int from = 0, to = 0, callId = 0, cseq = 0, maxForwards = 0;
  bool expires = false;
  for (std::size_t k = 0; k < ids_.size(); ++k) {
    const std::string_view value = msg_.headers_[k].value;
    switch (ids_[k]) {
      case Id::Via:
        sawVia_ = sawVia_ || !value.empty();
        if (!core::parseVias(value, msg_.vias_)) {
          fail("bad Via");
          // For the 400 (RFC 4475 §3.1.2.1): keep the top Via's sent-protocol and sent-by if
          // they read, without the broken parameters, so the answer has somewhere to go.
          if (msg_.vias_.empty())
            if (auto top = Via::parse(value.substr(0, value.find_first_of(";,"))))
              msg_.vias_.push_back(std::move(*top));
        }
        break;
      case Id::From:
      case Id::To: {
        const bool isFrom = ids_[k] == Id::From;
        if (++(isFrom ? from : to) > 1) {
          fail(isFrom ? "duplicate From" : "duplicate To");  // RFC 4475 §3.3.8
          break;
        }
        // The first of its kind, so still default: parsed in place, reset if refused.
        NameAddr& address = isFrom ? msg_.from_ : msg_.to_;
        if (!grammar::parseNameAddrInto(value, address)) {
          address = NameAddr{};
          fail(isFrom ? "bad From" : "bad To");
        }
        break;
      }
      case Id::CallId:
        if (++callId > 1)
          fail("duplicate Call-ID");
        else if (!core::validCallId(value))
          fail("bad Call-ID");
        else
          msg_.callId_ = std::string(value);
        break;
      case Id::CSeq:
        if (++cseq > 1) {
          fail("duplicate CSeq");
        } else if (auto parsed = CSeq::parse(value)) {
          msg_.cseq_ = std::move(*parsed);
        } else {
          fail("bad CSeq");
        }
        break;
      case Id::Contact:
        if (!core::parseContacts(value, msg_.contacts_)) fail("bad Contact");
        break;
      case Id::MaxForwards: {
        bool malformed = false;
        if (++maxForwards > 1) {
          fail("duplicate Max-Forwards");
        } else {
          msg_.maxForwards_ = core::maxForwardsValue(value, malformed);
          if (malformed) fail("bad Max-Forwards");
        }
        break;
      }
      case Id::Expires:
        // An unreadable or out-of-range Expires counts as absent: the registrar applies its
        // default (RFC 4475 §3.1.2.4).
        if (!expires) core::parseDigits(value, msg_.expires_);
        expires = true;
        break;
      case Id::ContentLength: {
        std::optional<std::uint32_t> length;
        if (!core::parseDigits(value, length) || !length ||
            (contentLengthPresent_ && *length != contentLength_)) {
          fail("bad Content-Length");  // negative, not a number, or two values (§3.3.9)
          break;
        }
        contentLengthPresent_ = true;
        contentLength_ = *length;
        break;
      }
      default:
        break;
    }
  }
  if (!sawVia_) fail("missing Via");
  if (from == 0) fail("missing From");
  if (to == 0) fail("missing To");
  if (callId == 0) fail("missing Call-ID");
  if (cseq == 0) fail("missing CSeq");
}

void MessageParser::frameBody() {
  const std::size_t available = wire_.size() - bodyStart_;
  if (contentLengthPresent_) {
    // RFC 3261 §18.3: on a datagram the octets past Content-Length are ignored; fewer octets
    // than announced is an error (RFC 4475 §3.1.2.2).
    if (contentLength_ > available) {
      fail("bad Content-Length");
      return;
    }
    msg_.body_ = std::string(wire_.substr(bodyStart_, contentLength_));
  } else if (fromStream_) {
    fail("missing Content-Length");  // mandatory on streams (§18.3, §20.14)
  } else {
    msg_.body_ = std::string(wire_.substr(bodyStart_));
  }
}

ParseResult MessageParser::verdict() {
  ParseResult result;
  if (!dropReason_.empty()) {
    result.kind = ParseResult::Kind::Drop;
    result.error = std::move(dropReason_);
    return result;
  }
  if (error_.empty()) {
    // Every core header was read without fault, so each typed view is exactly what the lines
    // give (see Message::exactTyped_).
    msg_.exactTyped_ = headers::kCopiedTyped;
    result.kind = ParseResult::Kind::Ok;
    result.message = std::move(msg_);
    return result;
  }
  result.error = std::move(error_);
  // A response that breaks the rules cannot be answered (§8.1.3.3, RFC 4475 §3.1.2.5); a
  // request can, as long as it names a Via to answer along.
  if (msg_.isRequest_ && sawVia_) {
    result.kind = ParseResult::Kind::BadRequest;
    result.message = std::move(msg_);
  } else {
    result.kind = ParseResult::Kind::Drop;
  }
  return result;
}

ParseResult parse(std::string_view wire, bool fromStream, const ParseLimits& limits) {
  return MessageParser(wire, fromStream, limits).run();
}

}  // namespace sb::sip
