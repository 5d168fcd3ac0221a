// SPDX-License-Identifier: MIT
#include "app/registration_list_read_model.h"

#include <algorithm>
#include <cstdio>

#include "admin/text_table.h"

namespace sb::app {

using nlohmann::json;

RegistrationListReadModel readRegistrations(const CtlContext& c) {
  const auto now = c.registrar.nowUnix();
  std::vector<const registrar::Binding*> all;
  c.registrar.table().forEach([&](const registrar::Binding& b) { all.push_back(&b); });
  std::sort(all.begin(), all.end(), [](auto* a, auto* b) {
    return a->aor != b->aor ? a->aor < b->aor : a->contactUri < b->contactUri;
  });
  RegistrationListReadModel model;
  for (const auto* b : all) {
    model.rows.push_back({b->aor, std::string(b->contactUri), b->flow.toString(), b->userAgent ? *b->userAgent : "",
                          std::max<std::int64_t>(0, b->expiresAt - now), b->reachability,
                          static_cast<double>(b->rttUs) / 1000.0});
  }
  return model;
}

json registrationsJson(const RegistrationListReadModel& model) {
  json data = json::array();
  for (const auto& r : model.rows) {
    const bool known = r.reachability != registrar::Reachability::Unknown;
    const bool reachable = r.reachability == registrar::Reachability::Reachable;
    data.push_back({
        {"aor", r.aor},
        {"contact", r.contact},
        {"source", r.source},
        {"user_agent", r.userAgent},
        {"expires_in", r.expiresIn},
        {"reachable", known ? json(reachable) : json(nullptr)},
        {"rtt_ms", reachable ? json(r.rttMs) : json(nullptr)},
    });
  }
  return data;
}

std::string registrationsText(const RegistrationListReadModel& model) {
  admin::TextTable table({"AOR", "Contact", "Source", "User-Agent", "Expires", "Status", "RTT (ms)"});
  for (const auto& r : model.rows) {
    char rtt[32];
    std::snprintf(rtt, sizeof rtt, "%.3f", r.rttMs);
    table.add({r.aor, r.contact, r.source, r.userAgent, std::to_string(r.expiresIn),
               std::string(registrar::reachabilityName(r.reachability)),
               r.reachability == registrar::Reachability::Reachable ? rtt : "-"});
  }
  return table.render() + std::to_string(model.rows.size()) + " contacts\n";
}

}  // namespace sb::app
