// SPDX-License-Identifier: MIT
#pragma once
#include <chrono>
#include <cstdint>
#include <string>
#include <vector>

#include "telephony/voicemail/mailbox_store.h"
#include "telephony/voicemail/voice_session.h"

namespace sb::voicemail {

// Leaving a message: the greeting ("... is not available / is busy. Please leave a message after
// the tone."), the tone, then the caller's words until it hangs up, presses '#' or reaches the
// longest message allowed. A recording shorter than the shortest allowed (a hang-up at the tone)
// is not kept. A full mailbox says so and takes nothing.
class DepositSession final : public VoiceSession {
 public:
  struct Message {
    std::string mailbox, caller, callerName;
    bool busy = false;  // the extension was busy (or on do not disturb) rather than unanswered
  };
  DepositSession(MailboxStore& store, VoicePrompts& prompts, Message message, std::chrono::seconds longest,
                 std::chrono::seconds shortest, bool mailboxFull = false);

  void start(VoiceChannel& channel) override;
  Next tick(VoiceChannel& channel) override;
  void ended(VoiceChannel& channel) override;

 private:
  enum class State { Greeting, Recording, Closing, Done };
  void save();

  MailboxStore& store_;
  VoicePrompts& prompts_;
  Message message_;
  std::size_t longest_;   // samples
  std::size_t shortest_;  // samples
  bool full_;
  State state_ = State::Greeting;
  std::vector<std::int16_t> recording_;
  std::vector<std::int16_t> discard_;
  std::string keys_;
};

}  // namespace sb::voicemail
