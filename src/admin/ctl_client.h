// SPDX-License-Identifier: MIT
#pragma once
#include <string>

#include "admin/ctl_protocol.h"

namespace sb::admin {

// Sends one request to a running Switchboard and returns its reply; status 1 with a message when
// nobody answers on the socket.
CtlReply callCtl(const std::string& socketPath, const CtlRequest& request);

}  // namespace sb::admin
