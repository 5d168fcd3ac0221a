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

}  // namespace sb::sip::headers
