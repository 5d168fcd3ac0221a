// SPDX-License-Identifier: MIT
#pragma once
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "net/socket_address.h"

namespace sb::tftp {

// One file as served: its bytes (shared, so a transfer keeps them while the source moves on)
// and the name it has in the source.
struct ServedFile {
  std::shared_ptr<const std::string> bytes;
  std::string name;
};

// Where the TFTP server finds files. `name` has passed normalizeFileName(); sources match it
// without regard to case. `requester` is who asks: generated files depend on it (the address a
// phone reaches us on, whether it is behind NAT). Called on the event loop; must not block long.
class FileSource {
 public:
  virtual ~FileSource() = default;
  virtual std::optional<ServedFile> find(std::string_view name, const net::SocketAddress& requester) = 0;
};

// Several sources, asked in order; the first that has the file serves it.
class SourceChain final : public FileSource {
 public:
  explicit SourceChain(std::vector<FileSource*> sources) : sources_(std::move(sources)) {}
  std::optional<ServedFile> find(std::string_view name, const net::SocketAddress& requester) override {
    for (FileSource* source : sources_) {
      if (auto file = source->find(name, requester)) return file;
    }
    return std::nullopt;
  }

 private:
  std::vector<FileSource*> sources_;
};

}  // namespace sb::tftp
