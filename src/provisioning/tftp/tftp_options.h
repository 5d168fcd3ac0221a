// SPDX-License-Identifier: MIT
#pragma once
#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "provisioning/tftp/tftp_packet.h"

namespace sb::tftp {

// What a read transfer runs with once the client's options (RFC 2347) are answered.
struct TransferSettings {
  std::uint16_t blockSize = 512;                       // RFC 2348 blksize
  std::uint16_t windowSize = 1;                        // RFC 7440 windowsize
  std::chrono::milliseconds timeout{1000};             // RFC 2349 timeout (seconds on the wire)
  // The options we accept, with our values, in the client's order: the OACK. Empty: no OACK,
  // the transfer starts with DATA 1 (RFC 2347: a server that takes no option answers as RFC 1350).
  std::vector<std::pair<std::string, std::string>> acknowledged;
};

struct NegotiationLimits {
  std::uint16_t maxBlockSize = 65464;  // RFC 2348's ceiling
  std::uint16_t maxWindowSize = 64;    // what we keep in flight per transfer (RFC 7440 §4 lets us lower it)
  std::chrono::milliseconds defaultTimeout{1000};
};

// The outcome: settings, or the error to answer with (code 8, RFC 2347, for a value out of its
// RFC's range, such as blksize 0 or 100000; the transfer does not start).
struct Negotiation {
  std::optional<TransferSettings> settings;
  ErrorPacket refusal;
};

// Answers blksize (8-65464, lowered to our maximum), tsize (replaced by `fileSize` on a read
// request), timeout (1-255 s) and windowsize (1-65535, lowered to our maximum). Unknown options
// are left out of the OACK, as RFC 2347 asks.
Negotiation negotiate(const std::vector<std::pair<std::string, std::string>>& requested,
                      std::uint64_t fileSize, const NegotiationLimits& limits = {});

}  // namespace sb::tftp
