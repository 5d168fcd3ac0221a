// SPDX-License-Identifier: MIT
#include "media/codec/packet_loss_concealer.h"

// spandsp.h would pull in libtiff; the two headers needed stand alone.
#include <spandsp/telephony.h>
#include <spandsp/plc.h>

namespace sb::media {

struct PacketLossConcealer::State {
  plc_state_t plc;
};

PacketLossConcealer::PacketLossConcealer() : state_(std::make_unique<State>()) {
  plc_init(&state_->plc);
}

PacketLossConcealer::~PacketLossConcealer() = default;

void PacketLossConcealer::received(std::span<std::int16_t> pcm) {
  plc_rx(&state_->plc, pcm.data(), static_cast<int>(pcm.size()));
}

void PacketLossConcealer::fillIn(std::span<std::int16_t> pcm) {
  plc_fillin(&state_->plc, pcm.data(), static_cast<int>(pcm.size()));
}

}  // namespace sb::media
