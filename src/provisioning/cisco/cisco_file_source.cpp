// SPDX-License-Identifier: MIT
#include "provisioning/cisco/cisco_file_source.h"

#include <memory>

#include "base/text.h"
#include "provisioning/cisco/cisco_files.h"

namespace sb::provisioning {
namespace {

// The MAC in NAME between `prefix` and `suffix` (both upper case), if NAME has that shape.
std::optional<std::string> macIn(const std::string& name, std::string_view prefix, std::string_view suffix) {
  if (name.size() != prefix.size() + 12 + suffix.size() || !name.starts_with(prefix) || !name.ends_with(suffix)) {
    return std::nullopt;
  }
  return name.substr(prefix.size(), 12);
}

tftp::ServedFile served(std::string name, std::string text) {
  return tftp::ServedFile{std::make_shared<const std::string>(std::move(text)), std::move(name)};
}

}  // namespace

CiscoFileSource::CiscoFileSource(std::vector<PhoneProfile> phones, SiteFor site, Files files)
    : phones_(std::move(phones)), site_(std::move(site)), files_(files) {}

const PhoneProfile* CiscoFileSource::phoneFor(std::string_view mac) const {
  for (const auto& p : phones_) {
    if (p.mac == mac) return &p;
  }
  return nullptr;
}

std::optional<tftp::ServedFile> CiscoFileSource::find(std::string_view requested, const net::SocketAddress& requester) {
  const std::string name = text::upper(requested);
  if (files_ == Files::Defaults) {
    if (name == "OS79XX.TXT") return served("OS79XX.TXT", os79xxTxt(site_(requester)));
    if (name == "RINGLIST.DAT") return served("RINGLIST.DAT", ringlistDat());
    return std::nullopt;
  }
  if (name == "SIPDEFAULT.CNF") return served("SIPDefault.cnf", sipDefaultCnf(site_(requester)));
  if (name == "SYNCINFO.XML") return served("syncinfo.xml", syncinfoXml(site_(requester)));
  if (name == "DIALPLAN.XML") return served("dialplan.xml", dialplanXml(site_(requester)));
  if (const auto mac = macIn(name, "SIP", ".CNF")) {
    const PhoneProfile* phone = phoneFor(*mac);
    if (phone && !readsXmlConfig(phone->model)) return served("SIP" + *mac + ".cnf", sipMacCnf(site_(requester), *phone));
    return std::nullopt;
  }
  if (const auto mac = macIn(name, "SEP", ".CNF.XML")) {
    const PhoneProfile* phone = phoneFor(*mac);
    if (phone) return served("SEP" + *mac + ".cnf.xml", sepCnfXml(site_(requester), *phone));
  }
  return std::nullopt;
}

}  // namespace sb::provisioning
