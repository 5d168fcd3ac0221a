// SPDX-License-Identifier: MIT
#pragma once
#include <optional>
#include <string>
#include <string_view>

namespace sb::tftp {

// The name a phone asked for, as a key into the server's flat, read-only root: one optional
// leading "./" removed (Cisco phones ask for "./SIP<MAC>.cnf" when tftp_cfg_dir is set), then
// only letters, digits, '.', '-' and '_' are allowed, with no leading dot and at most 128
// characters. So no "..", no absolute path, no sub-folder, no %-encoding, no NUL or control
// character reaches a file lookup. nullopt means: refuse (RFC 1350 error 2, access violation).
// Matching is done without regard to case by the file sources (phones mix SEP/sep, .cnf/.CNF).
std::optional<std::string> normalizeFileName(std::string_view requested);

}  // namespace sb::tftp
