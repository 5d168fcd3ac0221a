// SPDX-License-Identifier: MIT
// Layering probe: a declared dependency's header (sip/message) and one of its own DEPS (base),
// seen through PUBLIC linking.
#include "base/text.h"
#include "sip/message/uri.h"

namespace sb::probe {
int includesSipAndBase() { return sizeof(sb::sip::Uri) > 0 ? 1 : 0; }
}  // namespace sb::probe
