// SPDX-License-Identifier: MIT
#pragma once
#include <memory>
#include <string>
#include <string_view>

#include "base/result.h"

namespace sb {

// A log file written by whole lines: lines gather in memory and reach the file in one write(2)
// at flush(), when the buffer grows past 64 KiB, and on destruction. Opened O_APPEND, so a
// logrotate `copytruncate` or a reader such as fail2ban sees whole lines only. Single-threaded.
class AppendFile {
 public:
  // Opens (creating, mode 0640) `path` for appending.
  static Result<std::unique_ptr<AppendFile>> open(const std::string& path);
  ~AppendFile();
  AppendFile(const AppendFile&) = delete;
  AppendFile& operator=(const AppendFile&) = delete;

  // Adds `line` and a newline.
  void appendLine(std::string_view line);
  void flush();

 private:
  explicit AppendFile(int fd) : fd_(fd) {}

  int fd_;
  std::string pending_;
};

}  // namespace sb
