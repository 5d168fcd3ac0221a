// SPDX-License-Identifier: MIT
#pragma once
#include <cstdint>
#include <span>

#include "media/rtp/rtp_packet_view.h"

namespace sb::media::rtp {

// A step the relay applies to each RTP packet of one direction before sending it on: a
// payload-type rewriter (telephone-event translation, RFC 4733), a transcoder, an SSRC
// renumberer. Installed by the call engine on a RelaySession; runs on the relay's thread, once
// per packet, so it must not allocate or block, and must not call back into the session. RTCP
// is relayed untouched and never passes through it.
class PacketTransform {
 public:
  virtual ~PacketTransform() = default;

  // `packet` views the validated datagram, which may be edited in place (setPayloadType(),
  // setSsrc(), ...). `spare` is free memory (RelayWorkspace::kSlotBytes) that stays valid until
  // the packet is sent. Returns what to send: packet.bytes() (edited or not), a prefix of
  // `spare` holding a new packet, or an empty span to send nothing (a transcoder gathering a
  // frame). Anything else is a broken contract and asserts.
  virtual std::span<const std::uint8_t> transform(RtpPacketView packet,
                                                  std::span<std::uint8_t> spare) = 0;
};

}  // namespace sb::media::rtp
