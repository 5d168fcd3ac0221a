// SPDX-License-Identifier: MIT
#pragma once
#include <optional>
#include <string>
#include <string_view>

#include "app/config/config.h"

namespace sb::config {

// Syntax checks for single configuration values: each either returns the value in its normal
// form or says why it is not valid. They know nothing of files, lines or other keys.

// "udp:0.0.0.0:5060", "tcp:[::]:5060", "tls:192.168.1.2:5061": transport, IP literal, port 1-65535.
std::optional<ListenSpec> parseListenSpec(std::string_view text, std::string* why);

// "host:port" with an IP literal and a port 1-65535; "" is not accepted here (callers treat it
// as "off").
std::optional<net::SocketAddress> parseSocketAddress(std::string_view text, std::string* why);

// A MAC in any common spelling: 00:0E:84:C0:60:A6, 00-0e-84-c0-60-a6, 000e.84c0.60a6 or
// 000E84C060A6. Returns 12 upper-case hex digits without separators.
std::optional<std::string> normalizeMac(std::string_view text);

// 1-15 decimal digits (E.164 allows 15), the dialable form of an extension.
bool isExtensionNumber(std::string_view text);

// An IP literal or a DNS name (letter-digit-hyphen labels of 1-63, at most 253 characters).
bool isHostName(std::string_view text);

// 'text', in single quotes: how a problem names a value from the file. It appends, where
// "'" + std::string(text) would make GCC 12 at -O3 report a bogus overlap (-Wrestrict, GCC bug
// 105651) and fail the Release build.
std::string singleQuoted(std::string_view text);

// True if text contains ASCII control characters (line breaks, tabs, NUL, DEL), which would break
// SIP headers, phone configuration files and log lines.
bool hasControlCharacters(std::string_view text);

}  // namespace sb::config
