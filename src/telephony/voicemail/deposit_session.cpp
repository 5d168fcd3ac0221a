// SPDX-License-Identifier: MIT
#include "telephony/voicemail/deposit_session.h"

#include "base/log.h"

namespace sb::voicemail {
DepositSession::DepositSession(MailboxStore& store, VoicePrompts& prompts, Message message,
                               std::chrono::seconds longest, std::chrono::seconds shortest, bool mailboxFull)
    : store_(store), prompts_(prompts), message_(std::move(message)),
      longest_(static_cast<std::size_t>(longest.count()) * MailboxStore::kRate),
      shortest_(static_cast<std::size_t>(shortest.count()) * MailboxStore::kRate), full_(mailboxFull) {}

void DepositSession::start(VoiceChannel& channel) {
  if (full_) {
    SB_LOG_NOTICE("Voicemail for {}: the mailbox is full; the message from {} is refused", message_.mailbox,
                  message_.caller);
    channel.play(VoicePrompts::join(
        {prompts_.say("The mailbox of extension"), prompts_.digits(message_.mailbox), prompts_.say("is full. Goodbye.")}));
    state_ = State::Closing;
    return;
  }
  channel.play(VoicePrompts::join(
      {prompts_.say("The person at extension"), prompts_.digits(message_.mailbox),
       prompts_.say(message_.busy ? "is busy." : "is not available."),
       prompts_.say("Please leave a message after the tone. When you are done, hang up or press pound."),
       prompts_.beep()}));
}

VoiceSession::Next DepositSession::tick(VoiceChannel& channel) {
  switch (state_) {
    case State::Greeting:
      discard_.clear();
      channel.take(discard_, keys_);
      keys_.clear();
      if (!channel.playing()) state_ = State::Recording;  // the tone has ended: speak now
      return Next::Continue;
    case State::Recording: {
      channel.take(recording_, keys_);
      const bool done = keys_.find('#') != std::string::npos;
      keys_.clear();
      if (recording_.size() >= longest_ || done) {
        if (recording_.size() > longest_) recording_.resize(longest_);
        save();
        channel.play(prompts_.say("Your message has been saved. Goodbye."));
        state_ = State::Closing;
      }
      return Next::Continue;
    }
    case State::Closing:
      discard_.clear();
      channel.take(discard_, keys_);
      keys_.clear();
      if (channel.playing()) return Next::Continue;
      state_ = State::Done;
      return Next::HangUp;
    case State::Done:
      return Next::HangUp;
  }
  return Next::HangUp;
}

void DepositSession::ended(VoiceChannel& channel) {
  if (state_ == State::Recording) {
    channel.take(recording_, keys_);
    if (recording_.size() > longest_) recording_.resize(longest_);
    save();
  }
  state_ = State::Done;
}

void DepositSession::save() {
  if (recording_.size() < shortest_) {
    SB_LOG_VERBOSE("Voicemail for {}: a message of {} ms from {} is too short to keep", message_.mailbox,
                   recording_.size() * 1000 / MailboxStore::kRate, message_.caller);
    return;
  }
  const auto id = store_.deposit(message_.mailbox, message_.caller, message_.callerName, recording_);
  if (!id) {
    SB_LOG_ERROR("Voicemail for {}: the message from {} could not be saved: {}", message_.mailbox, message_.caller,
                 id.error());
    return;
  }
  SB_LOG_NOTICE("Voicemail for {}: message {} from {} ({} s)", message_.mailbox, *id, message_.caller,
                recording_.size() / MailboxStore::kRate);
  recording_.clear();
}

}  // namespace sb::voicemail
