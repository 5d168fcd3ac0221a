// SPDX-License-Identifier: MIT
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "app/ctl_commands.h"
#include "telephony/registrar/binding.h"

namespace sb::app {

// One registered contact as `ctl registrations` shows it.
struct RegistrationRow {
  std::string aor;
  std::string contact;
  std::string source;     // the flow it registered by
  std::string userAgent;  // "" when it sent none
  std::int64_t expiresIn = 0;
  registrar::Reachability reachability = registrar::Reachability::Unknown;
  double rttMs = 0;  // meaningful only when reachable
};

// Every registered contact, by AOR then contact, read once from the registrar; the ctl's JSON and
// text (and any other console) render this.
struct RegistrationListReadModel {
  std::vector<RegistrationRow> rows;
};

RegistrationListReadModel readRegistrations(const CtlContext& context);
// interface.md's `ctl registrations --json` array.
nlohmann::json registrationsJson(const RegistrationListReadModel& registrations);
std::string registrationsText(const RegistrationListReadModel& registrations);

}  // namespace sb::app
