// SPDX-License-Identifier: MIT
#include "media/endpoint/resampler.h"

#include <array>
#include <cmath>
#include <cstdint>
#include <numbers>

namespace sb::media {
namespace {

constexpr int kZeroCrossings = 16;
constexpr int kTableResolution = 512;  // kernel values per unit of x
constexpr double kPi = std::numbers::pi;

// sinc(x) · blackman(x / kZeroCrossings) for x in [0, kZeroCrossings], tabulated.
std::vector<float> kernelTable() {
  std::vector<float> t(kZeroCrossings * kTableResolution + 2, 0.0f);
  for (std::size_t i = 0; i < t.size(); ++i) {
    const double x = static_cast<double>(i) / kTableResolution;
    if (x >= kZeroCrossings) break;
    const double sinc = x == 0 ? 1.0 : std::sin(kPi * x) / (kPi * x);
    const double u = 0.5 + 0.5 * x / kZeroCrossings;  // window position 0.5..1 across the half
    const double window = 0.42 - 0.5 * std::cos(2 * kPi * u) + 0.08 * std::cos(4 * kPi * u);
    t[i] = static_cast<float>(sinc * window);
  }
  return t;
}

float kernelAt(const std::vector<float>& table, double x) {
  x = std::fabs(x) * kTableResolution;
  const auto i = static_cast<std::size_t>(x);
  if (i + 1 >= table.size()) return 0.0f;
  const auto frac = static_cast<float>(x - static_cast<double>(i));
  return table[i] + frac * (table[i + 1] - table[i]);
}

}  // namespace

std::vector<float> resampleLoop(std::span<const float> in, int inRate, int outRate) {
  if (in.empty() || inRate <= 0 || outRate <= 0) return {};
  if (inRate == outRate) return {in.begin(), in.end()};

  const std::vector<float> table = kernelTable();
  const auto n = static_cast<std::int64_t>(in.size());
  const double step = static_cast<double>(inRate) / outRate;       // input samples per output
  const double cutoff = std::min(1.0, static_cast<double>(outRate) / inRate);  // of input Nyquist
  const double reach = kZeroCrossings / cutoff;                     // kernel half-width, inputs
  const auto outLength = static_cast<std::size_t>(std::llround(static_cast<double>(n) / step));

  std::vector<float> out(outLength);
  for (std::size_t j = 0; j < outLength; ++j) {
    const double t = static_cast<double>(j) * step;
    const auto first = static_cast<std::int64_t>(std::ceil(t - reach));
    const auto last = static_cast<std::int64_t>(std::floor(t + reach));
    double acc = 0;
    for (std::int64_t k = first; k <= last; ++k) {
      std::int64_t wrapped = k;
      if (wrapped < 0 || wrapped >= n) wrapped = ((k % n) + n) % n;
      acc += in[static_cast<std::size_t>(wrapped)] * kernelAt(table, (t - static_cast<double>(k)) * cutoff);
    }
    out[j] = static_cast<float>(acc * cutoff);
  }
  return out;
}

}  // namespace sb::media
