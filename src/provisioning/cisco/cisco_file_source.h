// SPDX-License-Identifier: MIT
#pragma once
#include <functional>
#include <vector>

#include "provisioning/cisco/phone_profile.h"
#include "provisioning/tftp/file_source.h"

namespace sb::provisioning {

// The generated Cisco files as a TFTP source, under the names the phones ask for (any case):
// SIPDefault.cnf, SIP<MAC>.cnf, SEP<MAC>.cnf.xml (configured phones only), OS79XX.TXT,
// RINGLIST.DAT, syncinfo.xml, dialplan.xml. Rendered at each request from the current profiles,
// so they are never stale; the site is looked up for the phone that asks.
class CiscoFileSource final : public tftp::FileSource {
 public:
  using SiteFor = std::function<SiteProfile(const net::SocketAddress& phone)>;
  // Configuration: the files that must never be stale (SIPDefault.cnf, SIP<MAC>.cnf,
  // SEP<MAC>.cnf.xml, syncinfo.xml, dialplan.xml); served before the firmware folder.
  // Defaults: OS79XX.TXT and RINGLIST.DAT, served after it, so a user's own files (a ring list
  // naming their ring tones) win.
  enum class Files : std::uint8_t { Configuration, Defaults };
  CiscoFileSource(std::vector<PhoneProfile> phones, SiteFor site, Files files = Files::Configuration);

  std::optional<tftp::ServedFile> find(std::string_view name, const net::SocketAddress& requester) override;
  void setPhones(std::vector<PhoneProfile> phones) { phones_ = std::move(phones); }

 private:
  const PhoneProfile* phoneFor(std::string_view mac) const;

  std::vector<PhoneProfile> phones_;
  SiteFor site_;
  Files files_;
};

}  // namespace sb::provisioning
