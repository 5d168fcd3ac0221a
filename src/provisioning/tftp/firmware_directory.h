// SPDX-License-Identifier: MIT
#pragma once
#include <filesystem>
#include <map>
#include <memory>
#include <string>

#include "provisioning/tftp/file_source.h"

namespace sb::tftp {

// The files of `firmware_dir`, served read-only: only regular files directly in the folder (a
// symbolic link counts only when it resolves to a regular file inside the folder), matched
// without regard to case. Contents are read once and kept while the file's size and time stamp
// stay the same, so 500 phones fetching a 5 MB image read it from disk once.
class FirmwareDirectory final : public FileSource {
 public:
  explicit FirmwareDirectory(std::filesystem::path folder);
  std::optional<ServedFile> find(std::string_view name, const net::SocketAddress& requester) override;

 private:
  struct Cached {
    std::filesystem::file_time_type modified;
    std::uintmax_t size = 0;
    std::shared_ptr<const std::string> bytes;
  };
  std::filesystem::path folder_;
  std::map<std::string, Cached> cache_;  // by the file's real name
};

}  // namespace sb::tftp
