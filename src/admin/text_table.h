// SPDX-License-Identifier: MIT
#pragma once
#include <string>
#include <vector>

namespace sb::admin {

// A plain left-aligned table for the ctl's human output, like `asterisk -rx` prints.
class TextTable {
 public:
  explicit TextTable(std::vector<std::string> headings) : headings_(std::move(headings)) {}
  void add(std::vector<std::string> row) { rows_.push_back(std::move(row)); }
  std::string render() const;

 private:
  std::vector<std::string> headings_;
  std::vector<std::vector<std::string>> rows_;
};

}  // namespace sb::admin
