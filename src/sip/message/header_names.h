// SPDX-License-Identifier: MIT
#pragma once
#include <cstdint>
#include <string_view>

// Header names: canonical long forms, compact forms (RFC 3261 §7.3.3 and extensions) and the ids
// of the headers the message keeps in typed form. Internal to this folder.
namespace sb::sip::headers {

enum class Id : std::uint8_t {
  Other, Via, From, To, CallId, CSeq, Contact, MaxForwards, Expires, ContentLength, ContentType,
};

struct Name {
  std::string_view canonical;  // the long form; the name as given when unknown
  Id id = Id::Other;
};

// Any case, long or compact form.
Name lookup(std::string_view name);

// A one-bit mask per id, for sets of ids.
constexpr std::uint32_t bit(Id id) { return std::uint32_t{1} << static_cast<unsigned>(id); }
// The core headers whose typed view is a pure function of their raw lines and which responses
// copy (RFC 3261 §8.2.6.2).
constexpr std::uint32_t kCopiedTyped =
    bit(Id::Via) | bit(Id::From) | bit(Id::To) | bit(Id::CallId) | bit(Id::CSeq);

}  // namespace sb::sip::headers
