// SPDX-License-Identifier: MIT
#pragma once
#include <vector>

#include "telephony/security/security_events.h"

namespace sb::security {

// Hands every security event to each listener added, in the order they were added (the log
// first, so a ban decided by a later listener is never written before the failure that caused
// it). Listeners are not owned and must outlive the fan-out.
class SecurityEventFanOut final : public SecurityEvents {
 public:
  void add(SecurityEvents& listener) { listeners_.push_back(&listener); }
  std::size_t size() const { return listeners_.size(); }

  void invalidAccountId(const SecurityEventContext& context) override;
  void challengeResponseFailed(const SecurityEventContext& context, std::string_view challenge,
                               std::string_view response) override;
  void challengeSent(const SecurityEventContext& context, std::string_view challenge) override;
  void successfulAuth(const SecurityEventContext& context, bool usingPassword) override;
  void failedAcl(const SecurityEventContext& context, std::string_view aclName) override;

 private:
  std::vector<SecurityEvents*> listeners_;
};

}  // namespace sb::security
