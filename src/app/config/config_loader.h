// SPDX-License-Identifier: MIT
#pragma once
#include <filesystem>
#include <optional>
#include <string_view>
#include <vector>

#include "app/config/config.h"
#include "app/config/problem.h"

namespace sb::config {

// What loading a file gave: a Config when it had no problems, and otherwise every problem
// found, in file order (a person fixes them all in one go, not one per run).
struct LoadResult {
  std::optional<Config> config;
  std::vector<Problem> problems;
};

// Reads and validates the TOML configuration file. Every key left out takes a safe default;
// every key written is checked (type, range, syntax, cross-references) and unknown keys are
// problems. Paths in the file are made absolute against the file's folder. Generated secrets
// are not its business: see SecretStore.
class ConfigLoader {
 public:
  static LoadResult load(const std::filesystem::path& file);
  // The same for text already in memory; `file` names it in problems and anchors relative paths.
  static LoadResult parse(std::string_view text, const std::filesystem::path& file);
};

}  // namespace sb::config
