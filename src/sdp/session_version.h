// SPDX-License-Identifier: MIT
#pragma once
#include "sdp/session_description.h"

// The o= rules of RFC 3264 §8 for the descriptions we send in one dialog: the same origin every
// time, its version one higher whenever the description changed, unchanged when it did not.
namespace sb::sdp {

// One higher (RFC 3264 §8: "MUST be ... incremented by one"); wraps at 2^64 - 1, which no dialog
// reaches.
void bumpSessionVersion(Origin& origin);

// Makes `next`, a description we are about to send in a dialog where we last sent `previous`,
// follow §8: it takes previous's o= whole, and its version is bumped when anything else differs
// from previous (§8: a re-offer that changes nothing keeps the version). Returns whether it was
// bumped.
bool continueSession(SessionDescription& next, const SessionDescription& previous);

}  // namespace sb::sdp
