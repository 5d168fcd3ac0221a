// SPDX-License-Identifier: MIT
#include "telephony/voicemail/retrieval_session.h"

#include "base/log.h"

namespace sb::voicemail {
namespace {

// "two new messages"
std::vector<Clip> counted(VoicePrompts& prompts, int n, const std::string& what) {
  return {prompts.number(n), prompts.say(what + (n == 1 ? " message" : " messages"))};
}

}  // namespace

RetrievalSession::RetrievalSession(MailboxStore& store, VoicePrompts& prompts, std::string mailbox)
    : store_(store), prompts_(prompts), mailbox_(std::move(mailbox)) {}

void RetrievalSession::start(VoiceChannel& channel) {
  messages_ = store_.messages(mailbox_);
  int unheard = 0;
  for (const auto& m : messages_) unheard += m.heard ? 0 : 1;
  const int heard = static_cast<int>(messages_.size()) - unheard;
  SB_LOG_VERBOSE("Voicemail: {} listens to its mailbox ({} new, {} old)", mailbox_, unheard, heard);
  if (messages_.empty()) {
    channel.play(prompts_.say("You have no messages. Goodbye."));
    state_ = State::Closing;
    return;
  }
  std::vector<Clip> intro{prompts_.say("You have")};
  for (auto& clip : counted(prompts_, unheard, "new")) intro.push_back(clip);
  if (heard > 0) {
    intro.push_back(prompts_.say("and"));
    for (auto& clip : counted(prompts_, heard, "saved")) intro.push_back(clip);
  }
  channel.play(VoicePrompts::join(intro));
  state_ = State::Intro;
}

VoiceSession::Next RetrievalSession::tick(VoiceChannel& channel) {
  discard_.clear();
  channel.take(discard_, keys_);
  const std::string keys = std::move(keys_);
  keys_.clear();
  for (char key : keys) {
    if (state_ == State::Closing) break;
    onKey(channel, key);
  }
  switch (state_) {
    case State::Intro:
      if (!channel.playing()) playMessage(channel);
      break;
    case State::Message:
      if (!channel.playing()) {
        channel.play(prompts_.say("Press 7 to delete this message, 1 to hear it again, or pound for the next one."));
        state_ = State::Menu;
        waitedMs_ = 0;
      }
      break;
    case State::Menu:
      if (channel.playing()) break;
      waitedMs_ += kTickMs;
      if (waitedMs_ >= kMenuWaitMs) next(channel, nullptr);
      break;
    case State::Closing:
      if (!channel.playing()) return Next::HangUp;
      break;
  }
  return Next::Continue;
}

void RetrievalSession::onKey(VoiceChannel& channel, char key) {
  if (state_ == State::Intro) {
    if (key == '#') playMessage(channel);  // skip the count
    return;
  }
  switch (key) {
    case '7': {
      store_.remove(messages_[current_]);
      SB_LOG_VERBOSE("Voicemail: {} deleted message {}", mailbox_, messages_[current_].id);
      next(channel, prompts_.say("Message deleted."));
      break;
    }
    case '1':
      playMessage(channel);
      break;
    case '#':
    case '9':
      next(channel, nullptr);
      break;
    default:
      break;
  }
}

void RetrievalSession::playMessage(VoiceChannel& channel, Clip lead) {
  auto& message = messages_[current_];
  std::vector<Clip> header{lead};
  if (current_ == 0) {
    header.push_back(prompts_.say("First message"));
  } else {
    header.push_back(prompts_.say("Message"));
    header.push_back(prompts_.number(static_cast<int>(current_) + 1));
  }
  if (!message.caller.empty()) {
    header.push_back(prompts_.say("from"));
    header.push_back(prompts_.digits(message.caller));
  }
  Clip audio = store_.audio(message);
  // What just happened (if anything), then the header, then the message itself.
  channel.play(VoicePrompts::join(
      {VoicePrompts::join(header), audio ? audio : prompts_.say("This message cannot be played.")}, 300));
  store_.markHeard(message);
  message.heard = true;
  state_ = State::Message;
}

void RetrievalSession::next(VoiceChannel& channel, Clip lead) {
  ++current_;
  if (current_ < messages_.size()) {
    playMessage(channel, std::move(lead));
    return;
  }
  channel.play(VoicePrompts::join({lead, prompts_.say("No more messages. Goodbye.")}, 300));
  state_ = State::Closing;
}

}  // namespace sb::voicemail
