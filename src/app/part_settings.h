// SPDX-License-Identifier: MIT
#pragma once
#include <chrono>
#include <set>
#include <string>
#include <vector>

#include "app/config/config.h"
#include "sip/auth/digest_authenticator.h"
#include "sip/transport/transport_limits.h"
#include "telephony/accounts/account_directory.h"
#include "telephony/call/call_engine.h"
#include "telephony/feature/forward/call_settings_book.h"
#include "telephony/registrar/registrar.h"
#include "telephony/routing/ring_group.h"
#include "telephony/voicemail/voicemail.h"

namespace sb::app {

// Each part's settings, read from the configuration in one place: the composition root builds
// the parts from these and nothing else in app/ reads `config.sip.*` for them. One function per
// part, named after the settings it returns.

sip::TransportLimits transportLimits(const config::Config& config);
sip::auth::DigestAuthenticator::Options digestOptions(const config::Config& config);
std::vector<accounts::Account> accountsOf(const config::Config& config);
registrar::RegistrarSettings registrarSettings(const config::Config& config);
std::chrono::milliseconds qualifyTimeout(const config::Config& config);
call::CallSettings callEngineSettings(const config::Config& config);
std::vector<routing::RingGroup> ringGroupsOf(const config::Config& config);
// What each extension's configuration says about do not disturb and forwards (users may change
// them from their phones later; CallSettingsBook keeps both).
std::vector<std::pair<std::string, feature::CallSettings>> configuredCallSettings(const config::Config& config);
voicemail::VoicemailSettings voicemailSettings(const config::Config& config);
// The extensions with `voicemail = true`.
std::set<std::string> mailboxesOf(const config::Config& config);

}  // namespace sb::app
