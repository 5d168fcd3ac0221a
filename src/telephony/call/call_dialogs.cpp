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

sip::InviteSessionContext CallEngine::sessionContext() {
  return sip::InviteSessionContext{
      transactions_, timers_, sendStateless_, [this](sip::Message& request, const net::Flow& flow) {
        request.setVias({viaFor(flow)});
        stamp(request);
      }};
}

std::unique_ptr<sip::InviteSession> CallEngine::openSession(const Call& call, Side side, sip::Dialog dialog,
                                                            sip::InviteSession::Role role) {
  const auto id = call.id;
  return std::make_unique<sip::InviteSession>(
      std::move(dialog), role, sessionContext(), [this, id, side](std::string_view cause) {
        // No ACK for our 2xx (RFC 3261 §13.3.1.4), or no session refresh (RFC 4028 §10): that
        // leg is gone, and the call with it.
        if (Call* c = find(id)) {
          SB_LOG_NOTICE("Call {}: {} leg: {}", static_cast<std::uint64_t>(id), sideName(side), cause);
          hangUp(*c, std::nullopt, cause);
        }
      });
}

void CallEngine::adoptSession(Call& call, Side side) {
  auto& session = call.leg(side).session;
  if (!session) return;
  const auto id = call.id;
  session->setEndedHandler([this, id, side](std::string_view cause) {
    if (Call* c = find(id)) hangUp(*c, std::nullopt, cause);
  });
}

void CallEngine::indexDialog(Call& call, Side side) {
  auto& leg = call.leg(side);
  if (!leg.dialogKey.empty()) dialogs_.erase(leg.dialogKey);
  leg.dialogKey.clear();
  if (!leg.session) return;
  const auto& dialogId = leg.dialog().id();
  leg.dialogKey = dialogKey(dialogId.callId, dialogId.localTag);
  dialogs_[leg.dialogKey] = DialogRef{call.id, side};
}

void CallEngine::answerCaller(Call& call, const std::string& sdp) {
  if (!call.callerInvite) return;
  auto ok = sip::makeResponse(call.callerInviteRequest, 200, "OK", call.callerTag);
  ok.setContacts({ourContact(call.caller().flow)});
  ok.addHeader("Allow", kAllowInCall);
  stamp(ok);
  ok.setBody(sdp, "application/sdp");
  if (call.sessionExpires) {
    // RFC 4028 §9: the caller refreshes (re-INVITE or UPDATE) before the interval ends.
    ok.addHeader("Session-Expires", std::to_string(*call.sessionExpires) + ";refresher=uac");
    ok.addHeader("Require", "timer");
  }
  call.caller().session =
      openSession(call, Side::Caller,
                  sip::Dialog::asUas(call.callerInviteRequest, call.callerTag, call.caller().flow),
                  sip::InviteSession::Role::Uas);
  indexDialog(call, Side::Caller);
  call.state = Call::State::Answered;
  call.answeredAt = timers_.clock().systemNow();
  call.disposition = Disposition::Answered;
  // RFC 3261 §13.3.1.4: the session, not the transaction, sends the 2xx again until the ACK.
  inviteTransactions_.erase(static_cast<std::uint64_t>(call.callerInvite->id()));
  call.caller().session->answer(*call.callerInvite, std::move(ok));
  call.callerInvite.reset();
  const auto id = call.id;
  if (settings_.maxCallLength.count() > 0) {
    call.maxLengthTimer.start(timers_, settings_.maxCallLength, [this, id] {
      if (Call* c = find(id)) hangUp(*c, std::nullopt, "max call length");
    });
  }
  call.mediaCheckTimer.start(timers_, std::chrono::seconds(5), [this, id] { checkMedia(id); });
  armSessionTimer(call);
}

void CallEngine::armSessionTimer(Call& call) {
  if (!call.sessionExpires || !call.caller().session) return;
  call.caller().session->expectRefreshWithin(std::chrono::seconds(*call.sessionExpires));
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
      call.leg(side).session->answer(tx, std::move(response));
      return;
    }
    tx.respond(std::move(response));
  };
  // RFC 3261 §14.1: while a re-INVITE of ours is pending on this leg (or the call's media is not
  // settled yet) the far end's gets 491, and it tries again after its back-off.
  if (!call.media || !call.codecs || call.leg(side).session->glare()) {
    respond(491, "Request Pending");
    return;
  }
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
  (callerLeg ? call.caller().holding : call.callee().holding) = offer.value->media.onHold;
  call.media->setHolds(call.caller().holding, call.callee().holding);
  if (!sdp::sameCodec(chosen, current) || chosen.payloadType != current.payloadType) {
    auto plan = *call.codecs;
    (callerLeg ? plan.caller : plan.callee) = chosen;
    if (call.media->useCodecs(plan)) call.codecs = plan;
  }
  call.leg(side).dialog().refreshRemoteTarget(request);
  SB_LOG_VERBOSE("Call {}: {} {}", static_cast<std::uint64_t>(call.id), callerLeg ? "caller" : "callee",
                 offer.value->media.onHold ? "holds" : "resumes");
  if (side == Side::Caller) armSessionTimer(call);
  respond(200, "OK", body);
}

void CallEngine::onBye(Call& call, Side side, sip::ServerTransaction& tx) {
  auto ok = sip::makeResponse(tx.request(), 200, "OK");
  stamp(ok);
  tx.respond(std::move(ok));
  call.leg(side).session.reset();  // its dialog is over (RFC 3261 §15.1.2)
  sendBye(call, other(side));
  call.hangupBy = side;
  call.hangupCause = "BYE";
  finish(call);
}

void CallEngine::sendBye(Call& call, Side side) {
  auto& session = call.leg(side).session;
  if (!session) return;
  session->bye();
  session.reset();
}

void CallEngine::checkMedia(CallId id) {
  Call* call = find(id);
  if (!call) return;
  const bool held = call->caller().holding || call->callee().holding;
  if (!held && call->media && call->media->idleFor(timers_.clock().steadyNow()) >= settings_.rtpTimeout) {
    SB_LOG_NOTICE("Call {}: no media for {} s, hanging up", static_cast<std::uint64_t>(id),
                  settings_.rtpTimeout.count());
    hangUp(*call, std::nullopt, "rtp timeout");
    return;
  }
  call->mediaCheckTimer.start(timers_, std::chrono::seconds(5), [this, id] { checkMedia(id); });
}

void CallEngine::hangUp(Call& call, std::optional<Side> by, std::string_view cause) {
  for (const Side side : {Side::Caller, Side::Callee}) sendBye(call, side);
  call.hangupBy = by;
  call.hangupCause = std::string(cause);
  finish(call);
}

void CallEngine::finish(Call& call) {
  endVoiceSession(call);
  if (call.transfer) {
    for (auto& f : call.forks) {
      if (f.transfer) cancelFork(f);
    }
  }
  if (call.callerInvite && !call.callerInvite->finalSent()) respondToCaller(call, 500, "Server Internal Error");
  for (auto& leg : call.legs) {
    if (!leg.dialogKey.empty()) dialogs_.erase(leg.dialogKey);
  }

  FinishedCall record;
  record.callId = std::to_string(static_cast<std::uint64_t>(call.id)) + "-" + call.calleeCallId;
  record.startedAt = call.startedAt;
  record.answeredAt = call.answeredAt;
  record.endedAt = timers_.clock().systemNow();
  record.caller = call.caller().party;
  record.callerName = call.caller().displayName;
  record.callee = call.answeredAt ? call.callee().party : std::string{};
  record.dialled = call.dialled;
  record.disposition = call.disposition;
  if (call.codecs) {
    record.callerCodec = call.codecs->caller.name;
    record.calleeCodec = call.codecs->callee.name;
  }
  record.hangupSide = call.hangupBy ? std::string(sideName(*call.hangupBy)) : std::string("system");
  record.hangupCause = call.hangupCause;
  record.sourceAddress = call.caller().flow.remote.toString();
  SB_LOG_VERBOSE("Call {} ended: {} ({}, {})", static_cast<std::uint64_t>(call.id),
                 dispositionName(call.disposition), record.hangupSide, log::untrusted(call.hangupCause));
  const auto id = static_cast<std::uint64_t>(call.id);
  if (records_) records_(record);
  calls_.erase(id);  // `call` is gone from here on, its timers and sessions with it
}

}  // namespace sb::call
