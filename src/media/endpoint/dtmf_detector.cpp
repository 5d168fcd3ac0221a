// SPDX-License-Identifier: MIT
#include "media/endpoint/dtmf_detector.h"

#include <algorithm>

namespace sb::media {
namespace {

constexpr std::array<double, 4> kRowHz{697, 770, 852, 941};
constexpr std::array<double, 4> kColumnHz{1209, 1336, 1477, 1633};
constexpr char kKeys[4][4] = {{'1', '2', '3', 'A'}, {'4', '5', '6', 'B'}, {'7', '8', '9', 'C'}, {'*', '0', '#', 'D'}};

// Quieter than this (RMS, 16-bit) is not a key: about -44 dBFS, well under any phone's DTMF.
constexpr double kMinRms = 200;

}  // namespace

DtmfDetector::DtmfDetector()
    : rows_{ToneDetector(kRate, kRowHz[0]), ToneDetector(kRate, kRowHz[1]), ToneDetector(kRate, kRowHz[2]),
            ToneDetector(kRate, kRowHz[3])},
      columns_{ToneDetector(kRate, kColumnHz[0]), ToneDetector(kRate, kColumnHz[1]),
               ToneDetector(kRate, kColumnHz[2]), ToneDetector(kRate, kColumnHz[3])} {}

void DtmfDetector::feed(std::span<const std::int16_t> pcm, std::string& keys) {
  while (!pcm.empty()) {
    const std::size_t n = std::min(pcm.size(), kBlock - filled_);
    std::copy_n(pcm.begin(), n, block_.begin() + static_cast<std::ptrdiff_t>(filled_));
    filled_ += n;
    pcm = pcm.subspan(n);
    if (filled_ < kBlock) return;
    filled_ = 0;
    const char key = classify();
    if (key == 0 || key != candidate_) {
      candidate_ = key;
      reported_ = false;
      continue;
    }
    if (!reported_) {
      keys.push_back(key);
      reported_ = true;
    }
  }
}

char DtmfDetector::classify() const {
  double energy = 0;
  for (auto x : block_) energy += static_cast<double>(x) * x;
  if (energy / kBlock < kMinRms * kMinRms) return 0;
  std::array<double, 4> row{}, column{};
  for (std::size_t i = 0; i < 4; ++i) {
    row[i] = rows_[i].relativePower(block_);
    column[i] = columns_[i].relativePower(block_);
  }
  const auto r = static_cast<std::size_t>(std::max_element(row.begin(), row.end()) - row.begin());
  const auto c = static_cast<std::size_t>(std::max_element(column.begin(), column.end()) - column.begin());
  // Two tones that are most of the sound (speech spreads over many frequencies)...
  if (row[r] < 0.15 || column[c] < 0.15 || row[r] + column[c] < 0.7) return 0;
  // ...each 8 dB above the others of its group...
  for (std::size_t i = 0; i < 4; ++i) {
    if (i != r && row[i] * 6.3 > row[r]) return 0;
    if (i != c && column[i] * 6.3 > column[c]) return 0;
  }
  // ...and a twist within Q.24: the column tone 8 dB under to 4 dB over the row tone.
  const double twist = column[c] / row[r];
  if (twist < 0.16 || twist > 2.5) return 0;
  return kKeys[r][c];
}

}  // namespace sb::media
