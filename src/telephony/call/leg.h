// SPDX-License-Identifier: MIT
#pragma once
#include <memory>
#include <string>

#include "net/socket_address.h"
#include "sip/dialog/invite_session.h"

namespace sb::call {

// One party of a call as Switchboard holds it: who it is, where its phone is, and its SIP dialog
// once there is one (an InviteSession: our 2xx until the ACK, its re-INVITEs, session timer,
// BYE). The session lives on the heap so that a leg handed to another call (attended transfer,
// pickup) keeps the very object its pending transactions and timers know. Destroying a leg
// cancels everything it had scheduled (decision 0016).
struct Leg {
  std::string party;        // the extension number
  std::string displayName;  // its display name, when known
  net::Flow flow;           // its phone's path (NAT mapping or TCP connection)
  std::unique_ptr<sip::InviteSession> session;
  std::string dialogKey;    // the session's entry in the engine's dialog index ("" = none)
  bool holding = false;     // its last offer put the other party on hold

  bool inDialog() const { return session != nullptr; }
  sip::Dialog& dialog() { return session->dialog(); }
};

}  // namespace sb::call
