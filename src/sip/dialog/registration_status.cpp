// SPDX-License-Identifier: MIT
#include "sip/dialog/registration_status.h"

namespace sb::sip {

std::string_view registrationStateName(RegistrationState state) {
  switch (state) {
    case RegistrationState::Unregistered: return "unregistered";
    case RegistrationState::Registering: return "registering";
    case RegistrationState::Registered: return "registered";
    case RegistrationState::Failed: return "failed";
    case RegistrationState::Unregistering: return "unregistering";
  }
  return "unknown";
}

}  // namespace sb::sip
