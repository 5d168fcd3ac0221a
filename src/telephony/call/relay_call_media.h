// SPDX-License-Identifier: MIT
#pragma once
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/address.hpp>
#include <memory>
#include <vector>

#include "base/timer_queue.h"
#include "media/rtp/offload.h"
#include "media/rtp/port_allocator.h"
#include "media/rtp/relay_workspace.h"
#include "media/rtp/socket_poller.h"
#include "telephony/call/call_media.h"

namespace sb::call {

// Makes CallMedia over the RTP relay: two port pairs from [rtp] per call, both legs on the
// signalling loop's io_context (ARCHITECTURE.md allows media its own loops later; the relay's
// cost per packet is small enough that one loop carries a home office many times over).
class RelayMediaFactory final : public MediaFactory {
 public:
  // `music` is the PCM loop at 8 kHz played to held parties (TonePatternSource::render(8000) or a
  // WAV file read once at start). `offloader` (may be null; must outlive the factory's calls)
  // takes latched, passed-through calls into the kernel.
  RelayMediaFactory(boost::asio::io_context& io, Timers& timers, boost::asio::ip::address bindAddress,
                    std::uint16_t portMin, std::uint16_t portMax,
                    std::shared_ptr<const std::vector<std::int16_t>> music,
                    media::rtp::Offloader* offloader = nullptr);
  Result<std::unique_ptr<CallMedia>> open() override;
  std::size_t pairsInUse() const { return ports_.pairsInUse(); }

 private:
  Timers& timers_;
  std::shared_ptr<const std::vector<std::int16_t>> music_;
  media::rtp::Offloader* offloader_;
  media::rtp::PortAllocator ports_;
  media::rtp::SocketPoller poller_;
  media::rtp::RelayWorkspace workspace_;
};

}  // namespace sb::call
