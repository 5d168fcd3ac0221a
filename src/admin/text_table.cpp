// SPDX-License-Identifier: MIT
#include "admin/text_table.h"

#include <algorithm>

namespace sb::admin {

std::string TextTable::render() const {
  std::vector<std::size_t> widths(headings_.size());
  for (std::size_t i = 0; i < headings_.size(); ++i) widths[i] = headings_[i].size();
  for (const auto& row : rows_)
    for (std::size_t i = 0; i < row.size() && i < widths.size(); ++i) widths[i] = std::max(widths[i], row[i].size());
  auto line = [&](const std::vector<std::string>& cells) {
    std::string out;
    for (std::size_t i = 0; i < widths.size(); ++i) {
      const std::string cell = i < cells.size() ? cells[i] : "";
      out += cell;
      if (i + 1 < widths.size()) out += std::string(widths[i] - cell.size() + 2, ' ');
    }
    while (!out.empty() && out.back() == ' ') out.pop_back();
    return out + "\n";
  };
  std::string out = line(headings_);
  for (const auto& row : rows_) out += line(row);
  return out;
}

}  // namespace sb::admin
