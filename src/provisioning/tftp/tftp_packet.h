// SPDX-License-Identifier: MIT
#pragma once
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

namespace sb::tftp {

// RFC 1350 §5 opcodes, and OACK from RFC 2347.
enum class Opcode : std::uint16_t { Rrq = 1, Wrq = 2, Data = 3, Ack = 4, Error = 5, Oack = 6 };

// RFC 1350 §5 error codes, and 8 from RFC 2347.
enum class ErrorCode : std::uint16_t {
  NotDefined = 0,
  FileNotFound = 1,
  AccessViolation = 2,
  DiskFull = 3,
  IllegalOperation = 4,
  UnknownTransferId = 5,
  FileExists = 6,
  NoSuchUser = 7,
  OptionNegotiation = 8,
};

// RRQ or WRQ: file name, mode and the options of RFC 2347 (names lower-cased, in order).
struct Request {
  Opcode opcode = Opcode::Rrq;
  std::string filename;
  std::string mode;  // lower-cased: "octet", "netascii", "mail"
  std::vector<std::pair<std::string, std::string>> options;
};

struct Ack {
  std::uint16_t block = 0;
};

struct ErrorPacket {
  ErrorCode code = ErrorCode::NotDefined;
  std::string message;
};

// A datagram that is no valid TFTP packet: what to answer (RFC 1350: an ERROR packet).
struct Malformed {
  ErrorCode code = ErrorCode::IllegalOperation;
  std::string reason;
};

using Packet = std::variant<Request, Ack, ErrorPacket, Malformed>;

// Reads what a client may send a server: RRQ, WRQ, ACK, ERROR. DATA and OACK from a client, an
// unknown opcode, a missing NUL, a string over 255 bytes or more than 16 options are Malformed.
// Pure: never throws, never reads past `datagram`.
Packet parse(std::span<const std::uint8_t> datagram);

// Writers. DATA is written in place: the 4-byte header before a payload the caller copies in.
void writeDataHeader(std::uint8_t* out, std::uint16_t block);
std::string errorPacket(ErrorCode code, std::string_view message);
std::string oackPacket(const std::vector<std::pair<std::string, std::string>>& options);

}  // namespace sb::tftp
