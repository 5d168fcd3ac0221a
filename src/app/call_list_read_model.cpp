// SPDX-License-Identifier: MIT
#include "app/call_list_read_model.h"

#include "admin/text_table.h"

namespace sb::app {

using nlohmann::json;

CallListReadModel readCalls(const CtlContext& c) { return CallListReadModel{c.calls.liveCalls()}; }

json callsJson(const CallListReadModel& model) {
  json data = json::array();
  for (const auto& call : model.calls) {
    data.push_back({{"id", call.id}, {"caller", call.caller}, {"dialled", call.dialled},
                    {"callee", call.callee}, {"state", call.state}, {"seconds", call.seconds},
                    {"caller_codec", call.callerCodec}, {"callee_codec", call.calleeCodec},
                    {"packets_caller_to_callee", call.packets.callerToCallee},
                    {"packets_callee_to_caller", call.packets.calleeToCaller},
                    {"media_in_kernel", call.packets.inKernel}});
  }
  return data;
}

std::string callsText(const CallListReadModel& model) {
  admin::TextTable table({"Id", "Caller", "Dialled", "Callee", "State", "Seconds", "Codecs", "Packets"});
  for (const auto& call : model.calls) {
    table.add({std::to_string(call.id), call.caller, call.dialled, call.callee, call.state,
               std::to_string(call.seconds),
               call.callerCodec.empty() ? "-" : call.callerCodec + "/" + call.calleeCodec,
               std::to_string(call.packets.callerToCallee) + "/" + std::to_string(call.packets.calleeToCaller) +
                   (call.packets.inKernel ? " (kernel)" : "")});
  }
  return table.render() + std::to_string(model.calls.size()) + " active calls\n";
}

}  // namespace sb::app
