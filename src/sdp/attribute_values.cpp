// SPDX-License-Identifier: MIT
#include "sdp/attribute_values.h"

#include "base/text.h"
#include "sdp/grammar.h"

namespace sb::sdp {

bool Connection::isHoldAddress() const { return address == "0.0.0.0" || address == "::"; }

std::optional<RtpMap> RtpMap::parse(std::string_view value) {
  const auto fields = grammar::splitFields(value, 2);
  if (fields.size() != 2) return std::nullopt;
  const auto pt = text::parseUnsigned<std::uint32_t>(fields[0]);
  if (!pt || *pt > 127) return std::nullopt;

  // <encoding name>/<clock rate>[/<encoding parameters>]
  std::string_view rest = fields[1];
  std::string_view parts[3];
  std::size_t count = 0;
  while (true) {
    if (count == 3) return std::nullopt;
    const std::size_t slash = rest.find('/');
    parts[count++] = rest.substr(0, slash);
    if (slash == std::string_view::npos) break;
    rest.remove_prefix(slash + 1);
  }
  if (count < 2 || !grammar::isToken(parts[0])) return std::nullopt;
  const auto rate = text::parseUnsigned<std::uint32_t>(parts[1]);
  if (!rate || *rate == 0) return std::nullopt;
  RtpMap map;
  map.payloadType = static_cast<std::uint8_t>(*pt);
  map.encodingName = std::string(parts[0]);
  map.clockRate = *rate;
  if (count == 3) {
    const auto channels = text::parseUnsigned<std::uint32_t>(parts[2]);
    if (!channels || *channels == 0 || *channels > 255) return std::nullopt;
    map.channels = *channels;
  }
  return map;
}

std::string RtpMap::toValue() const {
  std::string out = std::to_string(payloadType) + ' ' + encodingName + '/' + std::to_string(clockRate);
  if (channels != 1) out += '/' + std::to_string(channels);
  return out;
}

std::optional<Fmtp> Fmtp::parse(std::string_view value) {
  std::string_view format;
  std::string_view parameters;
  if (!grammar::splitFmtp(value, format, parameters)) return std::nullopt;
  return Fmtp{std::string(format), std::string(parameters)};
}

std::string Fmtp::toValue() const { return parameters.empty() ? format : format + ' ' + parameters; }

std::optional<RtcpAttribute> RtcpAttribute::parse(std::string_view value) {
  const auto fields = grammar::splitFields(value, 4);
  if (fields.size() != 1 && fields.size() != 4) return std::nullopt;
  const auto port = text::parseUnsigned<std::uint16_t>(fields[0]);
  if (!port) return std::nullopt;
  RtcpAttribute rtcp;
  rtcp.port = *port;
  if (fields.size() == 4) {
    if (!grammar::isToken(fields[1]) || !grammar::isToken(fields[2]) || !grammar::isNonWs(fields[3]))
      return std::nullopt;
    rtcp.connection = Connection{std::string(fields[1]), std::string(fields[2]), std::string(fields[3])};
  }
  return rtcp;
}

std::string RtcpAttribute::toValue() const {
  std::string out = std::to_string(port);
  if (connection) out += ' ' + connection->netType + ' ' + connection->addrType + ' ' + connection->address;
  return out;
}

}  // namespace sb::sdp
