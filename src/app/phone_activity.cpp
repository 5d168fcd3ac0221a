// SPDX-License-Identifier: MIT
#include "app/phone_activity.h"

#include "base/text.h"

namespace sb::app {

PhoneActivity::PhoneActivity(std::vector<std::string> macs, const Clock& clock) : clock_(clock) {
  for (auto& mac : macs) phones_.emplace(std::move(mac), Phone{});
}

std::optional<std::string> PhoneActivity::macNamedIn(const std::string& file) const {
  const std::string upper = text::upper(file);
  for (const auto& [mac, phone] : phones_) {
    if (upper.find(mac) != std::string::npos) return mac;
  }
  return std::nullopt;
}

void PhoneActivity::onTftp(const tftp::TftpEvent& event) {
  const std::string ip = event.peer.ipString();
  std::optional<std::string> mac = macNamedIn(event.file);
  if (mac) {
    byAddress_[ip] = *mac;
  } else if (auto it = byAddress_.find(ip); it != byAddress_.end()) {
    mac = it->second;
  }
  if (!mac) return;
  Phone& phone = phones_[*mac];
  phone.address = event.peer;
  std::string result = "sent";
  if (event.kind == tftp::TftpEvent::Kind::Failed) result = "failed: " + event.reason;
  if (event.kind == tftp::TftpEvent::Kind::Refused) result = "refused: " + event.reason;
  phone.fetches.push_back(Fetch{event.file, clock_.systemNow(), std::move(result), event.bytes});
  while (phone.fetches.size() > kKept) phone.fetches.pop_front();
}

void PhoneActivity::track(const std::vector<std::string>& macs) {
  std::map<std::string, Phone> kept;
  for (const auto& mac : macs) {
    auto it = phones_.find(mac);
    kept.emplace(mac, it == phones_.end() ? Phone{} : std::move(it->second));
  }
  phones_ = std::move(kept);
  std::erase_if(byAddress_, [&](const auto& entry) { return !phones_.count(entry.second); });
}

const PhoneActivity::Phone* PhoneActivity::phone(const std::string& mac) const {
  auto it = phones_.find(mac);
  return it == phones_.end() ? nullptr : &it->second;
}

}  // namespace sb::app
