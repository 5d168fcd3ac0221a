// SPDX-License-Identifier: MIT
#include "app/config/config_schema.h"

#include <cassert>
#include <vector>

namespace sb::config {
namespace {

constexpr std::string_view kPbx[] = {"domain", "data_dir", "log_level"};
constexpr std::string_view kSip[] = {
    "listen",        "external_address", "local_networks",
    "qualify_frequency", "qualify_timeout", "min_expires",
    "max_expires",   "default_expires",  "max_connections_per_address",
    "max_message_bytes", "nonce_lifetime", "user_agent", "digest_algorithms",
    "ring_timeout",  "max_call_length",
};
constexpr std::string_view kRtp[] = {"port_min",      "port_max",         "rtp_timeout",
                                     "bind_address",  "music_on_hold",    "kernel_forwarding"};
constexpr std::string_view kSecurity[] = {"max_retry", "find_time", "ban_time", "ignore_networks"};
constexpr std::string_view kProvisioning[] = {
    "tftp_listen", "http_listen", "firmware_dir", "image_version", "sntp_server", "time_zone", "logo",
};
constexpr std::string_view kExtension[] = {"number",       "name",         "secret",
                                           "voicemail",    "dnd",          "forward_all",
                                           "forward_busy", "forward_no_answer"};
constexpr std::string_view kVoicemail[] = {"max_message", "min_message", "max_messages"};
constexpr std::string_view kPhone[] = {"mac", "model", "label", "lines"};
constexpr std::string_view kRingGroup[] = {"number", "name", "members", "strategy", "ring_time", "no_answer"};
constexpr std::string_view kTop[] = {"pbx", "sip", "rtp", "security", "provisioning",
                                     "voicemail", "extension", "phone", "ring_group"};

const SectionSchema kSections[] = {
    {"pbx", false, kPbx},
    {"sip", false, kSip},
    {"rtp", false, kRtp},
    {"security", false, kSecurity},
    {"provisioning", false, kProvisioning},
    {"voicemail", false, kVoicemail},
    {"extension", true, kExtension},
    {"phone", true, kPhone},
    {"ring_group", true, kRingGroup},
};
const SectionSchema kTopLevel{"", false, kTop};

}  // namespace

const SectionSchema& topLevelSchema() { return kTopLevel; }

const SectionSchema& sectionSchema(std::string_view name) {
  for (const auto& s : kSections)
    if (s.name == name) return s;
  assert(false && "unknown configuration section");
  return kTopLevel;
}

std::span<const SectionSchema> allSectionSchemas() { return kSections; }

std::string tableHeader(const SectionSchema& section) {
  const std::string name(section.name);
  return section.arrayOfTables ? "[[" + name + "]]" : "[" + name + "]";
}

}  // namespace sb::config
