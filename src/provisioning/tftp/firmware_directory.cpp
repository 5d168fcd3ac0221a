// SPDX-License-Identifier: MIT
#include "provisioning/tftp/firmware_directory.h"

#include <fstream>
#include <iterator>
#include <system_error>

#include "base/text.h"

namespace sb::tftp {

FirmwareDirectory::FirmwareDirectory(std::filesystem::path folder) : folder_(std::move(folder)) {}

std::optional<ServedFile> FirmwareDirectory::find(std::string_view name, const net::SocketAddress& /*requester*/) {
  namespace fs = std::filesystem;
  std::error_code ec;
  const fs::path root = fs::weakly_canonical(folder_, ec);
  if (ec || !fs::is_directory(root, ec)) return std::nullopt;
  for (const auto& entry : fs::directory_iterator(root, ec)) {
    const std::string entryName = entry.path().filename().string();
    if (!text::iequals(entryName, name)) continue;
    // Whatever a link points at must be a regular file in this very folder.
    const fs::path real = fs::canonical(entry.path(), ec);
    if (ec || real.parent_path() != root || !fs::is_regular_file(real, ec)) return std::nullopt;
    const auto size = fs::file_size(real, ec);
    if (ec) return std::nullopt;
    const auto modified = fs::last_write_time(real, ec);
    if (ec) return std::nullopt;
    auto& cached = cache_[entryName];
    if (!cached.bytes || cached.size != size || cached.modified != modified) {
      std::ifstream in(real, std::ios::binary);
      if (!in) return std::nullopt;
      auto bytes = std::make_shared<std::string>(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
      cached = Cached{modified, size, std::move(bytes)};
    }
    return ServedFile{cached.bytes, entryName};
  }
  return std::nullopt;
}

}  // namespace sb::tftp
