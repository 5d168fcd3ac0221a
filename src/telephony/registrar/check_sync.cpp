// SPDX-License-Identifier: MIT
#include "telephony/registrar/check_sync.h"

#include "telephony/registrar/binding_request.h"

namespace sb::registrar {

std::size_t CheckSyncNotifier::notify(const std::string& aor) {
  std::size_t sent = 0;
  for (const Binding* b : bindings_.bindingsOf(aor)) {
    auto notify = requestToBinding(sip::Method::Notify, "NOTIFY", *b, domain_, userAgent_, routes_);
    notify.addHeader("Event", "check-sync");
    notify.addHeader("Subscription-State", "terminated");
    transactions_.sendRequest(std::move(notify), b->flow, [](const sip::ClientEvent&) {});
    ++sent;
  }
  return sent;
}

}  // namespace sb::registrar
