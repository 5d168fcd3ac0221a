// SPDX-License-Identifier: MIT
#pragma once
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "app/config/config_loader.h"
#include "base/random.h"

namespace sb::config::testing {

// A scratch directory for configuration files, removed at the end.
class ConfigDir {
 public:
  ConfigDir()
      : path_(std::filesystem::temp_directory_path() / ("sb-config-" + random::token(12))) {
    std::filesystem::create_directories(path_);
  }
  ~ConfigDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  ConfigDir(const ConfigDir&) = delete;
  ConfigDir& operator=(const ConfigDir&) = delete;

  const std::filesystem::path& path() const { return path_; }

  // Writes `text` to NAME in the directory and returns the file's path.
  std::filesystem::path write(const std::string& text, const std::string& name = "sb.toml") const {
    const auto file = path_ / name;
    std::ofstream(file, std::ios::binary) << text;
    return file;
  }

  // Writes and loads; the problems as printed, "FILE:LINE: key: reason".
  std::vector<std::string> problems(const std::string& text) const {
    std::vector<std::string> out;
    for (const auto& p : ConfigLoader::load(write(text)).problems) out.push_back(p.toString());
    return out;
  }

  // "FILE:LINE: " for the default file name, to build expected lines.
  std::string at(int line) const { return (path_ / "sb.toml").string() + ":" + std::to_string(line) + ": "; }

 private:
  std::filesystem::path path_;
};

// The smallest valid file; tests append tables to it. Its [pbx] is lines 1-2.
inline const std::string kMinimal = "[pbx]\ndomain = \"voip.example.local\"\n";

}  // namespace sb::config::testing
