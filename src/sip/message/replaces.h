// SPDX-License-Identifier: MIT
#pragma once
#include <optional>
#include <string>
#include <string_view>

namespace sb::sip {

// RFC 3891 §6.1 Replaces: the dialog a new INVITE is to take the place of, named by its Call-ID
// and the two tags as seen by the party that receives the INVITE (to-tag is its own tag). Phones
// put it in a REFER's Refer-To (?Replaces=...) to ask for an attended transfer.
struct Replaces {
  std::string callId;
  std::string toTag;
  std::string fromTag;
  bool earlyOnly = false;  // "early-only": replace the dialog only while it is not confirmed

  // The header value, already %-decoded: callid *(;param). Both tags are required; nullopt when
  // either is missing or the Call-ID is empty.
  static std::optional<Replaces> parse(std::string_view value);
};

}  // namespace sb::sip
