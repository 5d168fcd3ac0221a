// SPDX-License-Identifier: MIT
#include "sdp/session_description.h"

#include "base/text.h"
#include "sdp/grammar.h"

namespace sb::sdp {
namespace {

bool isDirectionAttribute(const Attribute& a) { return directionFromName(a.name).has_value(); }

std::optional<Direction> firstDirection(const AttributeList& attributes) {
  for (const Attribute& a : attributes)
    if (auto d = directionFromName(a.name)) return d;
  return std::nullopt;
}

std::optional<std::uint32_t> unsignedAttribute(const AttributeList& attributes, std::string_view name) {
  const auto value = attributes.value(name);
  if (!value) return std::nullopt;
  return text::parseUnsigned<std::uint32_t>(text::trim(*value));
}

bool isFmtpFor(const Attribute& a, std::string_view format) {
  if (!a.value || !text::iequals(a.name, "fmtp")) return false;
  std::string_view f;
  std::string_view parameters;
  return grammar::splitFmtp(*a.value, f, parameters) && f == format;
}

void line(std::string& out, char type, std::string_view value) {
  out += type;
  out += '=';
  out += value;
  out += "\r\n";
}

void writeConnection(std::string& out, const Connection& c) {
  line(out, 'c', c.netType + ' ' + c.addrType + ' ' + c.address);
}

void writeBandwidths(std::string& out, const std::vector<Bandwidth>& bandwidths) {
  for (const Bandwidth& b : bandwidths) line(out, 'b', b.type + ':' + std::to_string(b.value));
}

void writeAttributes(std::string& out, const AttributeList& attributes) {
  for (const Attribute& a : attributes) {
    out += "a=";
    out += a.name;
    if (a.value) {
      out += ':';
      out += *a.value;
    }
    out += "\r\n";
  }
}

void writeMedia(std::string& out, const MediaDescription& m) {
  std::string mline = m.media + ' ' + std::to_string(m.port);
  if (m.portCount > 1) mline += '/' + std::to_string(m.portCount);
  mline += ' ' + m.proto;
  for (const std::string& f : m.formats) mline += ' ' + f;
  line(out, 'm', mline);
  if (m.information) line(out, 'i', *m.information);
  if (m.connection) writeConnection(out, *m.connection);
  writeBandwidths(out, m.bandwidths);
  if (m.encryptionKey) line(out, 'k', *m.encryptionKey);
  writeAttributes(out, m.attributes);
}

}  // namespace

const Attribute* AttributeList::find(std::string_view name) const {
  for (const Attribute& a : items_)
    if (text::iequals(a.name, name)) return &a;
  return nullptr;
}

std::optional<std::string_view> AttributeList::value(std::string_view name) const {
  const Attribute* a = find(name);
  if (a == nullptr) return std::nullopt;
  return a->value ? std::string_view(*a->value) : std::string_view{};
}

void AttributeList::add(std::string name, std::optional<std::string> value) {
  items_.push_back(Attribute{std::move(name), std::move(value)});
}

void AttributeList::set(std::string_view name, std::optional<std::string> value) {
  setWhere([name](const Attribute& a) { return text::iequals(a.name, name); },
           Attribute{std::string(name), std::move(value)});
}

std::size_t AttributeList::remove(std::string_view name) {
  return removeIf([name](const Attribute& a) { return text::iequals(a.name, name); });
}

bool MediaDescription::isRtp() const {
  const std::string p = text::lower(proto);
  return p.starts_with("rtp/") || p.find("/rtp/") != std::string::npos;
}

std::vector<std::uint8_t> MediaDescription::payloadTypes() const {
  std::vector<std::uint8_t> out;
  for (const std::string& f : formats)
    if (auto pt = text::parseUnsigned<std::uint32_t>(f); pt && *pt <= 127)
      out.push_back(static_cast<std::uint8_t>(*pt));
  return out;
}

std::optional<RtpMap> MediaDescription::rtpmap(std::uint8_t payloadType) const {
  for (const Attribute& a : attributes) {
    if (!a.value || !text::iequals(a.name, "rtpmap")) continue;
    if (auto map = RtpMap::parse(*a.value); map && map->payloadType == payloadType) return map;
  }
  return std::nullopt;
}

std::optional<std::string_view> MediaDescription::fmtp(std::string_view format) const {
  for (const Attribute& a : attributes) {
    if (!a.value || !text::iequals(a.name, "fmtp")) continue;
    std::string_view f;
    std::string_view parameters;
    if (grammar::splitFmtp(*a.value, f, parameters) && f == format) return parameters;
  }
  return std::nullopt;
}

std::optional<std::string_view> MediaDescription::fmtp(std::uint8_t payloadType) const {
  return fmtp(std::to_string(payloadType));
}

std::optional<std::uint32_t> MediaDescription::ptime() const {
  return unsignedAttribute(attributes, "ptime");
}

std::optional<std::uint32_t> MediaDescription::maxptime() const {
  return unsignedAttribute(attributes, "maxptime");
}

std::optional<Direction> MediaDescription::direction() const { return firstDirection(attributes); }

std::optional<RtcpAttribute> MediaDescription::rtcp() const {
  const auto value = attributes.value("rtcp");
  if (!value) return std::nullopt;
  return RtcpAttribute::parse(*value);
}

bool MediaDescription::rtcpMux() const { return attributes.has("rtcp-mux"); }

void MediaDescription::setRtpmap(const RtpMap& map) {
  attributes.setWhere(
      [pt = map.payloadType](const Attribute& a) {
        if (!a.value || !text::iequals(a.name, "rtpmap")) return false;
        const auto fields = grammar::splitFields(*a.value, 1);
        return !fields.empty() && text::parseUnsigned<std::uint32_t>(fields[0]) == pt;
      },
      Attribute{"rtpmap", map.toValue()});
}

void MediaDescription::setFmtp(std::uint8_t payloadType, std::string_view parameters) {
  const std::string format = std::to_string(payloadType);
  attributes.setWhere([&format](const Attribute& a) { return isFmtpFor(a, format); },
                      Attribute{"fmtp", Fmtp{format, std::string(parameters)}.toValue()});
}

void MediaDescription::setPtime(std::uint32_t milliseconds) {
  attributes.set("ptime", std::to_string(milliseconds));
}

void MediaDescription::setDirection(Direction direction) {
  attributes.setWhere(isDirectionAttribute, Attribute{std::string(toString(direction)), std::nullopt});
}

void MediaDescription::setRtcp(const RtcpAttribute& rtcp) { attributes.set("rtcp", rtcp.toValue()); }

std::optional<Direction> SessionDescription::direction() const { return firstDirection(attributes); }

const Connection* SessionDescription::connectionFor(const MediaDescription& m) const {
  if (m.connection) return &*m.connection;
  if (connection) return &*connection;
  return nullptr;
}

std::string serialize(const SessionDescription& sdp) {
  std::string out;
  out.reserve(256 + 256 * sdp.media.size());
  line(out, 'v', std::to_string(sdp.version));
  const Origin& o = sdp.origin;
  line(out, 'o',
       o.username + ' ' + o.sessionId + ' ' + std::to_string(o.sessionVersion) + ' ' + o.netType + ' ' +
           o.addrType + ' ' + o.address);
  line(out, 's', sdp.sessionName.empty() ? std::string_view("-") : std::string_view(sdp.sessionName));
  if (sdp.information) line(out, 'i', *sdp.information);
  if (sdp.uri) line(out, 'u', *sdp.uri);
  for (const std::string& e : sdp.emails) line(out, 'e', e);
  for (const std::string& p : sdp.phones) line(out, 'p', p);
  if (sdp.connection) writeConnection(out, *sdp.connection);
  writeBandwidths(out, sdp.bandwidths);
  if (sdp.timings.empty()) line(out, 't', "0 0");
  for (const Timing& t : sdp.timings) {
    line(out, 't', std::to_string(t.start) + ' ' + std::to_string(t.stop));
    for (const std::string& r : t.repeats) line(out, 'r', r);
  }
  if (sdp.timeZones) line(out, 'z', *sdp.timeZones);
  if (sdp.encryptionKey) line(out, 'k', *sdp.encryptionKey);
  writeAttributes(out, sdp.attributes);
  for (const MediaDescription& m : sdp.media) writeMedia(out, m);
  return out;
}

}  // namespace sb::sdp
