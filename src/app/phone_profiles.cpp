// SPDX-License-Identifier: MIT
#include "app/phone_profiles.h"

#include <cstdio>
#include <fstream>
#include <iterator>

#include "net/cidr.h"

namespace sb::app {

std::vector<provisioning::PhoneProfile> phoneProfiles(const config::Config& config) {
  std::vector<provisioning::PhoneProfile> out;
  for (const auto& phone : config.phones) {
    provisioning::PhoneProfile p{phone.mac, phone.model, phone.label, phone.password, {}};
    for (const auto& number : phone.lines) {
      const auto* ext = config.findExtension(number);
      if (ext == nullptr) continue;  // `check` refuses such a line; nothing to provision
      p.lines.push_back({ext->number, ext->name, ext->secret});
    }
    out.push_back(std::move(p));
  }
  return out;
}

SiteProfiles::SiteProfiles(const config::Config& config, std::shared_ptr<const std::string> sync, bool http)
    : config_(config), sync_(std::move(sync)), http_(http) {
  for (const auto& listen : config.sip.listen) {
    if (listen.kind == net::TransportKind::Udp) {
      sipPort_ = listen.port;
      break;
    }
  }
  for (const auto& ext : config.extensions) numbers_.push_back(ext.number);
  for (const auto& group : config.ringGroups) numbers_.push_back(group.number);
}

provisioning::SiteProfile SiteProfiles::operator()(const net::SocketAddress& phone) {
  provisioning::SiteProfile site;
  const bool outside = !config_.sip.externalAddress.empty() && !phone.ip.is_unspecified() &&
                       !net::anyContains(config_.sip.localNetworks, phone.ip);
  const std::string local = net::ipText(routes_.sourceFor(phone.ip));
  const std::string ours = outside ? config_.sip.externalAddress : local;
  site.proxyAddress = ours;
  site.proxyPort = sipPort_;
  site.domain = config_.pbx.domain;
  site.imageVersion = config_.provisioning.imageVersion;
  site.sntpServer = config_.provisioning.sntpServer;
  site.timeZone = config_.provisioning.timeZone;
  if (http_ && config_.provisioning.httpListen) {
    site.httpBase = "http://" + ours + ":" + std::to_string(config_.provisioning.httpListen->port);
  }
  site.natAddress = outside ? config_.sip.externalAddress : std::string{};
  site.sync = *sync_;
  site.registerExpires = static_cast<std::uint32_t>(std::max<std::int64_t>(120, config_.sip.minExpires.count()));
  site.numbers = numbers_;
  return site;
}

std::string configurationSync(const config::Config& config) {
  std::ifstream in(config.file, std::ios::binary);
  const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  // FNV-1a, 64 bits: stable across runs and builds, unlike std::hash.
  std::uint64_t h = 0xcbf29ce484222325ull;
  for (unsigned char c : text) {
    h ^= c;
    h *= 0x100000001b3ull;
  }
  char out[17];
  std::snprintf(out, sizeof out, "%016llx", static_cast<unsigned long long>(h));
  return out;
}

}  // namespace sb::app
