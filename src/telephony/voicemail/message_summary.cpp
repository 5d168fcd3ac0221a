// SPDX-License-Identifier: MIT
#include "telephony/voicemail/message_summary.h"

namespace sb::voicemail {

std::string messageSummary(const storage::VoicemailCounts& counts, const std::string& accountUri) {
  std::string body = counts.unheard > 0 ? "Messages-Waiting: yes\r\n" : "Messages-Waiting: no\r\n";
  if (!accountUri.empty()) body += "Message-Account: " + accountUri + "\r\n";
  // "new/old (urgent new/urgent old)" (RFC 3842 §5.2); nothing marks a message urgent here.
  body += "Voice-Message: " + std::to_string(counts.unheard) + "/" + std::to_string(counts.heard) + " (0/0)\r\n";
  return body;
}

}  // namespace sb::voicemail
