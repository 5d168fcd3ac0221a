// SPDX-License-Identifier: MIT
#include "provisioning/tftp/tftp_options.h"

#include <algorithm>

#include "base/text.h"

namespace sb::tftp {
namespace {

Negotiation refuse(std::string message) {
  return Negotiation{std::nullopt, ErrorPacket{ErrorCode::OptionNegotiation, std::move(message)}};
}

}  // namespace

Negotiation negotiate(const std::vector<std::pair<std::string, std::string>>& requested,
                      std::uint64_t fileSize, const NegotiationLimits& limits) {
  TransferSettings settings;
  settings.timeout = limits.defaultTimeout;
  for (const auto& option : requested) {
    const std::string& name = option.first;
    const std::string& value = option.second;
    const bool repeated = std::any_of(settings.acknowledged.begin(), settings.acknowledged.end(),
                                      [&](const auto& o) { return o.first == name; });
    if (repeated) continue;  // the first one counts
    const auto number = text::parseUnsigned<std::uint64_t>(value);
    if (name == "blksize") {
      if (!number || *number < 8 || *number > 65464) return refuse("blksize must be 8-65464");
      settings.blockSize = static_cast<std::uint16_t>(std::min<std::uint64_t>(*number, limits.maxBlockSize));
      settings.acknowledged.emplace_back(name, std::to_string(settings.blockSize));
    } else if (name == "tsize") {
      if (!number) return refuse("tsize must be a number");
      settings.acknowledged.emplace_back(name, std::to_string(fileSize));
    } else if (name == "timeout") {
      if (!number || *number < 1 || *number > 255) return refuse("timeout must be 1-255");
      settings.timeout = std::chrono::seconds(*number);
      settings.acknowledged.emplace_back(name, value);
    } else if (name == "windowsize") {
      if (!number || *number < 1 || *number > 65535) return refuse("windowsize must be 1-65535");
      settings.windowSize = static_cast<std::uint16_t>(std::min<std::uint64_t>(*number, limits.maxWindowSize));
      settings.acknowledged.emplace_back(name, std::to_string(settings.windowSize));
    }
  }
  return Negotiation{std::move(settings), {}};
}

}  // namespace sb::tftp
