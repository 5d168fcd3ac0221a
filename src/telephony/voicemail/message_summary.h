// SPDX-License-Identifier: MIT
#pragma once
#include <string>

#include "storage/voicemail_repository.h"

namespace sb::voicemail {

// The RFC 3842 §5.2 application/simple-message-summary body that lights (or darkens) a phone's
// message lamp: Messages-Waiting, the account to call for them (*97 at our domain) and the voice
// message counts as new/old.
std::string messageSummary(const storage::VoicemailCounts& counts, const std::string& accountUri);

}  // namespace sb::voicemail
