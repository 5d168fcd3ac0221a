// SPDX-License-Identifier: MIT
// Calls voicemail takes: a message for an extension that did not take the call (no answer, busy,
// do not disturb, not registered), and *97, where an extension listens to its own messages.
#include "base/log.h"
#include "telephony/call/call_engine.h"

namespace sb::call {

namespace {

// The caller's side of a call, as a voice session hears and speaks to it.
class CallerChannel final : public voicemail::VoiceChannel {
 public:
  explicit CallerChannel(CallMedia& media) : media_(media) {}
  void play(voicemail::Clip clip) override { media_.playOnce(Side::Caller, std::move(clip)); }
  bool playing() const override { return media_.playing(Side::Caller); }
  void take(std::vector<std::int16_t>& audio, std::string& keys) override { media_.takeFromCaller(audio, keys); }

 private:
  CallMedia& media_;
};

}  // namespace

bool CallEngine::toVoicemail(Call& call, bool busy) {
  // A ring group's callers go where the group says; a caller is never sent to its own mailbox.
  if (!voicemail_ || call.group || call.voice || !voicemail_->hasMailbox(call.callee().party) || call.callee().party == call.caller().party) {
    return false;
  }
  cancelForks(call, std::nullopt);
  SB_LOG_VERBOSE("Call {}: {} {}; voicemail takes a message", static_cast<std::uint64_t>(call.id), call.callee().party,
                 busy ? "is busy" : "did not answer");
  startVoiceSession(call, voicemail_->leaveMessage({call.callee().party, call.caller().party, call.caller().displayName, busy}));
  return true;
}

void CallEngine::listenToMailbox(Call& call) {
  call.callee().party = call.dialled;
  if (!voicemail_ || !voicemail_->hasMailbox(call.caller().party)) {
    call.hangupCause = "no mailbox";
    respondToCaller(call, 404, "Not Found");
    finish(call);
    return;
  }
  startVoiceSession(call, voicemail_->listen(call.caller().party));
}

void CallEngine::startVoiceSession(Call& call, std::unique_ptr<voicemail::VoiceSession> session) {
  if (!answerHere(call)) return;
  call.media->listenToCaller();
  call.voice = std::move(session);
  CallerChannel channel(*call.media);
  call.voice->start(channel);
  const auto id = call.id;
  call.voiceTimer.start(timers_, Millis(voicemail::VoiceSession::kTickMs), [this, id] { tickVoice(id); });
}

void CallEngine::tickVoice(CallId id) {
  Call* call = find(id);
  if (!call || !call->voice) return;
  CallerChannel channel(*call->media);
  if (call->voice->tick(channel) == voicemail::VoiceSession::Next::HangUp) {
    hangUp(*call, std::nullopt, "voicemail finished");
    return;
  }
  call->voiceTimer.start(timers_, Millis(voicemail::VoiceSession::kTickMs), [this, id] { tickVoice(id); });
}

void CallEngine::endVoiceSession(Call& call) {
  call.voiceTimer.cancel();
  if (!call.voice) return;
  auto session = std::move(call.voice);
  if (call.media) {
    CallerChannel channel(*call.media);
    session->ended(channel);
  }
}

}  // namespace sb::call
