// SPDX-License-Identifier: MIT
#include "provisioning/tftp/tftp_file_name.h"

namespace sb::tftp {

std::optional<std::string> normalizeFileName(std::string_view requested) {
  constexpr std::size_t kMaxLength = 128;
  if (requested.starts_with("./")) requested.remove_prefix(2);
  if (requested.empty() || requested.size() > kMaxLength || requested.front() == '.') return std::nullopt;
  for (char c : requested) {
    const bool allowed = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                         c == '.' || c == '-' || c == '_';
    if (!allowed) return std::nullopt;
  }
  if (requested.find("..") != std::string_view::npos) return std::nullopt;
  return std::string(requested);
}

}  // namespace sb::tftp
