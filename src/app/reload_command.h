// SPDX-License-Identifier: MIT
#pragma once
#include <filesystem>
#include <string>
#include <vector>

#include "admin/ctl_server.h"
#include "app/config/config.h"
#include "app/config/secret_store.h"
#include "app/provisioning_service.h"
#include "base/clock.h"
#include "storage/database.h"

namespace sb::app {

struct ReloadContext {
  config::Config& config;
  storage::Database& db;
  const Clock& clock;
  std::vector<config::GeneratedSecret>& secrets;
  ProvisioningService& provisioning;
  std::string startText;  // the configuration file as the server started with it
};

// Registers `reload`: reads the configuration file again and, when it is valid, applies its
// [[phone]] tables and [provisioning] image_version, sntp_server, time_zone and logo at once (the
// phones' files follow, with a new sync value: `ctl phone resync all` then reboots them into it).
// Changes anywhere else are reported as needing a restart and are not applied; an invalid file
// changes nothing and its problems are printed as `check` prints them.
void registerReloadCommand(admin::CtlServer& ctl, ReloadContext context);

std::string readFile(const std::filesystem::path& path);

}  // namespace sb::app
