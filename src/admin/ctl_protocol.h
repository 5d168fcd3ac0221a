// SPDX-License-Identifier: MIT
#pragma once
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace sb::admin {

// One ctl exchange over DATA/control.sock: the client writes one JSON line
// {"command": "...", "args": [...], "json": bool} and the server answers one JSON line
// {"status": N, "output": "..."} and closes. Kept tiny so `socat` can speak it too.
struct CtlRequest {
  std::string command;
  std::vector<std::string> args;
  bool json = false;
};

struct CtlReply {
  int status = 0;  // the client's exit code
  std::string output;
};

std::string encodeRequest(const CtlRequest& request);
std::optional<CtlRequest> decodeRequest(std::string_view line);
std::string encodeReply(const CtlReply& reply);
std::optional<CtlReply> decodeReply(std::string_view line);

constexpr std::size_t kMaxCtlRequestBytes = 4096;

}  // namespace sb::admin
