// SPDX-License-Identifier: MIT
#pragma once
#include <span>
#include <vector>

namespace sb::media {

// Converts a whole looping clip from one sample rate to another with a windowed-sinc (Blackman,
// 16 zero crossings) band-limited interpolator whose cutoff follows the lower of the two rates,
// so downsampling a 44.1 kHz file to 8 kHz does not alias. The clip is treated as periodic (it
// is played in a loop), so the seam does not click. Meant for audio loaded once (files), not for
// streams: it is O(taps) per output sample and allocates the result.
std::vector<float> resampleLoop(std::span<const float> in, int inRate, int outRate);

}  // namespace sb::media
