// SPDX-License-Identifier: MIT
#include "app/status_read_model.h"

#include "app/version.h"

namespace sb::app {

using nlohmann::json;

StatusReadModel readStatus(const CtlContext& c) {
  StatusReadModel s;
  s.version = kVersion;
  s.domain = c.config.pbx.domain;
  s.uptimeSeconds = std::chrono::duration_cast<std::chrono::seconds>(c.loop.clock().systemNow() - c.startedAt).count();
  for (const auto& flow : c.transport.listeners())
    s.listening.push_back(std::string(net::transportName(flow.transport)) + ":" + flow.local.toString());
  s.extensions = c.config.extensions.size();
  s.registeredAors = c.registrar.table().aorCount();
  s.contacts = c.registrar.table().size();
  c.registrar.table().forEach([&](const registrar::Binding& b) {
    if (b.reachability == registrar::Reachability::Reachable) ++s.reachable;
    if (b.reachability == registrar::Reachability::Unreachable) ++s.unreachable;
  });
  const auto tx = c.stack.transactions().stats();
  s.transactions = tx.live;
  s.retransmissionsAbsorbed = tx.retransmissionsAbsorbed;
  s.tcpConnections = c.transport.stats().connectionsOpen;
  const auto& stack = c.stack.stats();
  s.requestsIn = stack.requestsIn;
  s.responsesIn = stack.responsesIn;
  s.badRequests = stack.badRequests;
  s.dropped = stack.dropped;
  s.mediaForwarding = c.mediaForwarding;
  if (c.kernelForwarder) s.callsInKernel = c.kernelForwarder->installed();
  s.memory = allocatorStats();
  return s;
}

json statusJson(const StatusReadModel& s) {
  json data = {
      {"version", s.version},
      {"domain", s.domain},
      {"uptime_s", s.uptimeSeconds},
      {"listening", s.listening},
      {"extensions", s.extensions},
      {"registered_aors", s.registeredAors},
      {"contacts", s.contacts},
      {"reachable", s.reachable},
      {"unreachable", s.unreachable},
      {"transactions", s.transactions},
      {"tcp_connections", s.tcpConnections},
      {"requests_in", s.requestsIn},
      {"responses_in", s.responsesIn},
      {"bad_requests", s.badRequests},
      {"dropped", s.dropped},
      {"retransmissions_absorbed", s.retransmissionsAbsorbed},
      {"media_forwarding", s.mediaForwarding},
      {"calls_in_kernel", s.callsInKernel.value_or(0)},
  };
  if (s.memory) {
    data["memory_allocated_bytes"] = s.memory->allocated;
    data["memory_resident_bytes"] = s.memory->resident;
  }
  return data;
}

std::string statusText(const StatusReadModel& s) {
  std::string text = "Switchboard " + s.version + ", domain " + s.domain + ", up " + std::to_string(s.uptimeSeconds) +
                     " s\n";
  text += "Listening:     ";
  for (const auto& l : s.listening) text += l + " ";
  text += "\nExtensions:    " + std::to_string(s.extensions) + "\n";
  text += "Registered:    " + std::to_string(s.registeredAors) + " extensions, " + std::to_string(s.contacts) +
          " contacts (" + std::to_string(s.reachable) + " reachable, " + std::to_string(s.unreachable) +
          " unreachable)\n";
  text += "SIP:           " + std::to_string(s.requestsIn) + " requests, " + std::to_string(s.responsesIn) +
          " responses, " + std::to_string(s.badRequests) + " refused, " + std::to_string(s.dropped) + " dropped, " +
          std::to_string(s.transactions) + " transactions, " + std::to_string(s.tcpConnections) +
          " TCP connections\n";
  text += "Media:         " + s.mediaForwarding;
  if (s.callsInKernel) text += "; " + std::to_string(*s.callsInKernel) + " calls in the kernel now";
  text += "\n";
  if (s.memory) {
    text += "Memory:        " + std::to_string(s.memory->allocated / 1024) + " KiB in use, " +
            std::to_string(s.memory->resident / 1024) + " KiB resident in the allocator\n";
  }
  return text;
}

}  // namespace sb::app
