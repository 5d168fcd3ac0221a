// SPDX-License-Identifier: MIT
#pragma once
#include <string>
#include <vector>

#include "provisioning/cisco/phone_profile.h"

namespace sb::provisioning {

// The files a Cisco 79xx phone on SIP firmware reads at boot (see shared reference
// cisco-79xx.md §1.1): pure text generators, the same input giving the same bytes.

// SIPDefault.cnf: settings shared by every 7940/7960 (`name: value` lines).
std::string sipDefaultCnf(const SiteProfile& site);
// SIP<MAC>.cnf: the phone's lines, label and generated password (7940/7960).
std::string sipMacCnf(const SiteProfile& site, const PhoneProfile& phone);
// SEP<MAC>.cnf.xml: the boot file naming SIP and the image (7940/7960), or the whole
// configuration of a 7941/7961 (they read nothing else).
std::string sepCnfXml(const SiteProfile& site, const PhoneProfile& phone);
// OS79XX.TXT: the universal application loader's image name.
std::string os79xxTxt(const SiteProfile& site);
// RINGLIST.DAT: the ring tones on offer (the phone's built-in ones).
std::string ringlistDat();
// syncinfo.xml: read on check-sync; a SYNC different from the phone's makes it reboot.
std::string syncinfoXml(const SiteProfile& site);
// dialplan.xml: extensions and feature codes dial at once (after a short pause when a longer
// number starts with them), outside numbers by pattern.
std::string dialplanXml(const SiteProfile& site);

// True for the 7941/7961 family, which reads SEP<MAC>.cnf.xml only.
bool readsXmlConfig(const std::string& model);
// "IP Phone 7960" for the loadInformation model attribute.
std::string ciscoModelName(const std::string& model);
// Escapes & < > " ' for XML text and attributes.
std::string xmlEscape(std::string_view text);

}  // namespace sb::provisioning
