// SPDX-License-Identifier: MIT
#pragma once
#include <chrono>
#include <memory>
#include <set>
#include <string>

#include "telephony/voicemail/deposit_session.h"
#include "telephony/voicemail/mailbox_store.h"
#include "telephony/voicemail/retrieval_session.h"
#include "telephony/voicemail/voice_prompts.h"

namespace sb::voicemail {

struct VoicemailSettings {
  std::chrono::seconds longestMessage{180};
  std::chrono::seconds shortestMessage{1};
  std::uint32_t maxMessages = 100;  // per mailbox, heard or not
};

// Voicemail as the call engine meets it: which extensions have a mailbox, and the sessions that
// take a message for one or play one's messages back.
class Voicemail {
 public:
  Voicemail(MailboxStore& store, VoicemailSettings settings) : store_(store), settings_(settings) {}

  void setMailboxes(std::set<std::string> extensions) { mailboxes_ = std::move(extensions); }
  bool hasMailbox(const std::string& extension) const { return mailboxes_.count(extension) != 0; }

  std::unique_ptr<VoiceSession> leaveMessage(DepositSession::Message message) {
    const auto counts = store_.counts(message.mailbox);
    const bool full = static_cast<std::uint32_t>(counts.unheard + counts.heard) >= settings_.maxMessages;
    return std::make_unique<DepositSession>(store_, prompts_, std::move(message), settings_.longestMessage,
                                            settings_.shortestMessage, full);
  }
  std::unique_ptr<VoiceSession> listen(const std::string& mailbox) {
    return std::make_unique<RetrievalSession>(store_, prompts_, mailbox);
  }
  MailboxStore& store() { return store_; }

 private:
  MailboxStore& store_;
  VoicemailSettings settings_;
  VoicePrompts prompts_;
  std::set<std::string> mailboxes_;
};

}  // namespace sb::voicemail
