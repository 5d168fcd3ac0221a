// SPDX-License-Identifier: MIT
#pragma once
#include <memory>
#include <optional>
#include <string>

#include "base/result.h"
#include "app/config/config.h"
#include "app/phone_activity.h"
#include "app/phone_services.h"
#include "net/event_loop.h"
#include "provisioning/cisco/cisco_file_source.h"
#include "net/http/http_server.h"
#include "provisioning/tftp/firmware_directory.h"
#include "provisioning/tftp/tftp_server.h"
#include "telephony/feature/forward/call_settings_book.h"
#include "telephony/registrar/registrar.h"

namespace sb::app {

// Everything the phones boot from, put together: the TFTP server over the generated Cisco files,
// firmware_dir and the defaults; the HTTP server for directory, services and logo; what each
// phone fetched. It reads the running configuration (by reference) and can take a reloaded
// one's [[phone]] tables and provisioning texts without a restart.
class ProvisioningService {
 public:
  ProvisioningService(config::Config& config, net::EventLoop& loop);

  Status openTftp();
  Status openHttp(registrar::Registrar& registrar, feature::CallSettingsBook& settings,
                                      VoicemailService& voicemail);

  // Takes `fresh`'s phones, image_version, sntp_server, time_zone and logo into the running
  // configuration; the files and pages follow at once, with a new sync value. nullopt, or why not
  // (an unreadable logo: nothing changed).
  Status adopt(const config::Config& fresh);

  const PhoneActivity& activity() const { return *activity_; }
  const std::string& sync() const { return *sync_; }

 private:
  Result<std::string> renderLogo(const config::ProvisioningConfig& provisioning) const;

  config::Config& config_;
  net::EventLoop& loop_;
  std::shared_ptr<std::string> sync_;
  std::unique_ptr<PhoneActivity> activity_;
  std::unique_ptr<tftp::FirmwareDirectory> firmware_;
  std::unique_ptr<provisioning::CiscoFileSource> ciscoFiles_;
  std::unique_ptr<provisioning::CiscoFileSource> ciscoDefaults_;
  std::unique_ptr<tftp::SourceChain> files_;
  std::unique_ptr<tftp::TftpServer> tftp_;
  std::unique_ptr<PhoneServices> services_;
  std::unique_ptr<http::HttpServer> http_;
};

}  // namespace sb::app
