// SPDX-License-Identifier: MIT
#pragma once
#include <filesystem>

#include "app/config/config.h"
#include "app/config/toml_reader.h"

namespace sb::config {

// Readers for the server-wide tables: [pbx], [sip], [rtp], [security] and [provisioning]. Each
// checks every value of its table (and rules between them, such as qualify_timeout <
// qualify_frequency), fills `out` and leaves defaults where a key is absent or wrong. Rules that
// span tables (port clashes) belong to the loader.
void readPbx(TableReader& reader, const std::filesystem::path& baseDir, PbxConfig& out);
void readSip(TableReader& reader, SipConfig& out);
void readRtp(TableReader& reader, const std::filesystem::path& baseDir, RtpConfig& out);
void readSecurity(TableReader& reader, SecurityConfig& out);
void readVoicemail(TableReader& reader, VoicemailConfig& out);
void readProvisioning(TableReader& reader, const std::filesystem::path& baseDir,
                      ProvisioningConfig& out);

// The defaults for keys left out; documented in examples/home.toml.
std::vector<ListenSpec> defaultListen();
std::vector<net::Cidr> defaultLocalNetworks();

}  // namespace sb::config
