// SPDX-License-Identifier: MIT
// Calls Switchboard answers itself: feature codes (answered with a confirmation tone, then hung
// up) and the echo test *43 (what the caller says comes straight back).
#include "base/log.h"
#include "sip/message/response_builder.h"
#include "telephony/call/call_engine.h"

namespace sb::call {

void CallEngine::onFeatureCode(Call& call, const routing::Destination& destination) {
  if (destination.incomplete || !destination.setting) {
    // RFC 3261 §21.4.22: the number to forward to is missing.
    call.hangupCause = "feature code without a number";
    respondToCaller(call, 484, "Address Incomplete");
    finish(call);
    return;
  }
  const bool applied = callSettings_.apply(call.caller().party, *destination.setting);
  SB_LOG_NOTICE("Extension {} dialled feature code {}: {}", call.caller().party, log::untrusted(call.dialled),
                applied ? "done" : "refused");
  answerLocally(call, applied ? confirmTone_ : refuseTone_, false);
}

bool CallEngine::answerHere(Call& call) {
  if (!call.media && !openMedia(call)) return false;
  std::string body;
  CodecPlan plan;
  if (call.callerAnswer && call.codecs) {
    // The caller already has our answer from early media: the 200 repeats it (RFC 3261 §13.2.1),
    // and Switchboard speaks the codec it names.
    body = *call.callerAnswer;
    plan = CodecPlan{call.codecs->caller, call.codecs->callerEvents, call.codecs->caller, call.codecs->callerEvents};
  } else {
    sdp::CodecRef chosen;
    body = call.negotiation.answerReOffer(true, *call.callerOffer, call.callerOffer->codecs.front(),
                                          relayAddressFor(call, Side::Caller, call.caller().flow), chosen);
    if (body.empty()) {
      call.hangupCause = "unusable SDP offer";
      respondToCaller(call, 488, "Not Acceptable Here");
      finish(call);
      return false;
    }
    const std::optional<std::uint8_t> events =
        call.callerOffer->telephoneEvent ? std::optional<std::uint8_t>(call.callerOffer->telephoneEvent->payloadType)
                                         : std::nullopt;
    plan = CodecPlan{chosen, events, chosen, events};
  }
  call.media->useCodecs(plan);
  call.codecs = plan;
  call.ringTimer.cancel();
  answerCaller(call, body);
  return true;
}

void CallEngine::answerLocally(Call& call, std::shared_ptr<const std::vector<std::int16_t>> tone, bool echo) {
  call.callee().party = call.dialled;
  if (!answerHere(call)) return;
  if (echo) {
    call.media->echoCaller();
  } else {
    call.media->play(Side::Caller, std::move(tone));
  }
  if (!echo) {
    // The tone says it all; then Switchboard hangs up (the caller may hang up first).
    const auto id = call.id;
    call.maxLengthTimer.start(timers_, std::chrono::seconds(3), [this, id] {
      if (Call* c = find(id)) hangUp(*c, std::nullopt, "feature code");
    });
  }
}

}  // namespace sb::call
