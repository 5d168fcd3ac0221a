// SPDX-License-Identifier: MIT
#include "sdp/sdp_parser.h"

#include <cstring>

#include "base/text.h"
#include "sdp/grammar.h"

namespace sb::sdp {
namespace {

std::string_view trimRight(std::string_view s) {
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

bool allNonWs(const std::vector<std::string_view>& fields) {
  for (std::string_view f : fields)
    if (!grammar::isNonWs(f)) return false;
  return true;
}

// "RTP/AVP", "UDP/TLS/RTP/SAVPF": tokens joined by '/'.
bool isProto(std::string_view s) {
  if (s.empty()) return false;
  while (true) {
    const std::size_t slash = s.find('/');
    if (!grammar::isToken(s.substr(0, slash))) return false;
    if (slash == std::string_view::npos) return true;
    s.remove_prefix(slash + 1);
  }
}

// Turns the lines of one body into a SessionDescription, or the first reason it cannot (RFC 4566
// §5, with the leniencies listed at parse()). One use per object; it does not judge offer/answer
// semantics (see offer_answer.h).
class SdpParser {
 public:
  SdpParser(std::string_view text, const ParseLimits& limits) : text_(text), limits_(limits) {}

  ParseResult run() {
    if (text_.size() > limits_.maxBytes)
      return failure("SDP larger than " + std::to_string(limits_.maxBytes) + " bytes");
    std::size_t pos = 0;
    while (pos < text_.size()) {
      const std::size_t newline = text_.find('\n', pos);
      const std::size_t end = newline == std::string_view::npos ? text_.size() : newline;
      std::string_view raw = text_.substr(pos, end - pos);
      pos = end + 1;
      ++lineNo_;
      if (!raw.empty() && raw.back() == '\r') raw.remove_suffix(1);
      if (raw.size() > limits_.maxLineBytes)
        return failure(at("line longer than " + std::to_string(limits_.maxLineBytes) + " bytes"));
      // A CR or NUL inside a line would not survive serialize() as the same line (RFC 4566 §5:
      // text fields are byte strings without NUL, CR and LF).
      if (std::memchr(raw.data(), '\r', raw.size()) != nullptr ||
          std::memchr(raw.data(), '\0', raw.size()) != nullptr)
        return failure(at("control character inside the line"));
      const std::string_view line = trimRight(raw);
      if (line.empty()) continue;
      if (line.size() < 2 || line[1] != '=' || line[0] < 'a' || line[0] > 'z')
        return failure(at("not a <type>=<value> line"));
      if (!readLine(line[0], line.substr(2))) return failure(error_);
    }
    if (!sawVersion_) return failure("empty SDP");
    if (!sawOrigin_) return failure("missing o= line");
    if (!sawName_) return failure("missing s= line");
    for (std::size_t i = 0; i < sdp_.media.size(); ++i) {
      const MediaDescription& m = sdp_.media[i];
      if (m.port != 0 && sdp_.connectionFor(m) == nullptr)
        return failure("m= section " + std::to_string(i + 1) + " has no connection address (c=)");
    }
    ParseResult result;
    result.description = std::move(sdp_);
    return result;
  }

 private:
  static ParseResult failure(std::string why) {
    ParseResult r;
    r.error = std::move(why);
    return r;
  }

  std::string at(std::string_view why) const {
    return "line " + std::to_string(lineNo_) + ": " + std::string(why);
  }

  bool fail(std::string_view why) {
    error_ = at(why);
    return false;
  }

  MediaDescription* currentMedia() { return sdp_.media.empty() ? nullptr : &sdp_.media.back(); }

  bool readLine(char type, std::string_view value) {
    if (!sawVersion_) {
      if (type != 'v') return fail("SDP must begin with v=");
      if (text::trim(value) != "0") return fail("unsupported SDP version (v=0 only)");
      sawVersion_ = true;
      return true;
    }
    MediaDescription* media = currentMedia();
    switch (type) {
      case 'v': return fail("more than one v= line");
      case 'm': return readMedia(value);
      case 'a': return readAttribute(media != nullptr ? media->attributes : sdp_.attributes, value);
      case 'c': return readConnection(media != nullptr ? media->connection : sdp_.connection, value);
      case 'b': return readBandwidth(media != nullptr ? media->bandwidths : sdp_.bandwidths, value);
      case 'i': return keepFirst(media != nullptr ? media->information : sdp_.information, value);
      case 'k': return keepFirst(media != nullptr ? media->encryptionKey : sdp_.encryptionKey, value);
      default: break;
    }
    // The rest belong to the session part only (RFC 4566 §5).
    if (media != nullptr && std::strchr("ostrzuep", type) != nullptr)
      return fail(std::string(1, type) + "= inside a media section");
    switch (type) {
      case 'o': return readOrigin(value);
      case 's':
        if (sawName_) return fail("more than one s= line");
        sawName_ = true;
        sdp_.sessionName = std::string(value);
        return true;
      case 't': return readTiming(value);
      case 'r':
        if (sdp_.timings.empty()) return fail("r= without a t= before it");
        if (!countOther()) return false;
        sdp_.timings.back().repeats.emplace_back(value);
        return true;
      case 'u': return keepFirst(sdp_.uri, value);
      case 'z': return keepFirst(sdp_.timeZones, value);
      case 'e':
        if (!countOther()) return false;
        sdp_.emails.emplace_back(value);
        return true;
      case 'p':
        if (!countOther()) return false;
        sdp_.phones.emplace_back(value);
        return true;
      default: return true;  // an unknown type letter: skipped (see parse())
    }
  }

  static bool keepFirst(std::optional<std::string>& field, std::string_view value) {
    if (!field) field = std::string(value);
    return true;
  }

  bool countOther() {
    if (++otherLines_ > limits_.maxOtherLines) return fail("too many b=, e=, p=, t= or r= lines");
    return true;
  }

  bool readOrigin(std::string_view value) {
    if (sawOrigin_) return fail("more than one o= line");
    sawOrigin_ = true;
    const auto f = grammar::splitFields(value, 6);
    if (f.size() != 6 || !allNonWs(f))
      return fail("o= needs username, session id, version, network type, address type and address");
    const auto version = text::parseUnsigned<std::uint64_t>(f[2]);
    if (!version) return fail("o= session version is not a number");
    if (!grammar::isToken(f[3]) || !grammar::isToken(f[4])) return fail("bad o= network or address type");
    sdp_.origin = Origin{std::string(f[0]), std::string(f[1]), *version,
                         std::string(f[3]), std::string(f[4]), std::string(f[5])};
    return true;
  }

  bool readConnection(std::optional<Connection>& field, std::string_view value) {
    if (field) return fail("more than one c= line in a section");
    const auto f = grammar::splitFields(value, 3);
    if (f.size() != 3 || !allNonWs(f) || !grammar::isToken(f[0]) || !grammar::isToken(f[1]))
      return fail("c= needs network type, address type and address");
    field = Connection{std::string(f[0]), std::string(f[1]), std::string(f[2])};
    return true;
  }

  bool readBandwidth(std::vector<Bandwidth>& bandwidths, std::string_view value) {
    if (!countOther()) return false;
    value = text::trim(value);
    const std::size_t colon = value.find(':');
    if (colon == std::string_view::npos || !grammar::isToken(value.substr(0, colon)))
      return fail("b= needs <type>:<value>");
    const auto amount = text::parseUnsigned<std::uint64_t>(value.substr(colon + 1));
    if (!amount) return fail("b= value is not a number");
    bandwidths.push_back(Bandwidth{std::string(value.substr(0, colon)), *amount});
    return true;
  }

  bool readTiming(std::string_view value) {
    if (!countOther()) return false;
    const auto f = grammar::splitFields(value, 2);
    const auto start = f.size() == 2 ? text::parseUnsigned<std::uint64_t>(f[0]) : std::nullopt;
    const auto stop = f.size() == 2 ? text::parseUnsigned<std::uint64_t>(f[1]) : std::nullopt;
    if (!start || !stop) return fail("t= needs start and stop times");
    sdp_.timings.push_back(Timing{*start, *stop, {}});
    return true;
  }

  bool readAttribute(AttributeList& attributes, std::string_view value) {
    if (attributes.size() >= limits_.maxAttributes) return fail("too many a= lines in a section");
    const std::size_t colon = value.find(':');
    const std::string_view name = value.substr(0, colon);
    if (!grammar::isToken(name)) return fail("bad attribute name");
    if (colon == std::string_view::npos)
      attributes.add(std::string(name));
    else
      attributes.add(std::string(name), std::string(value.substr(colon + 1)));
    return true;
  }

  bool readMedia(std::string_view value) {
    if (sdp_.media.size() >= limits_.maxMedia) return fail("too many m= sections");
    otherLines_ = 0;  // a new section
    const auto f = grammar::splitFields(value, 3 + limits_.maxFormats);
    if (f.size() < 3) return fail("m= needs media, port, proto and formats");
    if (f.size() > 3 + limits_.maxFormats) return fail("too many formats on the m= line");
    if (!allNonWs(f)) return fail("control character in the m= line");
    MediaDescription m;
    if (!grammar::isToken(f[0])) return fail("bad m= media type");
    m.media = std::string(f[0]);

    const std::string_view portField = f[1];
    const std::size_t slash = portField.find('/');
    const auto port = text::parseUnsigned<std::uint32_t>(portField.substr(0, slash));
    if (!port) return fail("m= port is not a number");
    if (*port > 65535) return fail("m= port out of range");
    m.port = static_cast<std::uint16_t>(*port);
    if (slash != std::string_view::npos) {
      const auto count = text::parseUnsigned<std::uint32_t>(portField.substr(slash + 1));
      if (!count || *count == 0 || *count > 65535) return fail("bad m= port count");
      m.portCount = static_cast<std::uint16_t>(*count);
    }

    if (!isProto(f[2])) return fail("bad m= proto");
    m.proto = std::string(f[2]);
    const bool rtp = m.isRtp();
    for (std::size_t i = 3; i < f.size(); ++i) {
      if (rtp) {
        const auto pt = text::parseUnsigned<std::uint32_t>(f[i]);
        if (!pt) return fail("RTP payload type is not a number");
        if (*pt > 127) return fail("RTP payload type out of range");
      }
      m.formats.emplace_back(f[i]);
    }
    // RFC 4566 §5.14 wants at least one format; answers rejecting a stream sometimes omit it.
    if (m.formats.empty() && m.port != 0) return fail("m= line lists no formats");
    sdp_.media.push_back(std::move(m));
    return true;
  }

  std::string_view text_;
  const ParseLimits& limits_;
  SessionDescription sdp_;
  std::string error_;
  std::size_t lineNo_ = 0;
  std::size_t otherLines_ = 0;  // b=, e=, p=, t=, r= lines in the current section
  bool sawVersion_ = false;
  bool sawOrigin_ = false;
  bool sawName_ = false;
};

}  // namespace

ParseResult parse(std::string_view text, const ParseLimits& limits) { return SdpParser(text, limits).run(); }

}  // namespace sb::sdp
