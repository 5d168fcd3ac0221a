// SPDX-License-Identifier: MIT
#include "app/part_settings.h"

namespace sb::app {

sip::TransportLimits transportLimits(const config::Config& config) {
  sip::TransportLimits limits;
  limits.maxMessageBytes = config.sip.maxMessageBytes;
  limits.maxConnectionsPerAddress = config.sip.maxConnectionsPerAddress;
  return limits;
}

sip::auth::DigestAuthenticator::Options digestOptions(const config::Config& config) {
  sip::auth::DigestAuthenticator::Options options;
  options.nonceLifetime = config.sip.nonceLifetime;
  options.algorithms.clear();
  for (const auto& name : config.sip.digestAlgorithms)
    options.algorithms.push_back(name == "SHA-256" ? sip::auth::DigestAlgorithm::Sha256
                                                   : sip::auth::DigestAlgorithm::Md5);
  return options;
}

std::vector<accounts::Account> accountsOf(const config::Config& config) {
  std::vector<accounts::Account> out;
  for (const auto& extension : config.extensions) out.push_back({extension.number, extension.name, extension.secret});
  return out;
}

registrar::RegistrarSettings registrarSettings(const config::Config& config) {
  registrar::RegistrarSettings settings;
  settings.minExpires = static_cast<std::uint32_t>(config.sip.minExpires.count());
  settings.maxExpires = static_cast<std::uint32_t>(config.sip.maxExpires.count());
  settings.defaultExpires = static_cast<std::uint32_t>(config.sip.defaultExpires.count());
  settings.qualifyFrequency = config.sip.qualifyFrequency;
  return settings;
}

std::chrono::milliseconds qualifyTimeout(const config::Config& config) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(config.sip.qualifyTimeout);
}

call::CallSettings callEngineSettings(const config::Config& config) {
  call::CallSettings settings;
  settings.domain = config.pbx.domain;
  settings.userAgent = config.sip.userAgent;
  settings.ringTimeout = config.sip.ringTimeout;
  settings.maxCallLength = config.sip.maxCallLength;
  settings.rtpTimeout = config.rtp.rtpTimeout;
  return settings;
}

std::vector<routing::RingGroup> ringGroupsOf(const config::Config& config) {
  std::vector<routing::RingGroup> groups;
  for (const auto& g : config.ringGroups) groups.push_back({g.number, g.members, g.hunt, g.ringTime, g.noAnswer});
  return groups;
}

std::vector<std::pair<std::string, feature::CallSettings>> configuredCallSettings(const config::Config& config) {
  std::vector<std::pair<std::string, feature::CallSettings>> out;
  for (const auto& e : config.extensions)
    out.emplace_back(e.number, feature::CallSettings{e.dnd, e.forwardAll, e.forwardBusy, e.forwardNoAnswer});
  return out;
}

voicemail::VoicemailSettings voicemailSettings(const config::Config& config) {
  return voicemail::VoicemailSettings{config.voicemail.maxMessage, config.voicemail.minMessage,
                                      config.voicemail.maxMessages};
}

std::set<std::string> mailboxesOf(const config::Config& config) {
  std::set<std::string> mailboxes;
  for (const auto& e : config.extensions) {
    if (e.voicemail) mailboxes.insert(e.number);
  }
  return mailboxes;
}

}  // namespace sb::app
