// SPDX-License-Identifier: MIT
#pragma once
#include <cstdint>
#include <string>
#include <vector>

namespace sb::provisioning {

// What the Cisco file generators need, as plain values: provisioning does not read the
// configuration itself (app builds these from it, per requesting phone).

// One line key: the extension it registers as.
struct LineProfile {
  std::string number;       // line name, auth name and the user part the phone registers
  std::string displayName;  // caller ID name; "" = the number
  std::string secret;       // digest password
};

struct PhoneProfile {
  std::string mac;    // 12 upper-case hex digits
  std::string model;  // "cisco-7960", "cisco-7940", "cisco-7961", ...
  std::string label;  // top-right of the screen
  std::string password;  // phone_password (settings unlock and console)
  std::vector<LineProfile> lines;
};

// The system as one phone sees it.
struct SiteProfile {
  std::string proxyAddress;        // where the phone registers: our address as it reaches us
  std::uint16_t proxyPort = 5060;
  std::string domain;              // SIP domain, shown nowhere but kept in comments
  std::string imageVersion;        // e.g. "P0S3-8-12-00"
  std::string sntpServer;          // "" = none
  std::string timeZone;            // "EST", "GMT", ...
  std::string httpBase;            // "http://192.0.2.1:8088" or "" when HTTP for phones is off
  std::string natAddress;          // set when the phone is outside local_networks: our public address
  std::string sync;                // compared by the phone on check-sync; at most 32 characters
  std::uint32_t registerExpires = 120;  // short: a NAT mapping must not outlive it unnoticed
  // Numbering in use, for the dial plan: extensions and ring groups, and the feature codes.
  std::vector<std::string> numbers;
};

}  // namespace sb::provisioning
