// SPDX-License-Identifier: MIT
// Layering probe: the call engine's header. Builds only in a library that declares sb_call.
#include "telephony/call/call.h"

namespace sb::probe {
int includesCall() { return static_cast<int>(sb::call::CallId{1}); }
}  // namespace sb::probe
