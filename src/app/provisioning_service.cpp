// SPDX-License-Identifier: MIT
#include "app/provisioning_service.h"

#include "app/phone_profiles.h"
#include "base/log.h"
#include "provisioning/cisco/phone_logo.h"

namespace sb::app {

namespace {

std::vector<std::string> macsOf(const config::Config& config) {
  std::vector<std::string> macs;
  for (const auto& phone : config.phones) macs.push_back(phone.mac);
  return macs;
}

}  // namespace

ProvisioningService::ProvisioningService(config::Config& config, net::EventLoop& loop)
    : config_(config),
      loop_(loop),
      sync_(std::make_shared<std::string>(configurationSync(config))),
      activity_(std::make_unique<PhoneActivity>(macsOf(config), loop.clock())) {}

Status ProvisioningService::openTftp() {
  if (!config_.provisioning.tftpListen) return {};
  firmware_ = std::make_unique<tftp::FirmwareDirectory>(config_.provisioning.firmwareDir);
  const SiteProfiles sites(config_, sync_, config_.provisioning.httpListen.has_value());
  ciscoFiles_ = std::make_unique<provisioning::CiscoFileSource>(phoneProfiles(config_), sites);
  ciscoDefaults_ = std::make_unique<provisioning::CiscoFileSource>(
      std::vector<provisioning::PhoneProfile>{}, sites, provisioning::CiscoFileSource::Files::Defaults);
  files_ = std::make_unique<tftp::SourceChain>(
      std::vector<tftp::FileSource*>{ciscoFiles_.get(), firmware_.get(), ciscoDefaults_.get()});
  auto opened = tftp::TftpServer::open(loop_.io(), loop_.timers(), *config_.provisioning.tftpListen, *files_, {},
                                       [this](const tftp::TftpEvent& event) { activity_->onTftp(event); });
  if (!opened) return opened.failure();
  tftp_ = std::move(*opened);
  SB_LOG_NOTICE("TFTP on {} serving {}", tftp_->localAddress().toString(), config_.provisioning.firmwareDir.string());
  return {};
}

Result<std::string> ProvisioningService::renderLogo(const config::ProvisioningConfig& provisioning) const {
  provisioning::GreyImage logo = provisioning::defaultLogo();
  if (!provisioning.logo.empty()) {
    auto image = provisioning::loadImage(provisioning.logo.string());
    if (!image) return fail(config_.file.string() + ": logo: " + image.error());
    logo = std::move(*image);
  }
  return provisioning::logoBmp(provisioning::toFourGreys(logo));
}

Status ProvisioningService::openHttp(registrar::Registrar& registrar, feature::CallSettingsBook& settings,
                                     VoicemailService& voicemail) {
  if (!config_.provisioning.httpListen) return {};
  auto bmp = renderLogo(config_.provisioning);
  if (!bmp) return bmp.failure();
  services_ = std::make_unique<PhoneServices>(config_, registrar, settings, voicemail,
                                              SiteProfiles(config_, sync_, true), std::move(*bmp));
  auto opened = http::HttpServer::open(loop_.io(), *config_.provisioning.httpListen,
                                       [this](const http::Request& request) { return services_->handle(request); });
  if (!opened) return opened.failure();
  http_ = std::move(*opened);
  SB_LOG_NOTICE("HTTP for the phones on {}", http_->localAddress().toString());
  return {};
}

Status ProvisioningService::adopt(const config::Config& fresh) {
  std::string bmp;
  if (services_) {
    auto rendered = renderLogo(fresh.provisioning);
    if (!rendered) return rendered.failure();
    bmp = std::move(*rendered);
  }
  config_.phones = fresh.phones;
  config_.provisioning.imageVersion = fresh.provisioning.imageVersion;
  config_.provisioning.sntpServer = fresh.provisioning.sntpServer;
  config_.provisioning.timeZone = fresh.provisioning.timeZone;
  config_.provisioning.logo = fresh.provisioning.logo;
  *sync_ = configurationSync(config_);
  if (ciscoFiles_) ciscoFiles_->setPhones(phoneProfiles(config_));
  if (services_) services_->setLogo(std::move(bmp));
  activity_->track(macsOf(config_));
  return {};
}

}  // namespace sb::app
