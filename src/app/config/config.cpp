// SPDX-License-Identifier: MIT
#include "app/config/config.h"

#include <array>

#include "base/text.h"

namespace sb::config {

std::string ListenSpec::toString() const {
  std::string out = text::lower(net::transportName(kind)) + ":";
  if (host.find(':') != std::string::npos) out += "[" + host + "]";
  else out += host;
  return out + ":" + std::to_string(port);
}

const ExtensionConfig* Config::findExtension(std::string_view number) const {
  for (const auto& e : extensions)
    if (e.number == number) return &e;
  return nullptr;
}

const PhoneConfig* Config::findPhone(std::string_view mac) const {
  for (const auto& p : phones)
    if (p.mac == mac) return &p;
  return nullptr;
}

namespace {
constexpr std::array<std::pair<std::string_view, log::Level>, 5> kLevels = {{
    {"debug", log::Level::Debug},
    {"verbose", log::Level::Verbose},
    {"notice", log::Level::Notice},
    {"warning", log::Level::Warning},
    {"error", log::Level::Error},
}};
}  // namespace

std::optional<log::Level> logLevelFromName(std::string_view name) {
  for (const auto& [n, level] : kLevels)
    if (text::iequals(n, name)) return level;
  return std::nullopt;
}

std::string_view logLevelConfigName(log::Level level) {
  for (const auto& [n, l] : kLevels)
    if (l == level) return n;
  return "notice";
}

const std::vector<PhoneModel>& knownPhoneModels() {
  // Line keys per model: the 7940/7941 have 2, the 7960/7961 have 6, the 7971 has 8.
  static const std::vector<PhoneModel> kModels = {
      {"cisco-7940", 2}, {"cisco-7941", 2}, {"cisco-7960", 6}, {"cisco-7961", 6}, {"cisco-7971", 8},
  };
  return kModels;
}

const PhoneModel* findPhoneModel(std::string_view name) {
  for (const auto& m : knownPhoneModels())
    if (m.name == name) return &m;
  return nullptr;
}

}  // namespace sb::config
