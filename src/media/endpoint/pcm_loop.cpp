// SPDX-License-Identifier: MIT
#include "media/endpoint/pcm_loop.h"

#include <algorithm>
#include <cassert>

namespace sb::media {

PcmLoop::PcmLoop(std::shared_ptr<const std::vector<std::int16_t>> samples) : samples_(std::move(samples)) {
  assert(samples_ && !samples_->empty());
}

void PcmLoop::read(std::span<std::int16_t> pcm) {
  const std::vector<std::int16_t>& s = *samples_;
  std::size_t done = 0;
  while (done < pcm.size()) {
    const std::size_t n = std::min(pcm.size() - done, s.size() - position_);
    std::copy_n(s.begin() + static_cast<std::ptrdiff_t>(position_), n, pcm.begin() + static_cast<std::ptrdiff_t>(done));
    done += n;
    position_ += n;
    if (position_ == s.size()) position_ = 0;
  }
}

}  // namespace sb::media
