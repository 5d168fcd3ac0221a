// SPDX-License-Identifier: MIT
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "telephony/voicemail/voice_prompts.h"

namespace sb::voicemail {

// What a voice session has of the call Switchboard answered: the caller's ear and mouth.
class VoiceChannel {
 public:
  virtual ~VoiceChannel() = default;
  // Plays `clip` once to the caller, replacing whatever was playing.
  virtual void play(Clip clip) = 0;
  virtual bool playing() const = 0;
  // Appends what the caller said (8 kHz PCM) and the keys it pressed since the last call.
  virtual void take(std::vector<std::int16_t>& audio, std::string& keys) = 0;
};

// A conversation between Switchboard and a caller (leaving a message, listening to a mailbox),
// run by the call engine: start() once the call is answered, tick() every kTickMs while it lasts,
// ended() once when it ends, whoever hung up (the channel still holds the last words heard).
class VoiceSession {
 public:
  static constexpr int kTickMs = 20;
  enum class Next { Continue, HangUp };

  virtual ~VoiceSession() = default;
  virtual void start(VoiceChannel& channel) = 0;
  virtual Next tick(VoiceChannel& channel) = 0;
  virtual void ended(VoiceChannel& channel) = 0;
};

}  // namespace sb::voicemail
