// SPDX-License-Identifier: MIT
#pragma once
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "sdp/attribute_values.h"
#include "sdp/direction.h"

namespace sb::sdp {

// o= (RFC 4566 §5.2). `sessionId` is opaque text (phones write anything from "0" to NTP times);
// `sessionVersion` is what RFC 3264 §8 makes an answerer compare, so it is a number.
struct Origin {
  std::string username = "-";
  std::string sessionId = "0";
  std::uint64_t sessionVersion = 0;
  std::string netType = "IN";
  std::string addrType = "IP4";
  std::string address;

  bool operator==(const Origin&) const = default;
};

// b=<type>:<value> (RFC 4566 §5.8), e.g. AS in kbit/s or TIAS in bit/s.
struct Bandwidth {
  std::string type;
  std::uint64_t value = 0;
};

// t= and the r= lines that follow it (RFC 4566 §5.9, §5.10); telephony always writes t=0 0.
struct Timing {
  std::uint64_t start = 0;
  std::uint64_t stop = 0;
  std::vector<std::string> repeats;  // r= values as written
};

// a=<name> or a=<name>:<value> (RFC 4566 §5.13). A property attribute has no value.
struct Attribute {
  std::string name;
  std::optional<std::string> value;
};

// The a= lines of one section, in order. Names match case-insensitively. Unknown attributes are
// kept as written and serialized back, so what Switchboard does not understand passes through.
class AttributeList {
 public:
  const std::vector<Attribute>& items() const { return items_; }
  std::size_t size() const { return items_.size(); }
  bool empty() const { return items_.empty(); }
  auto begin() const { return items_.begin(); }
  auto end() const { return items_.end(); }

  const Attribute* find(std::string_view name) const;  // the first of that name
  bool has(std::string_view name) const { return find(name) != nullptr; }
  // The value of the first attribute of that name (empty for a property attribute).
  std::optional<std::string_view> value(std::string_view name) const;

  void add(std::string name, std::optional<std::string> value = std::nullopt);
  // One attribute of that name with this value, at the place of the first one (or at the end).
  void set(std::string_view name, std::optional<std::string> value);
  // Removes every attribute of that name; returns how many.
  std::size_t remove(std::string_view name);
  // Replaces the first attribute for which `pred` is true with `attribute` and removes the other
  // matches; appends `attribute` when nothing matches.
  template <typename Pred>
  void setWhere(Pred pred, Attribute attribute) {
    std::size_t i = 0;
    while (i < items_.size() && !pred(items_[i])) ++i;
    if (i == items_.size()) {
      items_.push_back(std::move(attribute));
      return;
    }
    items_[i] = std::move(attribute);
    const auto rest = items_.begin() + static_cast<std::ptrdiff_t>(i) + 1;
    items_.erase(std::remove_if(rest, items_.end(), pred), items_.end());
  }
  // Removes every attribute for which `pred(const Attribute&)` is true.
  template <typename Pred>
  std::size_t removeIf(Pred pred) {
    const std::size_t before = items_.size();
    std::erase_if(items_, pred);
    return before - items_.size();
  }

 private:
  std::vector<Attribute> items_;
};

// One m= section (RFC 4566 §5.14) and what follows it. Formats are kept as written (payload type
// numbers for RTP); the a= lines stay the one source of truth, and the typed views below read
// them on demand, so serializing never loses an attribute Switchboard does not understand.
struct MediaDescription {
  std::string media = "audio";  // audio, video, image, application, ...
  std::uint16_t port = 0;       // 0: the stream is disabled or rejected (RFC 3264 §5.1, §6)
  std::uint16_t portCount = 1;  // m=audio 49170/2 ...
  std::string proto = "RTP/AVP";
  std::vector<std::string> formats;
  std::optional<std::string> information;  // i=
  std::optional<Connection> connection;    // c= of this section, if any
  std::vector<Bandwidth> bandwidths;
  std::optional<std::string> encryptionKey;  // k=
  AttributeList attributes;

  // RTP profiles (RTP/AVP, RTP/AVPF, RTP/SAVP, UDP/TLS/RTP/SAVPF, ...): formats are payload types.
  bool isRtp() const;
  // The formats that are payload types (0..127), in m= order.
  std::vector<std::uint8_t> payloadTypes() const;

  // Typed views of the a= lines; the first well-formed one counts, malformed ones read as absent.
  std::optional<RtpMap> rtpmap(std::uint8_t payloadType) const;
  std::optional<std::string_view> fmtp(std::string_view format) const;
  std::optional<std::string_view> fmtp(std::uint8_t payloadType) const;
  std::optional<std::uint32_t> ptime() const;     // a=ptime, milliseconds
  std::optional<std::uint32_t> maxptime() const;  // a=maxptime, milliseconds
  std::optional<Direction> direction() const;     // this section's own direction attribute
  std::optional<RtcpAttribute> rtcp() const;      // a=rtcp (RFC 3605)
  bool rtcpMux() const;                           // a=rtcp-mux (RFC 5761)

  // Setters replace the attribute(s) they own and leave every other one in place.
  void setRtpmap(const RtpMap& map);
  void setFmtp(std::uint8_t payloadType, std::string_view parameters);
  void setPtime(std::uint32_t milliseconds);
  void setDirection(Direction direction);  // removes every other direction attribute
  void setRtcp(const RtcpAttribute& rtcp);
};

// A whole session description (RFC 4566 §5). Pure data: parse() builds one from text,
// serialize() writes it in the RFC's canonical order with CRLF line ends.
struct SessionDescription {
  std::uint32_t version = 0;  // v=
  Origin origin;              // o=
  std::string sessionName = "-";
  std::optional<std::string> information;  // i=
  std::optional<std::string> uri;          // u=
  std::vector<std::string> emails;         // e=
  std::vector<std::string> phones;         // p=
  std::optional<Connection> connection;    // session-level c=, the default for every m=
  std::vector<Bandwidth> bandwidths;
  std::vector<Timing> timings;               // empty: serialized as t=0 0
  std::optional<std::string> timeZones;      // z=
  std::optional<std::string> encryptionKey;  // k=
  AttributeList attributes;
  std::vector<MediaDescription> media;

  // The session-level direction attribute, the default for media sections without one.
  std::optional<Direction> direction() const;
  // The c= that applies to `m`: its own, else the session's; null when neither exists.
  const Connection* connectionFor(const MediaDescription& m) const;
};

// RFC 4566 §5 order (v o s i u e p c b t r z k a, then per m=: m i c b k a), CRLF line ends,
// one space between fields. An empty session name is written "-" (s= must not be empty).
std::string serialize(const SessionDescription& sdp);

}  // namespace sb::sdp
