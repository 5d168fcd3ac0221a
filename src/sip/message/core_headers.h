// SPDX-License-Identifier: MIT
#pragma once
#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

#include "sip/message/uri.h"

// Value parsers for the headers Message keeps in typed form, shared by MessageParser (which
// judges the wire) and Message (which re-derives its typed views after raw header edits).
// Internal to this folder.
namespace sb::sip::core {

// Appends every comma-separated value; false as soon as one does not parse (or is empty).
bool parseVias(std::string_view value, std::vector<Via>& out);
bool parseContacts(std::string_view value, std::vector<Contact>& out);

// callid = word ["@" word] (§25.1): non-empty, printable, no whitespace.
bool validCallId(std::string_view value);

// Decimal digits only; false if anything else. `value` is nullopt if it does not fit 32 bits.
bool parseDigits(std::string_view text, std::optional<std::uint32_t>& value);

// Max-Forwards is 0..255 (§20.22); a larger number is treated as absent (RFC 4475 §3.1.2.4).
std::optional<std::uint32_t> maxForwardsValue(std::string_view text, bool& malformed);

}  // namespace sb::sip::core
