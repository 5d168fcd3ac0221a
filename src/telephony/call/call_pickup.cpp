// SPDX-License-Identifier: MIT
// Call pickup: another extension answers a call that is ringing somewhere else. The ringing
// call keeps its caller leg and relay; the picker's INVITE becomes its callee leg (we are that
// dialog's UAS), and the phones that were ringing are cancelled.
#include <algorithm>

#include "base/log.h"
#include "base/random.h"
#include "sip/message/response_builder.h"
#include "telephony/call/call_engine.h"

namespace sb::call {

void CallEngine::pickUp(Call& picker, const std::string& wanted) {
  Call* ringing = nullptr;
  for (auto& [id, candidate] : calls_) {
    if (candidate.get() == &picker || candidate->state != Call::State::Ringing || !candidate->callerInvite) continue;
    // **<ext> finds the call wherever <ext> is ringing: called directly, through a ring group or
    // after a forward.
    const bool ringsThere =
        candidate->callee().party == wanted ||
        std::any_of(candidate->forks.begin(), candidate->forks.end(), [&](const Fork& f) {
          return !f.transfer && f.state != Fork::State::Done && f.extension == wanted;
        });
    if (!wanted.empty() && !ringsThere) continue;
    if (candidate->callee().party == picker.caller().party || candidate->caller().party == picker.caller().party) continue;
    if (!ringing || candidate->startedSteady < ringing->startedSteady) ringing = candidate.get();
  }
  if (!ringing || !ringing->media) {
    picker.hangupCause = "nothing to pick up";
    respondToCaller(picker, 480, "Temporarily Unavailable");
    finish(picker);
    return;
  }
  Call& call = *ringing;
  // The picker's offer answers our offer to the callee side: the relay's B leg now points at it.
  CalleeAnswer asCallee;
  asCallee.media = picker.callerOffer->media;
  asCallee.codec = picker.callerOffer->codecs.front();
  for (const auto& codec : picker.callerOffer->codecs) {
    if (call.callerOffer && sdp::sameCodec(codec, call.callerOffer->codecs.front())) {
      asCallee.codec = codec;
      break;
    }
  }
  asCallee.telephoneEvent = picker.callerOffer->telephoneEvent
                                ? std::optional<std::uint8_t>(picker.callerOffer->telephoneEvent->payloadType)
                                : std::nullopt;
  const auto relayB = relayAddressFor(call, Side::Callee, picker.caller().flow);
  sdp::CodecRef pickerCodec;
  const auto pickerAnswer =
      call.negotiation.answerReOffer(false, *picker.callerOffer, asCallee.codec, relayB, pickerCodec);
  asCallee.codec = pickerCodec;
  const auto callerAnswer = call.negotiation.answerToCaller(
      *call.callerOffer, asCallee, relayAddressFor(call, Side::Caller, call.caller().flow));
  if (pickerAnswer.empty() || callerAnswer.empty() || !call.negotiation.callerCodec()) {
    picker.hangupCause = "no common codec to pick up with";
    respondToCaller(picker, 488, "Not Acceptable Here");
    finish(picker);
    return;
  }
  CodecPlan plan{*call.negotiation.callerCodec(), call.negotiation.callerTelephoneEvent(), pickerCodec,
                 asCallee.telephoneEvent};
  if (!call.media->useCodecs(plan)) {
    picker.hangupCause = "cannot transcode";
    respondToCaller(picker, 488, "Not Acceptable Here");
    finish(picker);
    return;
  }
  call.codecs = plan;
  call.media->expect(Side::Callee, asCallee.media);
  cancelForks(call, std::nullopt);
  call.ringTimer.cancel();
  SB_LOG_VERBOSE("Call {}: picked up by {}", static_cast<std::uint64_t>(call.id), picker.caller().party);

  // The picker's leg: we answer its INVITE and keep the dialog as the call's callee side.
  const std::string tag = random::token(12);
  auto ok = sip::makeResponse(picker.callerInviteRequest, 200, "OK", tag);
  ok.setContacts({ourContact(picker.caller().flow)});
  ok.addHeader("Allow", kAllowInCall);
  stamp(ok);
  ok.setBody(pickerAnswer, "application/sdp");
  call.callee().session = openSession(
      call, Side::Callee, sip::Dialog::asUas(picker.callerInviteRequest, tag, picker.caller().flow),
      sip::InviteSession::Role::Uas);
  indexDialog(call, Side::Callee);
  call.callee().party = picker.caller().party;
  call.callee().displayName = picker.caller().displayName;
  call.callee().flow = picker.caller().flow;
  inviteTransactions_.erase(static_cast<std::uint64_t>(picker.callerInvite->id()));
  call.callee().session->answer(*picker.callerInvite, std::move(ok));
  picker.callerInvite.reset();
  discard(picker);  // its record is the picked-up call's

  answerCaller(call, callerAnswer);
}

void CallEngine::discard(Call& call) {
  calls_.erase(static_cast<std::uint64_t>(call.id));
}

}  // namespace sb::call
