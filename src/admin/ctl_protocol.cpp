// SPDX-License-Identifier: MIT
#include "admin/ctl_protocol.h"

#include <nlohmann/json.hpp>

namespace sb::admin {

using nlohmann::json;

std::string encodeRequest(const CtlRequest& request) {
  return json{{"command", request.command}, {"args", request.args}, {"json", request.json}}.dump() + "\n";
}

std::optional<CtlRequest> decodeRequest(std::string_view line) {
  auto j = json::parse(line, nullptr, /*allow_exceptions=*/false);
  if (!j.is_object() || !j.contains("command") || !j["command"].is_string()) return std::nullopt;
  CtlRequest r;
  r.command = j["command"].get<std::string>();
  if (j.contains("args")) {
    if (!j["args"].is_array()) return std::nullopt;
    for (const auto& a : j["args"]) {
      if (!a.is_string()) return std::nullopt;
      r.args.push_back(a.get<std::string>());
    }
  }
  if (j.contains("json") && j["json"].is_boolean()) r.json = j["json"].get<bool>();
  return r;
}

std::string encodeReply(const CtlReply& reply) {
  return json{{"status", reply.status}, {"output", reply.output}}.dump(-1, ' ', false, json::error_handler_t::replace) + "\n";
}

std::optional<CtlReply> decodeReply(std::string_view line) {
  auto j = json::parse(line, nullptr, false);
  if (!j.is_object() || !j.contains("status") || !j["status"].is_number_integer() ||
      !j.contains("output") || !j["output"].is_string())
    return std::nullopt;
  return CtlReply{j["status"].get<int>(), j["output"].get<std::string>()};
}

}  // namespace sb::admin
