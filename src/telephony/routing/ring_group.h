// SPDX-License-Identifier: MIT
#pragma once
#include <chrono>
#include <string>
#include <vector>

namespace sb::routing {

// One number that rings several extensions: all at once, or one after another (hunt).
struct RingGroup {
  std::string number;
  std::vector<std::string> members;
  bool hunt = false;
  std::chrono::seconds ringTime{20};  // per member when hunting, in all otherwise
  std::string noAnswer;               // where an unanswered call goes; "" = 480
};

}  // namespace sb::routing
