// SPDX-License-Identifier: MIT
#pragma once
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "app/ctl_commands.h"
#include "telephony/call/call_engine.h"

namespace sb::app {

// The calls in progress as `ctl calls` shows them, read once from the call engine; the ctl's JSON
// and text (and any other console) render this.
struct CallListReadModel {
  std::vector<call::CallSummary> calls;
};

CallListReadModel readCalls(const CtlContext& context);
// interface.md's `ctl calls --json` array.
nlohmann::json callsJson(const CallListReadModel& calls);
std::string callsText(const CallListReadModel& calls);

}  // namespace sb::app
