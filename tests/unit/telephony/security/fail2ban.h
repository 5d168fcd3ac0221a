// SPDX-License-Identifier: MIT
#pragma once
#include <cstdio>
#include <filesystem>
#include <string>
#include <vector>

namespace sb::security::testing {

inline constexpr const char* kAsteriskFilter = "/etc/fail2ban/filter.d/asterisk.conf";

struct Fail2banResult {
  int exitStatus = -1;
  std::vector<std::string> hosts;  // one per matched line, in file order
};

// Runs Debian's stock fail2ban-regex with the stock asterisk filter over `log` and returns the
// host it would ban for each matching line. fail2ban is a declared dependency (install-deps), so
// a missing tool fails the test instead of skipping it.
inline Fail2banResult fail2banHosts(const std::filesystem::path& log) {
  Fail2banResult result;
  const std::string command = "fail2ban-regex -o ip '" + log.string() + "' " + kAsteriskFilter + " 2>&1";
  FILE* pipe = ::popen(command.c_str(), "r");
  if (pipe == nullptr) return result;
  std::string output;
  char buf[4096];
  while (std::size_t n = std::fread(buf, 1, sizeof buf, pipe)) output.append(buf, n);
  result.exitStatus = ::pclose(pipe);
  std::size_t start = 0;
  while (start < output.size()) {
    std::size_t end = output.find('\n', start);
    if (end == std::string::npos) end = output.size();
    if (end > start) result.hosts.push_back(output.substr(start, end - start));
    start = end + 1;
  }
  return result;
}

}  // namespace sb::security::testing
