// SPDX-License-Identifier: MIT
#pragma once
#include <string>

#include "base/result.h"
#include "app/config/config.h"
#include "app/phone_profiles.h"
#include "app/voicemail_service.h"
#include "net/http/http_server.h"
#include "telephony/feature/forward/call_settings_book.h"
#include "telephony/registrar/registrar.h"

namespace sb::app {

// What the phones' HTTP URLs answer (all CallManager XML 3.0, ISO-8859-1):
//   /cisco/directory          search form (CiscoIPPhoneInput) submitting to /cisco/directory/list
//   /cisco/directory/list     the extensions and ring groups matching `q`, 32 a page, `page` from
//                             0, a Refresh header naming the next page
//   /cisco/services?mac=MAC   the phone's menu: its first line's voicemail count, do not disturb
//                             and forward-all, who is registered
//   /cisco/services/voicemail the first line's messages (who, when, how long, new or heard)
//   /cisco/services/dnd, /forward, /forward/set, /registered   the menu's actions and pages
//   /cisco/logo.bmp           the 90×56 four-grey logo
// Changing a setting is allowed only from an address the phone's lines are registered from.
class PhoneServices {
 public:
  PhoneServices(const config::Config& config, registrar::Registrar& registrar, feature::CallSettingsBook& settings,
                VoicemailService& voicemail, SiteProfiles sites, std::string logoBmp);
  http::Response handle(const http::Request& request);
  void setLogo(std::string bmp) { logo_ = std::move(bmp); }

 private:
  http::Response directorySearch(const http::Request& request, const std::string& base);
  http::Response directoryList(const http::Request& request, const std::string& base);
  http::Response services(const http::Request& request, const std::string& base);
  http::Response setDnd(const http::Request& request, const std::string& base);
  http::Response forwardForm(const http::Request& request, const std::string& base);
  http::Response setForward(const http::Request& request, const std::string& base);
  http::Response registered();
  http::Response voicemailList(const http::Request& request);
  // The [[phone]] named by ?mac=, if the request comes from where its lines are registered; else
  // a failure with code 404 (no such phone) or 403 (asked from elsewhere).
  Result<const config::PhoneConfig*> callingPhone(const http::Request& request) const;

  const config::Config& config_;
  registrar::Registrar& registrar_;
  feature::CallSettingsBook& settings_;
  VoicemailService& voicemail_;
  SiteProfiles sites_;
  std::string logo_;
};

}  // namespace sb::app
