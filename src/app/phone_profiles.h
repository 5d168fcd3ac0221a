// SPDX-License-Identifier: MIT
#pragma once
#include <memory>
#include <string>
#include <vector>

#include "app/config/config.h"
#include "net/route_source.h"
#include "provisioning/cisco/phone_profile.h"

namespace sb::app {

// The provisioning profiles of the configured phones: lines from their extensions (name and
// secret), label, generated password.
std::vector<provisioning::PhoneProfile> phoneProfiles(const config::Config& config);

// The system as the phone at `phone` sees it: our address on the route to it (or the external
// address when it is outside local_networks), the SIP port, NAT settings, the sync value.
class SiteProfiles {
 public:
  // `httpBase` is empty while no HTTP server for the phones runs (the URLs are left out).
  // `sync` is shared with the other copies and with whoever changes it on a reload.
  SiteProfiles(const config::Config& config, std::shared_ptr<const std::string> sync, bool http);
  provisioning::SiteProfile operator()(const net::SocketAddress& phone);

 private:
  const config::Config& config_;
  std::shared_ptr<const std::string> sync_;
  bool http_;
  std::uint16_t sipPort_ = 5060;
  std::vector<std::string> numbers_;
  net::RouteSource routes_;
};

// A short value that changes whenever the configuration file does (the `sync` the phones
// compare on check-sync). Holds no secret.
std::string configurationSync(const config::Config& config);

}  // namespace sb::app
