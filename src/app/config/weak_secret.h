// SPDX-License-Identifier: MIT
#pragma once
#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace sb::config {

// Shortest secret a person may write into the file. SIP digest passwords are attacked offline
// from one sniffed REGISTER, and online by scanners (friendly-scanner, sipvicious) that try
// extension numbers and common passwords all day; 12 characters is the floor NIST SP 800-63B
// leaves for memorised secrets with rate limiting, which is what fail2ban gives us.
constexpr std::size_t kMinSecretLength = 12;

// Why `secret` (written for extension `number`) is too weak to accept, or nullopt if it is not:
// "shorter than 12 characters", "made from the extension number", "a repeated pattern",
// "a keyboard or counting sequence", "a commonly used password". Case is ignored, as are digits
// and punctuation stuck on a common word ("Password2024!").
std::optional<std::string> weakSecretReason(std::string_view secret, std::string_view number);

// The embedded list of common passwords, lower case (common_passwords.cpp).
std::span<const std::string_view> commonPasswords();

}  // namespace sb::config
