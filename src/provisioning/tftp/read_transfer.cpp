// SPDX-License-Identifier: MIT
#include "provisioning/tftp/read_transfer.h"

#include <algorithm>

namespace sb::tftp {

ReadTransfer::ReadTransfer(std::shared_ptr<const std::string> bytes, TransferSettings settings, int maxRetries)
    : bytes_(std::move(bytes)),
      settings_(std::move(settings)),
      maxRetries_(maxRetries),
      blockCount_(bytes_->size() / settings_.blockSize + 1) {}

ReadTransfer::Burst ReadTransfer::start() {
  if (!settings_.acknowledged.empty()) {
    state_ = State::AwaitingOackAck;
    return Burst{true, {}};
  }
  state_ = State::Sending;
  return window();
}

ReadTransfer::Burst ReadTransfer::window() {
  Burst burst;
  const std::uint64_t last = std::min(blockCount_, acked_ + settings_.windowSize);
  for (std::uint64_t i = acked_ + 1; i <= last; ++i) burst.blocks.push_back(i);
  sent_ = last;
  return burst;
}

ReadTransfer::Burst ReadTransfer::onAck(std::uint16_t block) {
  if (state_ == State::AwaitingOackAck) {
    if (block != 0) return {};
    state_ = State::Sending;
    retries_ = 0;
    return window();
  }
  if (state_ != State::Sending) return {};
  // Which block of the window (acked_, sent_] carries this wire number; none: old or foreign.
  std::uint64_t matched = 0;
  for (std::uint64_t i = sent_; i > acked_; --i) {
    if (wireNumber(i) == block) {
      matched = i;
      break;
    }
  }
  if (matched == 0) return {};  // a duplicate ACK: never answered with data (Sorcerer's Apprentice)
  acked_ = matched;
  retries_ = 0;
  if (acked_ == blockCount_) {
    state_ = State::Complete;
    return {};
  }
  return window();
}

ReadTransfer::Burst ReadTransfer::onTimeout() {
  if (state_ != State::AwaitingOackAck && state_ != State::Sending) return {};
  if (++retries_ > maxRetries_) {
    state_ = State::Failed;
    return {};
  }
  if (state_ == State::AwaitingOackAck) return Burst{true, {}};
  return window();
}

std::span<const std::uint8_t> ReadTransfer::payload(std::uint64_t index) const {
  const std::uint64_t offset = (index - 1) * settings_.blockSize;
  const std::uint64_t size = std::min<std::uint64_t>(settings_.blockSize, bytes_->size() - offset);
  return {reinterpret_cast<const std::uint8_t*>(bytes_->data()) + offset, size};
}

std::uint64_t ReadTransfer::bytesAcknowledged() const {
  return std::min<std::uint64_t>(bytes_->size(), acked_ * settings_.blockSize);
}

}  // namespace sb::tftp
