// SPDX-License-Identifier: MIT
#pragma once
#include <string>
#include <vector>

namespace sb::config {

// One thing wrong with a configuration file, for a person to fix: where (file and line), which
// key (a dotted path such as `sip.qualify_frequency` or `extension[1].number`) and why.
struct Problem {
  std::string file;
  int line = 0;  // 1-based; 0 when no line applies (the file cannot be read)
  std::string key;
  std::string reason;
  int column = 0;  // orders problems within a line (array elements); not printed

  // "FILE:LINE: key: reason", or "FILE: key: reason" when line is 0.
  std::string toString() const;
};

// Collects problems while a file is read, and hands them back in file order.
class ProblemList {
 public:
  explicit ProblemList(std::string file) : file_(std::move(file)) {}

  void add(int line, std::string key, std::string reason, int column = 0);
  bool empty() const { return problems_.empty(); }
  std::size_t size() const { return problems_.size(); }
  // Sorted by line and column; problems at one place keep the order they were found in.
  std::vector<Problem> take();

 private:
  std::string file_;
  std::vector<Problem> problems_;
};

}  // namespace sb::config
