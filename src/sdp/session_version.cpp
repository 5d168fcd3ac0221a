// SPDX-License-Identifier: MIT
#include "sdp/session_version.h"

namespace sb::sdp {

void bumpSessionVersion(Origin& origin) { ++origin.sessionVersion; }

bool continueSession(SessionDescription& next, const SessionDescription& previous) {
  next.origin = previous.origin;
  if (serialize(next) == serialize(previous)) return false;
  bumpSessionVersion(next.origin);
  return true;
}

}  // namespace sb::sdp
