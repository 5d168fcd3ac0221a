// SPDX-License-Identifier: MIT
#pragma once
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace sb::provisioning {

// CallManager XML 3.0 objects the 79x0 SIP firmware shows (shared reference cisco-79xx.md §1.4),
// as ISO-8859-1 text: names are converted from UTF-8 (what cannot be shown becomes '?'), escaped,
// and cut to the phones' limits.

struct DirectoryEntry {
  std::string name;
  std::string telephone;
};

// One page of a CiscoIPPhoneDirectory: at most 32 entries (the phone's limit).
constexpr std::size_t kDirectoryPageSize = 32;
std::string directoryXml(std::string_view title, std::string_view prompt, const std::vector<DirectoryEntry>& page);

// A CiscoIPPhoneInput asking for one text field, submitted by GET to `url` as `param`.
std::string inputXml(std::string_view title, std::string_view prompt, std::string_view url,
                     std::string_view label, std::string_view param, std::string_view flags);

struct MenuItem {
  std::string name;
  std::string url;
};
// A CiscoIPPhoneMenu (at most 100 items, names cut to 64 characters).
std::string menuXml(std::string_view title, std::string_view prompt, const std::vector<MenuItem>& items);

// A CiscoIPPhoneText.
std::string textXml(std::string_view title, std::string_view prompt, std::string_view text);

// UTF-8 to ISO-8859-1 for the phone's screen; invalid or unshowable characters become '?'.
std::string toLatin1(std::string_view utf8);

}  // namespace sb::provisioning
