// SPDX-License-Identifier: MIT
#pragma once
#include <cstddef>
#include <string>
#include <vector>

#include "telephony/voicemail/mailbox_store.h"
#include "telephony/voicemail/voice_session.h"

namespace sb::voicemail {

// Listening to one's mailbox (*97 from the phone itself, so no PIN: the call is already
// authenticated as that extension): how many messages, then each one, unheard first, with who
// left it. During or after a message: 7 deletes it, 1 plays it again, # (or 9) keeps it and goes
// on; silence for kMenuWaitMs after the menu keeps it too. A message counts as heard once it has
// started playing, which turns the lamp off when the last new one does.
class RetrievalSession final : public VoiceSession {
 public:
  static constexpr int kMenuWaitMs = 6000;

  RetrievalSession(MailboxStore& store, VoicePrompts& prompts, std::string mailbox);

  void start(VoiceChannel& channel) override;
  Next tick(VoiceChannel& channel) override;
  void ended(VoiceChannel&) override {}

 private:
  enum class State { Intro, Message, Menu, Closing };
  void playMessage(VoiceChannel& channel, Clip lead = nullptr);
  void next(VoiceChannel& channel, Clip lead);
  void onKey(VoiceChannel& channel, char key);

  MailboxStore& store_;
  VoicePrompts& prompts_;
  std::string mailbox_;
  std::vector<storage::VoicemailRecord> messages_;
  std::size_t current_ = 0;
  State state_ = State::Intro;
  int waitedMs_ = 0;
  std::vector<std::int16_t> discard_;
  std::string keys_;
};

}  // namespace sb::voicemail
