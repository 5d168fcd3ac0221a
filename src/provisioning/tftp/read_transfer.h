// SPDX-License-Identifier: MIT
#pragma once
#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "provisioning/tftp/tftp_options.h"

namespace sb::tftp {

// The sending side of one read transfer (RFC 1350 §6 with RFC 2347 OACK and RFC 7440 windows),
// without sockets or clocks: it says which packets to send and digests ACKs and timeouts. Blocks
// are counted from 1 in 64 bits; on the wire the number wraps from 65535 to 0, as common clients
// expect for files over 32 MB at 512-byte blocks. The last block is shorter than the block size
// (empty when the file is a multiple of it).
class ReadTransfer {
 public:
  ReadTransfer(std::shared_ptr<const std::string> bytes, TransferSettings settings, int maxRetries);

  enum class State : std::uint8_t { AwaitingOackAck, Sending, Complete, Failed };

  // What is to be sent now: the OACK (when options were accepted and it is not acknowledged yet)
  // or the blocks of the current window, in order.
  struct Burst {
    bool oack = false;
    std::vector<std::uint64_t> blocks;
  };

  // The first packets of the transfer.
  Burst start();
  // An ACK with wire number `block`. Returns the next burst (empty when the ACK was old, a
  // duplicate, or the transfer just completed). RFC 7440 §4: an ACK inside the window means the
  // client lost what followed it, so sending resumes right after it.
  Burst onAck(std::uint16_t block);
  // No ACK within the timeout: the same burst again, or nothing once maxRetries are used up
  // (the transfer has failed).
  Burst onTimeout();

  State state() const { return state_; }
  const TransferSettings& settings() const { return settings_; }
  std::uint64_t blockCount() const { return blockCount_; }
  // Wire number and payload of block `index` (1-based).
  static std::uint16_t wireNumber(std::uint64_t index) { return static_cast<std::uint16_t>(index & 0xffff); }
  std::span<const std::uint8_t> payload(std::uint64_t index) const;
  std::uint64_t bytesAcknowledged() const;

 private:
  Burst window();

  std::shared_ptr<const std::string> bytes_;
  TransferSettings settings_;
  int maxRetries_;
  int retries_ = 0;
  State state_ = State::Sending;
  std::uint64_t blockCount_;
  std::uint64_t acked_ = 0;  // highest block index acknowledged
  std::uint64_t sent_ = 0;   // highest block index of the current window
};

}  // namespace sb::tftp
