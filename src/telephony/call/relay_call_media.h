// SPDX-License-Identifier: MIT
#pragma once
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/address.hpp>
#include <memory>

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
  RelayMediaFactory(boost::asio::io_context& io, const Clock& clock,
                    boost::asio::ip::address bindAddress, std::uint16_t portMin, std::uint16_t portMax);
  std::unique_ptr<CallMedia> open(std::string& error) override;
  std::size_t pairsInUse() const { return ports_.pairsInUse(); }

 private:
  const Clock& clock_;
  media::rtp::PortAllocator ports_;
  media::rtp::SocketPoller poller_;
  media::rtp::RelayWorkspace workspace_;
};

}  // namespace sb::call
