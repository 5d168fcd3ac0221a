// SPDX-License-Identifier: MIT
#include "sip/message/message.h"

#include <algorithm>
#include <charconv>
#include <cstring>

#include "base/text.h"
#include "sip/message/core_headers.h"
#include "sip/message/grammar.h"
#include "sip/message/header_names.h"
#include "sip/message/line_safety.h"

namespace sb::sip {
namespace {

bool sameName(const Header& h, std::string_view canonical) {
  return h.name.size() == canonical.size() && text::iequals(h.name, canonical);
}

// True if Via::parse(via.toString()) gives `via` back field for field, so the typed Vias handed
// to setVias() are what refreshTyped() would derive from the lines written for them. Checked
// without allocating: it runs for every request the stack stamps received/rport on.
bool viaRoundTrips(const Via& via) {
  const std::size_t slash = via.protocol.find('/');
  if (slash == std::string::npos) return false;
  const std::string_view name = std::string_view(via.protocol).substr(0, slash);
  const std::string_view version = std::string_view(via.protocol).substr(slash + 1);
  const auto upperToken = [](std::string_view t) {
    if (!grammar::isToken(t)) return false;
    for (char c : t)
      if (c >= 'a' && c <= 'z') return false;
    return true;
  };
  if (!upperToken(name) || !grammar::isToken(version) || !upperToken(via.transport)) return false;
  if (via.host.empty() || grammar::scanHost(via.host, 0) != via.host.size()) return false;
  for (const auto& p : via.params.all()) {
    if (!grammar::isToken(p.name)) return false;
    if (p.value && !grammar::isHeaderParamValue(*p.value)) return false;
  }
  return true;
}

void setBit(std::uint32_t& bits, headers::Id id, bool on) {
  if (on)
    bits |= headers::bit(id);
  else
    bits &= ~headers::bit(id);
}

}  // namespace

Message Message::request(Method method, std::string_view name, Uri requestUri) {
  Message m;
  m.isRequest_ = true;
  m.method_ = name.empty() ? method : methodFromName(name);
  m.methodName_ = std::string(name.empty() ? sip::methodName(method) : name);
  m.requestUri_ = std::move(requestUri);
  return m;
}

Message Message::response(int statusCode, std::string_view reason) {
  Message m;
  m.headers_.reserve(8);  // what makeResponse() copies plus a few: one allocation
  m.isRequest_ = false;
  m.statusCode_ = statusCode;
  m.reason_ = std::string(reason);
  return m;
}

void Message::setRequestUri(Uri uri) { requestUri_ = std::move(uri); }

std::optional<std::string_view> Message::header(std::string_view name) const {
  const std::string_view canonical = headers::lookup(name).canonical;
  for (const auto& h : headers_)
    if (sameName(h, canonical)) return std::string_view(h.value);
  return std::nullopt;
}

std::vector<std::string_view> Message::valuesOf(std::string_view name) const {
  const std::string_view canonical = headers::lookup(name).canonical;
  std::vector<std::string_view> out;
  for (const auto& h : headers_) {
    if (!sameName(h, canonical)) continue;
    for (std::string_view item : text::splitOutsideQuotes(h.value, ','))
      if (!item.empty()) out.push_back(item);  // empty list elements are ignored
  }
  return out;
}

void Message::addHeader(std::string_view name, std::string_view value, bool first) {
  const auto id = headers::lookup(name);
  Header h{std::string(id.canonical), std::string(value)};
  auto at = headers_.end();
  if (first) {
    at = std::find_if(headers_.begin(), headers_.end(),
                      [&](const Header& x) { return sameName(x, id.canonical); });
  }
  headers_.insert(at, std::move(h));
  refreshTyped(id.canonical);
}

void Message::setHeader(std::string_view name, std::string_view value) {
  const auto id = headers::lookup(name);
  syncHeader(id.canonical, std::string(value));
  refreshTyped(id.canonical);
}

void Message::removeHeader(std::string_view name) {
  const auto id = headers::lookup(name);
  std::erase_if(headers_, [&](const Header& h) { return sameName(h, id.canonical); });
  refreshTyped(id.canonical);
}

void Message::copyHeaders(const Message& other, std::string_view name) {
  const headers::Name id = headers::lookup(name);
  const std::string_view canonical = id.canonical;
  const std::uint32_t bit = headers::bit(id.id);
  // With no line of that name here yet, the copied lines are all there is, so their typed view
  // is `other`'s when that one is known to match its lines: copied instead of parsed again.
  // (Only when some line was copied: a moved-from `other` has no lines and stale typed views.)
  bool copyTyped = (bit & headers::kCopiedTyped) != 0 && (other.exactTyped_ & bit) != 0;
  if (copyTyped)
    for (const auto& h : headers_)
      if (sameName(h, canonical)) {
        copyTyped = false;
        break;
      }
  bool copiedAny = false;
  for (const auto& h : other.headers_)
    if (sameName(h, canonical)) {
      headers_.push_back(Header{std::string(canonical), h.value});
      copiedAny = true;
    }
  if (!copyTyped || !copiedAny) {
    refreshTyped(canonical);
    return;
  }
  switch (id.id) {
    case headers::Id::Via: vias_ = other.vias_; break;
    case headers::Id::From: from_ = other.from_; break;
    case headers::Id::To: to_ = other.to_; break;
    case headers::Id::CallId: callId_ = other.callId_; break;
    case headers::Id::CSeq: cseq_ = other.cseq_; break;
    default: break;
  }
  exactTyped_ |= bit;
}

void Message::syncHeader(std::string_view name, std::string value) {
  auto first = std::find_if(headers_.begin(), headers_.end(),
                            [&](const Header& h) { return sameName(h, name); });
  if (first == headers_.end()) {
    headers_.push_back(Header{std::string(name), std::move(value)});
    return;
  }
  first->value = std::move(value);
  const auto index = first - headers_.begin();
  headers_.erase(std::remove_if(headers_.begin() + index + 1, headers_.end(),
                                [&](const Header& h) { return sameName(h, name); }),
                 headers_.end());
}

void Message::replaceLines(std::string_view name, std::vector<std::string> values, bool front) {
  auto first = std::find_if(headers_.begin(), headers_.end(),
                            [&](const Header& h) { return sameName(h, name); });
  if (first != headers_.end() && values.size() == 1 &&
      std::none_of(first + 1, headers_.end(), [&](const Header& h) { return sameName(h, name); })) {
    first->value = std::move(values.front());  // the usual case: one line stays where it is
    return;
  }
  std::ptrdiff_t index = 0;
  if (first != headers_.end())
    index = first - headers_.begin();
  else
    index = front ? 0 : static_cast<std::ptrdiff_t>(headers_.size());
  std::erase_if(headers_, [&](const Header& h) { return sameName(h, name); });
  std::vector<Header> lines;
  lines.reserve(values.size());
  for (auto& v : values) lines.push_back(Header{std::string(name), std::move(v)});
  headers_.insert(headers_.begin() + index, std::make_move_iterator(lines.begin()),
                  std::make_move_iterator(lines.end()));
}

void Message::refreshTyped(std::string_view canonicalName) {
  using headers::Id;
  const Id id = headers::lookup(canonicalName).id;
  const auto firstValue = [&]() -> std::optional<std::string_view> { return header(canonicalName); };
  switch (id) {
    case Id::Via:
      vias_.clear();
      for (const auto& h : headers_)
        if (sameName(h, canonicalName)) {
          std::vector<Via> some;
          if (core::parseVias(h.value, some))
            for (auto& v : some) vias_.push_back(std::move(v));
        }
      break;
    case Id::Contact:
      contacts_.clear();
      for (const auto& h : headers_)
        if (sameName(h, canonicalName)) {
          std::vector<Contact> some;
          if (core::parseContacts(h.value, some))
            for (auto& c : some) contacts_.push_back(std::move(c));
        }
      break;
    case Id::From:
    case Id::To: {
      NameAddr parsed;
      if (auto v = firstValue())
        if (auto na = NameAddr::parse(*v)) parsed = std::move(*na);
      (id == Id::From ? from_ : to_) = std::move(parsed);
      break;
    }
    case Id::CallId:
      callId_ = std::string(firstValue().value_or(std::string_view{}));
      break;
    case Id::CSeq:
      cseq_ = {};
      if (auto v = firstValue())
        if (auto c = CSeq::parse(*v)) cseq_ = std::move(*c);
      break;
    case Id::MaxForwards: {
      maxForwards_.reset();
      bool malformed = false;
      if (auto v = firstValue()) maxForwards_ = core::maxForwardsValue(*v, malformed);
      break;
    }
    case Id::Expires:
      expires_.reset();
      if (auto v = firstValue()) core::parseDigits(*v, expires_);
      break;
    default:
      break;
  }
  if (headers::bit(id) & headers::kCopiedTyped) exactTyped_ |= headers::bit(id);
}

void Message::setVias(std::vector<Via> vias) {
  std::vector<std::string> lines;
  lines.reserve(vias.size());
  for (const auto& v : vias) lines.push_back(v.toString());
  replaceLines("Via", std::move(lines), true);
  setBit(exactTyped_, headers::Id::Via, std::all_of(vias.begin(), vias.end(), viaRoundTrips));
  vias_ = std::move(vias);
}

void Message::setFrom(NameAddr from) {
  syncHeader("From", from.toString());
  setBit(exactTyped_, headers::Id::From, false);  // NameAddr text need not read back the same
  from_ = std::move(from);
}

void Message::setTo(NameAddr to) {
  syncHeader("To", to.toString());
  setBit(exactTyped_, headers::Id::To, false);
  to_ = std::move(to);
}

void Message::setCallId(std::string callId) {
  syncHeader("Call-ID", callId);
  setBit(exactTyped_, headers::Id::CallId, true);  // the typed view is the line itself
  callId_ = std::move(callId);
}

void Message::setCSeq(CSeq cseq) {
  syncHeader("CSeq", cseq.toString());
  setBit(exactTyped_, headers::Id::CSeq, grammar::isToken(cseq.method));
  cseq_ = std::move(cseq);
}

void Message::setContacts(std::vector<Contact> contacts) {
  std::vector<std::string> lines;
  lines.reserve(contacts.size());
  for (const auto& c : contacts) lines.push_back(c.wildcard ? std::string("*") : c.address.toString());
  replaceLines("Contact", std::move(lines), false);
  contacts_ = std::move(contacts);
}

void Message::setMaxForwards(std::uint32_t hops) {
  syncHeader("Max-Forwards", std::to_string(hops));
  maxForwards_ = hops;
}

void Message::setExpires(std::uint32_t seconds) {
  syncHeader("Expires", std::to_string(seconds));
  expires_ = seconds;
}

void Message::setBody(std::string body, std::string_view contentType) {
  body_ = std::move(body);
  if (!contentType.empty())
    syncHeader("Content-Type", std::string(contentType));
  else if (body_.empty())
    std::erase_if(headers_, [](const Header& h) { return sameName(h, "Content-Type"); });
}

std::string Message::serialize() const {
  std::size_t size = 64 + body_.size() + requestUri_.host.size() + reason_.size();
  for (const auto& h : headers_) size += h.name.size() + h.value.size() + 4;
  std::string out;
  out.reserve(size + 128);
  if (isRequest_) {
    appendLineSafe(out, methodName_);
    out.push_back(' ');
    const std::size_t uriStart = out.size();
    grammar::appendUri(out, requestUri_);
    blankLineBreaks(out, uriStart);
    out.push_back(' ');
    appendLineSafe(out, version_);
  } else {
    appendLineSafe(out, version_);
    out.push_back(' ');
    const int code = std::clamp(statusCode_, 100, 699);
    char digits[4];
    const auto written = std::to_chars(digits, digits + sizeof digits, code);
    out.append(digits, written.ptr);
    out.push_back(' ');
    appendLineSafe(out, reason_);
  }
  out += "\r\n";
  for (const auto& h : headers_) {
    if (sameName(h, "Content-Length")) continue;  // recomputed below
    const std::size_t start = out.size();
    out += h.name;
    out += ": ";
    out += h.value;
    blankLineBreaks(out, start);  // ": " holds neither, so one check covers name and value
    out += "\r\n";
  }
  out += "Content-Length: ";
  char digits[24];
  const auto written = std::to_chars(digits, digits + sizeof digits, body_.size());
  out.append(digits, written.ptr);
  out += "\r\n\r\n";
  out += body_;
  return out;
}

}  // namespace sb::sip
