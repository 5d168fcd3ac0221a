// SPDX-License-Identifier: MIT
#pragma once
#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>
#include <vector>

namespace sb::media {

// A read position in a shared, immutable buffer of PCM that wraps around at its end: the common
// half of every in-memory AudioSource. Copying it gives a second reader of the same samples.
class PcmLoop {
 public:
  // `samples` must not be empty.
  explicit PcmLoop(std::shared_ptr<const std::vector<std::int16_t>> samples);

  void read(std::span<std::int16_t> pcm);
  void rewind() { position_ = 0; }
  std::size_t length() const { return samples_->size(); }
  const std::shared_ptr<const std::vector<std::int16_t>>& samples() const { return samples_; }

 private:
  std::shared_ptr<const std::vector<std::int16_t>> samples_;
  std::size_t position_ = 0;
};

}  // namespace sb::media
