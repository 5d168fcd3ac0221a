// SPDX-License-Identifier: MIT
// A call once answered: our 2xx until the caller's ACK, re-INVITEs on either leg, BYE carried
// across, the media watchdog, and the end of the call with its record.
#include <algorithm>

#include "base/log.h"
#include "base/random.h"
#include "sip/message/response_builder.h"
#include "sip/dialog/outgoing_via.h"
#include "telephony/call/call_engine.h"

namespace sb::call {

sip::Via CallEngine::viaFor(const net::Flow& flow) { return sip::outgoingVia(flow, routes_); }

void CallEngine::answerCaller(Call& call, const std::string& sdp) {
  auto ok = sip::makeResponse(call.callerInviteRequest, 200, "OK", call.callerTag);
  ok.setContacts({ourContact(call.callerFlow)});
  ok.addHeader("Allow", kAllowInCall);
  stamp(ok);
  ok.setBody(sdp, "application/sdp");
  if (call.sessionExpires) {
    // RFC 4028 §9: the caller refreshes (re-INVITE or UPDATE) before the interval ends.
    ok.addHeader("Session-Expires", std::to_string(*call.sessionExpires) + ";refresher=uac");
    ok.addHeader("Require", "timer");
  }
  call.callerDialog = sip::Dialog::asUas(call.callerInviteRequest, call.callerTag, call.callerFlow);
  call.callerDialogKey = dialogKey(call.callerInviteRequest.callId(), call.callerTag);
  dialogs_[call.callerDialogKey] = DialogRef{call.id, Side::Caller};
  call.state = Call::State::Answered;
  call.answeredAt = timers_.clock().systemNow();
  call.disposition = Disposition::Answered;
  sendCallerFinal(call, std::move(ok));
  const auto id = call.id;
  if (settings_.maxCallLength.count() > 0) {
    call.maxLengthTimer = timers_.schedule(settings_.maxCallLength, [this, id] {
      if (Call* c = find(id)) {
        c->maxLengthTimer = TimerId{};
        hangUp(*c, "system", "max call length");
      }
    });
  }
  call.mediaCheckTimer = timers_.schedule(std::chrono::seconds(5), [this, id] { checkMedia(id); });
  armSessionTimer(call);
}

void CallEngine::armSessionTimer(Call& call) {
  if (!call.sessionExpires) return;
  if (call.sessionTimer != TimerId{}) timers_.cancel(call.sessionTimer);
  // RFC 4028 §10: the side not refreshing ends the session with BYE slightly before it expires:
  // at the interval less min(32 s, a third of it). The refresher refreshes at half the interval.
  const auto interval = std::chrono::seconds(*call.sessionExpires);
  const auto margin = std::min<std::chrono::seconds>(std::chrono::seconds(32), interval / 3);
  const auto id = call.id;
  call.sessionTimer = timers_.schedule(interval - margin, [this, id] {
    if (Call* c = find(id)) {
      c->sessionTimer = TimerId{};
      hangUp(*c, "system", "session timer expired");
    }
  });
}

void CallEngine::sendCallerFinal(Call& call, sip::Message response) {
  // RFC 3261 §13.3.1.4: the UAS core, not the transaction, retransmits a 2xx until the ACK.
  if (!call.callerInvite) return;
  inviteTransactions_.erase(static_cast<std::uint64_t>(call.callerInvite->id()));
  call.callerInvite->respond(response);
  call.callerInvite.reset();
  // §13.3.1.4: from T1, doubling up to T2, for 64*T1: the transaction layer's timer values. Over
  // TCP too: the 2xx and its ACK go end to end, and a hop beyond the phone's may be UDP.
  const auto& timer = transactions_.settings();
  call.callerFinal = std::move(response);
  call.callerFinalInterval = timer.t1;
  call.callerFinalSince = timers_.clock().steadyNow();
  const auto id = call.id;
  call.callerFinalTimer = timers_.schedule(timer.t1, [this, id] { retransmitCallerFinal(id); });
}

void CallEngine::retransmitCallerFinal(CallId id) {
  Call* call = find(id);
  if (!call || !call->callerFinal) return;
  call->callerFinalTimer = TimerId{};
  const auto& timer = transactions_.settings();
  if (timers_.clock().steadyNow() - call->callerFinalSince >= timer.transactionTimeout()) {
    // §13.3.1.4: no ACK within 64*T1: the dialog is confirmed and then ended with BYE.
    call->callerFinal.reset();
    hangUp(*call, "system", "no ACK");
    return;
  }
  sendStateless_(*call->callerFinal, call->callerFlow);
  call->callerFinalInterval = std::min(call->callerFinalInterval * 2, timer.t2);
  call->callerFinalTimer =
      timers_.schedule(call->callerFinalInterval, [this, id] { retransmitCallerFinal(id); });
}

void CallEngine::answerReliably(Call& call, Side side, sip::ServerTransaction& tx, sip::Message response) {
  const auto flow = tx.flow();
  const auto cseq = response.cseq().number;
  tx.respond(response);
  Call::PendingAnswer pending;
  pending.side = side == Side::Caller ? 0 : 1;
  pending.cseq = cseq;
  pending.response = std::move(response);
  pending.flow = flow;
  pending.interval = transactions_.settings().t1;
  pending.since = timers_.clock().steadyNow();
  const auto id = call.id;
  const auto sideValue = pending.side;
  pending.timer =
      timers_.schedule(pending.interval, [this, id, sideValue, cseq] { retransmitAnswer(id, sideValue, cseq); });
  call.pendingAnswers.push_back(std::move(pending));
}

void CallEngine::retransmitAnswer(CallId id, std::uint8_t side, std::uint32_t cseq) {
  Call* call = find(id);
  if (!call) return;
  auto it = std::find_if(call->pendingAnswers.begin(), call->pendingAnswers.end(),
                         [&](const auto& p) { return p.side == side && p.cseq == cseq; });
  if (it == call->pendingAnswers.end()) return;
  it->timer = TimerId{};
  const auto& timer = transactions_.settings();
  if (timers_.clock().steadyNow() - it->since >= timer.transactionTimeout()) {
    // §13.3.1.4: never acknowledged: that leg is gone; end the call.
    call->pendingAnswers.erase(it);
    hangUp(*call, "system", "no ACK");
    return;
  }
  sendStateless_(it->response, it->flow);
  it->interval = std::min(it->interval * 2, timer.t2);
  it->timer = timers_.schedule(it->interval, [this, id, side, cseq] { retransmitAnswer(id, side, cseq); });
}

void CallEngine::cancelTimers(Call& call) {
  // Every timer a call arms calls back into the engine: all of them, so that a call destroyed
  // without finish() (the engine's destructor, a pickup's discarded call) leaves none behind.
  TimerId none{};
  TimerId& transferRing = call.transfer ? call.transfer->ringTimer : none;
  for (TimerId* t : {&call.ringTimer, &call.maxLengthTimer, &call.mediaCheckTimer, &call.callerFinalTimer,
                     &call.sessionTimer, &call.voiceTimer, &transferRing}) {
    if (*t != TimerId{}) timers_.cancel(*t);
    *t = TimerId{};
  }
  for (auto& pending : call.pendingAnswers) {
    if (pending.timer != TimerId{}) timers_.cancel(pending.timer);
  }
  call.pendingAnswers.clear();
}

void CallEngine::onReInvite(Call& call, Side side, sip::ServerTransaction& tx) {
  const auto& request = tx.request();
  const auto respond = [&](int status, std::string_view reason, const std::string& body = {}) {
    auto response = sip::makeResponse(request, status, reason);
    stamp(response);
    if (status == 200) {
      response.setContacts({ourContact(tx.flow())});
      if (side == Side::Caller && call.sessionExpires) {
        response.addHeader("Session-Expires", std::to_string(*call.sessionExpires) + ";refresher=uac");
        response.addHeader("Require", "timer");
      }
      if (!body.empty()) response.setBody(body, "application/sdp");
      answerReliably(call, side, tx, std::move(response));
      return;
    }
    tx.respond(std::move(response));
  };
  if (!call.media || !call.codecs) {
    respond(491, "Request Pending");
    return;
  }
  auto& dialog = side == Side::Caller ? call.callerDialog : call.calleeDialog;
  if (request.body().empty()) {
    // A re-INVITE without an offer asks for one in our 200 (RFC 3261 §14.2); we have nothing new
    // to offer and keep the session as it is.
    respond(488, "Not Acceptable Here");
    return;
  }
  if (!isSdp(request)) {
    auto response = sip::makeResponse(request, 415, "Unsupported Media Type");
    response.addHeader("Accept", "application/sdp");
    stamp(response);
    tx.respond(std::move(response));
    return;
  }
  auto offer = MediaNegotiation::readOffer(request.body());
  if (!offer.ok()) {
    respond(offer.status, offer.status == 400 ? "Bad Request" : "Not Acceptable Here");
    return;
  }
  // Each leg is answered here, by us: hold (a=sendonly/inactive, or the RFC 2543 c=0.0.0.0 of a
  // Cisco 7960), resume and moved media change only the relay's view of that phone.
  const bool callerLeg = side == Side::Caller;
  const auto& current = callerLeg ? call.codecs->caller : call.codecs->callee;
  sdp::CodecRef chosen;
  const auto body = call.negotiation.answerReOffer(
      callerLeg, *offer.value, current, relayAddressFor(call, side, tx.flow()), chosen);
  if (body.empty()) {
    respond(488, "Not Acceptable Here");
    return;
  }
  call.media->expect(side, offer.value->media);
  (callerLeg ? call.callerHolding : call.calleeHolding) = offer.value->media.onHold;
  call.media->setHolds(call.callerHolding, call.calleeHolding);
  if (!sdp::sameCodec(chosen, current) || chosen.payloadType != current.payloadType) {
    auto plan = *call.codecs;
    (callerLeg ? plan.caller : plan.callee) = chosen;
    if (call.media->useCodecs(plan)) call.codecs = plan;
  }
  if (dialog) dialog->refreshRemoteTarget(request);
  SB_LOG_VERBOSE("Call {}: {} {}", static_cast<std::uint64_t>(call.id), callerLeg ? "caller" : "callee",
                 offer.value->media.onHold ? "holds" : "resumes");
  if (side == Side::Caller) armSessionTimer(call);
  respond(200, "OK", body);
}

void CallEngine::onBye(Call& call, Side side, sip::ServerTransaction& tx) {
  auto ok = sip::makeResponse(tx.request(), 200, "OK");
  stamp(ok);
  tx.respond(std::move(ok));
  const std::uint8_t sideValue = side == Side::Caller ? 0 : 1;
  if (call.transfer && !call.transfer->replacing && call.transfer->transferorSide == sideValue) {
    // RFC 5589 §6: a blind transferor may hang up once its REFER is accepted. Only its leg ends;
    // the transferee keeps hearing music until the target answers (or the transfer fails).
    auto& key = side == Side::Caller ? call.callerDialogKey : call.calleeDialogKey;
    if (!key.empty()) dialogs_.erase(key);
    key.clear();
    (side == Side::Caller ? call.callerDialog : call.calleeDialog).reset();
    std::erase_if(call.pendingAnswers, [&](Call::PendingAnswer& pending) {
      if (pending.side != sideValue) return false;
      if (pending.timer != TimerId{}) timers_.cancel(pending.timer);
      return true;
    });
    call.transfer->subscriptionEnded = true;
    return;
  }
  sendBye(call, side == Side::Caller ? Side::Callee : Side::Caller);
  call.hangupSide = side == Side::Caller ? "caller" : "callee";
  call.hangupCause = "BYE";
  finish(call);
}

void CallEngine::sendBye(Call& call, Side side) {
  auto& dialog = side == Side::Caller ? call.callerDialog : call.calleeDialog;
  if (!dialog) return;
  auto bye = dialog->makeRequest(sip::Method::Bye);
  bye.setVias({viaFor(dialog->flow())});
  stamp(bye);
  transactions_.sendRequest(std::move(bye), dialog->flow(), [](const sip::ClientEvent&) {});
  dialog.reset();
}

void CallEngine::checkMedia(CallId id) {
  Call* call = find(id);
  if (!call) return;
  call->mediaCheckTimer = TimerId{};
  const bool held = call->callerHolding || call->calleeHolding;
  if (!held && call->media && call->media->idleFor(timers_.clock().steadyNow()) >= settings_.rtpTimeout) {
    SB_LOG_NOTICE("Call {}: no media for {} s, hanging up", static_cast<std::uint64_t>(id),
                  settings_.rtpTimeout.count());
    hangUp(*call, "system", "rtp timeout");
    return;
  }
  call->mediaCheckTimer = timers_.schedule(std::chrono::seconds(5), [this, id] { checkMedia(id); });
}

void CallEngine::hangUp(Call& call, std::string_view side, std::string_view cause) {
  sendBye(call, Side::Caller);
  sendBye(call, Side::Callee);
  call.hangupSide = std::string(side);
  call.hangupCause = std::string(cause);
  finish(call);
}

void CallEngine::finish(Call& call) {
  cancelTimers(call);
  endVoiceSession(call);
  if (call.transfer) {
    if (call.transfer->ringTimer != TimerId{}) timers_.cancel(call.transfer->ringTimer);
    for (auto& f : call.forks) {
      if (f.transfer) cancelFork(f);
    }
  }
  if (call.callerInvite && !call.callerInvite->finalSent()) respondToCaller(call, 500, "Server Internal Error");
  if (!call.callerDialogKey.empty()) dialogs_.erase(call.callerDialogKey);
  if (!call.calleeDialogKey.empty()) dialogs_.erase(call.calleeDialogKey);
  if (call.hangupSide.empty()) call.hangupSide = "system";

  FinishedCall record;
  record.callId = std::to_string(static_cast<std::uint64_t>(call.id)) + "-" + call.calleeCallId;
  record.startedAt = call.startedAt;
  record.answeredAt = call.answeredAt;
  record.endedAt = timers_.clock().systemNow();
  record.caller = call.caller;
  record.callerName = call.callerName;
  record.callee = call.answeredAt ? call.callee : std::string{};
  record.dialled = call.dialled;
  record.disposition = call.disposition;
  if (call.codecs) {
    record.callerCodec = call.codecs->caller.name;
    record.calleeCodec = call.codecs->callee.name;
  }
  record.hangupSide = call.hangupSide;
  record.hangupCause = call.hangupCause;
  record.sourceAddress = call.callerFlow.remote.toString();
  SB_LOG_VERBOSE("Call {} ended: {} ({}, {})", static_cast<std::uint64_t>(call.id),
                 dispositionName(call.disposition), call.hangupSide, log::untrusted(call.hangupCause));
  const auto id = static_cast<std::uint64_t>(call.id);
  if (records_) records_(record);
  calls_.erase(id);  // `call` is gone from here on
}

}  // namespace sb::call
