// SPDX-License-Identifier: MIT
#pragma once
#include <memory>
#include <optional>
#include <string>
#include <string_view>

namespace sb::tftp {

// One file as served: its bytes (shared, so a transfer keeps them while the source moves on)
// and the name it has in the source.
struct ServedFile {
  std::shared_ptr<const std::string> bytes;
  std::string name;
};

// Where the TFTP server finds files. `name` has passed normalizeFileName(); sources match it
// without regard to case. Called on the event loop; must not block for long.
class FileSource {
 public:
  virtual ~FileSource() = default;
  virtual std::optional<ServedFile> find(std::string_view name) = 0;
};

}  // namespace sb::tftp
