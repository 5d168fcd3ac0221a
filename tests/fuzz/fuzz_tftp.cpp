// SPDX-License-Identifier: MIT
// libFuzzer target for what the TFTP server reads from the network: any datagram through the
// packet parser, and a request's name and options through name checking and option negotiation.
#include <cstddef>
#include <cstdint>
#include <span>

#include "provisioning/tftp/tftp_file_name.h"
#include "provisioning/tftp/tftp_options.h"
#include "provisioning/tftp/tftp_packet.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace sb::tftp;
  const auto packet = parse(std::span<const std::uint8_t>(data, size));
  if (const auto* request = std::get_if<Request>(&packet)) {
    (void)normalizeFileName(request->filename);
    const auto negotiation = negotiate(request->options, size);
    if (negotiation.settings) (void)oackPacket(negotiation.settings->acknowledged);
  }
  return 0;
}
