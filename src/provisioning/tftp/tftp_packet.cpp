// SPDX-License-Identifier: MIT
#include "provisioning/tftp/tftp_packet.h"

#include "base/text.h"

namespace sb::tftp {
namespace {

constexpr std::size_t kMaxString = 255;  // file names and option fields: phones use far less
constexpr std::size_t kMaxOptions = 16;

// The NUL-terminated string at `at`, moving `at` past its NUL; nullopt when there is no NUL in
// reach or the string is too long.
std::optional<std::string_view> readString(std::span<const std::uint8_t> bytes, std::size_t& at) {
  const std::size_t start = at;
  while (at < bytes.size() && bytes[at] != 0) {
    if (at - start >= kMaxString) return std::nullopt;
    ++at;
  }
  if (at >= bytes.size()) return std::nullopt;
  std::string_view s(reinterpret_cast<const char*>(bytes.data()) + start, at - start);
  ++at;  // the NUL
  return s;
}

std::uint16_t read16(std::span<const std::uint8_t> bytes, std::size_t at) {
  return static_cast<std::uint16_t>((bytes[at] << 8) | bytes[at + 1]);
}

void append16(std::string& out, std::uint16_t v) {
  out.push_back(static_cast<char>(v >> 8));
  out.push_back(static_cast<char>(v & 0xff));
}

Packet parseRequest(Opcode opcode, std::span<const std::uint8_t> bytes) {
  std::size_t at = 2;
  const auto filename = readString(bytes, at);
  if (!filename || filename->empty()) return Malformed{ErrorCode::IllegalOperation, "bad file name"};
  const auto mode = readString(bytes, at);
  if (!mode || mode->empty()) return Malformed{ErrorCode::IllegalOperation, "bad mode"};
  Request request;
  request.opcode = opcode;
  request.filename = std::string(*filename);
  request.mode = text::lower(*mode);
  while (at < bytes.size()) {
    const auto name = readString(bytes, at);
    const auto value = name ? readString(bytes, at) : std::nullopt;
    if (!name || !value || name->empty()) return Malformed{ErrorCode::OptionNegotiation, "bad option"};
    if (request.options.size() == kMaxOptions) return Malformed{ErrorCode::OptionNegotiation, "too many options"};
    request.options.emplace_back(text::lower(*name), std::string(*value));
  }
  return request;
}

}  // namespace

Packet parse(std::span<const std::uint8_t> bytes) {
  if (bytes.size() < 4) return Malformed{ErrorCode::IllegalOperation, "short packet"};
  const auto opcode = read16(bytes, 0);
  switch (static_cast<Opcode>(opcode)) {
    case Opcode::Rrq:
    case Opcode::Wrq:
      return parseRequest(static_cast<Opcode>(opcode), bytes);
    case Opcode::Ack:
      // RFC 1350 §5: exactly four bytes; some clients pad, which harms nobody.
      return Ack{read16(bytes, 2)};
    case Opcode::Error: {
      ErrorPacket error{static_cast<ErrorCode>(read16(bytes, 2)), {}};
      std::size_t at = 4;
      if (auto message = readString(bytes, at)) error.message = text::sanitizeForLog(*message, 128);
      return error;
    }
    case Opcode::Data:
    case Opcode::Oack:
      return Malformed{ErrorCode::IllegalOperation, "unexpected opcode"};
  }
  return Malformed{ErrorCode::IllegalOperation, "unknown opcode"};
}

void writeDataHeader(std::uint8_t* out, std::uint16_t block) {
  out[0] = 0;
  out[1] = static_cast<std::uint8_t>(Opcode::Data);
  out[2] = static_cast<std::uint8_t>(block >> 8);
  out[3] = static_cast<std::uint8_t>(block & 0xff);
}

std::string errorPacket(ErrorCode code, std::string_view message) {
  std::string out;
  append16(out, static_cast<std::uint16_t>(Opcode::Error));
  append16(out, static_cast<std::uint16_t>(code));
  out.append(message.substr(0, kMaxString));
  out.push_back('\0');
  return out;
}

std::string oackPacket(const std::vector<std::pair<std::string, std::string>>& options) {
  std::string out;
  append16(out, static_cast<std::uint16_t>(Opcode::Oack));
  for (const auto& [name, value] : options) {
    out.append(name).push_back('\0');
    out.append(value).push_back('\0');
  }
  return out;
}

}  // namespace sb::tftp
