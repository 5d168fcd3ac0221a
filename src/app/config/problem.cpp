// SPDX-License-Identifier: MIT
#include "app/config/problem.h"

#include <algorithm>

namespace sb::config {

std::string Problem::toString() const {
  std::string out = file;
  // Appended, not ":" + std::to_string(line): GCC 12 at -O3 reports a bogus overlap in that
  // operator+ (-Wrestrict, GCC bug 105651).
  if (line > 0) out.append(":").append(std::to_string(line));
  return out + ": " + key + ": " + reason;
}

void ProblemList::add(int line, std::string key, std::string reason, int column) {
  problems_.push_back(Problem{file_, line, std::move(key), std::move(reason), column});
}

std::vector<Problem> ProblemList::take() {
  std::stable_sort(problems_.begin(), problems_.end(),
                   [](const Problem& a, const Problem& b) {
                     return a.line != b.line ? a.line < b.line : a.column < b.column;
                   });
  return std::move(problems_);
}

}  // namespace sb::config
