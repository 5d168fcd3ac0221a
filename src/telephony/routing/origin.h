// SPDX-License-Identifier: MIT
#pragma once
#include <cstdint>
#include <string>

namespace sb::routing {

// Where a call comes from, as the dial plan and the call record see it. Today every call starts
// at an extension that proved who it is; a call arriving from a provider's trunk is the next kind,
// and what it may reach is narrower (no feature codes, no mailbox menu).
struct Origin {
  enum class Kind : std::uint8_t { Extension, Trunk };

  Kind kind = Kind::Extension;
  std::string number;       // the extension, or the caller number a trunk presents
  std::string displayName;  // caller ID name
  std::string trunk;        // the trunk's name (Kind::Trunk)

  static Origin extension(std::string number, std::string displayName) {
    return Origin{Kind::Extension, std::move(number), std::move(displayName), {}};
  }
  bool isExtension() const { return kind == Kind::Extension; }
};

}  // namespace sb::routing
