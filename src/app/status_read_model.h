// SPDX-License-Identifier: MIT
#pragma once
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "app/ctl_commands.h"
#include "base/allocator.h"

namespace sb::app {

// What `ctl status` shows, read once from the live parts: the ctl's JSON and text, and any other
// console, render this one struct, so they cannot disagree.
struct StatusReadModel {
  std::string version;
  std::string domain;
  std::int64_t uptimeSeconds = 0;
  std::vector<std::string> listening;  // "UDP:0.0.0.0:5060"
  std::size_t extensions = 0;
  std::size_t registeredAors = 0;
  std::size_t contacts = 0;
  std::size_t reachable = 0;
  std::size_t unreachable = 0;
  std::size_t transactions = 0;
  std::uint64_t tcpConnections = 0;
  std::uint64_t requestsIn = 0;
  std::uint64_t responsesIn = 0;
  std::uint64_t badRequests = 0;
  std::uint64_t dropped = 0;
  std::uint64_t retransmissionsAbsorbed = 0;
  std::string mediaForwarding;
  std::optional<std::size_t> callsInKernel;  // nullopt: kernel forwarding is not running
  std::optional<AllocatorStats> memory;      // nullopt: the allocator cannot tell
};

StatusReadModel readStatus(const CtlContext& context);
// interface.md's `ctl status --json` object.
nlohmann::json statusJson(const StatusReadModel& status);
std::string statusText(const StatusReadModel& status);

}  // namespace sb::app
