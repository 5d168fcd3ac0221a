// SPDX-License-Identifier: MIT
#pragma once
#include <cstdint>
#include <memory>
#include <span>

namespace sb::media {

// Hides lost packets of waveform codecs (G.711, G.722) by repeating the last pitch period with a
// fade, as spandsp's plc does (after G.711 Appendix I). It must see every good block (received()),
// which it may adjust to blend out of a concealed stretch. Codecs with their own concealment
// (G.729, Opus) do not use it.
class PacketLossConcealer {
 public:
  PacketLossConcealer();
  ~PacketLossConcealer();
  PacketLossConcealer(const PacketLossConcealer&) = delete;
  PacketLossConcealer& operator=(const PacketLossConcealer&) = delete;

  void received(std::span<std::int16_t> pcm);
  void fillIn(std::span<std::int16_t> pcm);

 private:
  struct State;
  std::unique_ptr<State> state_;
};

}  // namespace sb::media
