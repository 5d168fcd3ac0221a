// SPDX-License-Identifier: MIT
#include "telephony/security/security_event_fan_out.h"

namespace sb::security {

void SecurityEventFanOut::invalidAccountId(const SecurityEventContext& context) {
  for (auto* l : listeners_) l->invalidAccountId(context);
}

void SecurityEventFanOut::challengeResponseFailed(const SecurityEventContext& context, std::string_view challenge,
                                                  std::string_view response) {
  for (auto* l : listeners_) l->challengeResponseFailed(context, challenge, response);
}

void SecurityEventFanOut::challengeSent(const SecurityEventContext& context, std::string_view challenge) {
  for (auto* l : listeners_) l->challengeSent(context, challenge);
}

void SecurityEventFanOut::successfulAuth(const SecurityEventContext& context, bool usingPassword) {
  for (auto* l : listeners_) l->successfulAuth(context, usingPassword);
}

void SecurityEventFanOut::failedAcl(const SecurityEventContext& context, std::string_view aclName) {
  for (auto* l : listeners_) l->failedAcl(context, aclName);
}

}  // namespace sb::security
