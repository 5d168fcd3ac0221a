// SPDX-License-Identifier: MIT
// Attended transfer (RFC 5589 §7): the transferor B talks to A in one call and to C in another,
// then sends REFER in one of them whose Refer-To names C with ?Replaces= B's dialog in the other
// (RFC 3891). Between phones, A would INVITE C with Replaces and C would drop B. Switchboard is
// in both calls, so it does that itself: C's leg is re-INVITEd onto the relay ports B's leg used
// in the REFER's call, the leg moves into that call, and both of B's legs are hung up. B hears how
// it went by NOTIFY with message/sipfrag (RFC 3515 §2.4.5), as in a blind transfer.
#include "base/log.h"
#include "sip/message/response_builder.h"
#include "telephony/call/call_engine.h"

namespace sb::call {

void CallEngine::attendedTransfer(Call& call, Side side, sip::ServerTransaction& tx,
                                  const sip::Replaces& replaces) {
  // Replaces names the transferor's dialog as the target would see it: to-tag is the tag on our
  // side of the transferor's other leg, from-tag the transferor's own.
  Call* replacing = nullptr;
  Side transferorThere = Side::Caller;
  if (auto it = dialogs_.find(dialogKey(replaces.callId, replaces.toTag)); it != dialogs_.end()) {
    replacing = find(it->second.call);
    transferorThere = it->second.side;
  }
  const Side joined = other(transferorThere);
  const bool usable =
      replacing != nullptr && replacing != &call && replacing->state == Call::State::Answered &&
      replacing->media && replacing->codecs && !replacing->transfer &&
      replacing->leg(transferorThere).inDialog() &&
      replacing->leg(transferorThere).dialog().id().remoteTag == replaces.fromTag &&
      replacing->leg(joined).inDialog() &&
      // Only the transferor's own calls: nobody joins other people's calls by naming their dialog.
      replacing->leg(transferorThere).party == call.leg(side).party;

  auto accepted = sip::makeResponse(tx.request(), 202, "Accepted");
  stamp(accepted);
  tx.respond(std::move(accepted));
  Transfer transfer;
  transfer.transferor = side;
  transfer.target = replacing ? replacing->leg(joined).party : std::string{};
  call.transfer = std::move(transfer);
  notifyTransferor(call, 100, false);
  if (!usable) {
    // What the target would answer an INVITE whose Replaces matches no dialog (RFC 3891 §3).
    transferFailed(call, 481);
    return;
  }
  call.transfer->replacing = replacing->id;
  call.transfer->replacingSide = joined;

  // The target's leg gets an offer of what the transferee speaks, on the relay ports the
  // transferor's leg used here, continuing the session it has with us (RFC 3264 §8).
  auto& targetSession = *replacing->leg(joined).session;
  call.transfer->negotiation.continueLeg(joined == Side::Caller, replacing->negotiation);
  const auto offer = call.transfer->negotiation.offerToCallee(
      transfereeOffer(call, other(side)), relayAddressFor(call, side, targetSession.dialog().flow()));
  if (offer.empty()) {
    transferFailed(call, 500);
    return;
  }
  const CallId id = call.id;
  const CallId otherId = replacing->id;
  SB_LOG_VERBOSE("Call {}: {} joins its other call {} ({}) in place of itself",
                 static_cast<std::uint64_t>(id), call.leg(side).party, static_cast<std::uint64_t>(otherId),
                 call.transfer->target);
  // The session ACKs every 2xx itself, wherever the leg is by then (it moves into this call on the
  // first), and retries after a 491 if the target's phone re-INVITEs at the same moment (§14.1).
  const auto contact = ourContact(targetSession.dialog().flow());
  const bool sent = targetSession.reInvite(
      [contact, offer](sip::Message& invite) {
        invite.setContacts({contact});
        invite.setBody(offer, "application/sdp");
      },
      [this, id, otherId](const sip::ClientEvent& event) { onReplacingAnswer(id, otherId, event); });
  if (!sent) transferFailed(call, 491);
}

void CallEngine::onReplacingAnswer(CallId id, CallId otherId, const sip::ClientEvent& event) {
  const int status = event.response ? event.response->statusCode() : 0;
  if (status > 0 && status < 200) return;
  Call* call = find(id);
  Call* replacing = find(otherId);
  const bool current = call && call->transfer && call->transfer->replacing == otherId;
  if (!current) {
    // The transferee hung up meanwhile: the target's media now points at ports that are gone.
    if (!call && replacing && status >= 200 && status < 300) hangUp(*replacing, std::nullopt, "transfer abandoned");
    return;
  }
  if (!replacing) {
    transferFailed(*call, 481);
    return;
  }
  if (status < 200 || status >= 300) {
    transferFailed(*call, status == 0 ? 408 : status);
    return;
  }
  joinReplacing(*call, *replacing, *event.response);
}

void CallEngine::joinReplacing(Call& call, Call& replacing, const sip::Message& response) {
  auto& transfer = *call.transfer;
  const Side side = transfer.transferor;
  const Side joined = transfer.replacingSide;
  const Side transferorThere = other(joined);
  auto answer = transfer.negotiation.readAnswer(response.body());
  auto plan = *call.codecs;
  if (answer.ok()) {
    (side == Side::Caller ? plan.caller : plan.callee) = answer.value->codec;
    (side == Side::Caller ? plan.callerEvents : plan.calleeEvents) = answer.value->telephoneEvent;
  }
  if (!answer.ok() || !call.media->useCodecs(plan)) {
    // The target's leg has left its old media and cannot use the new: that call cannot go on.
    transferFailed(call, 488);
    hangUp(replacing, std::nullopt, "transfer failed");
    return;
  }
  call.codecs = plan;
  notifyTransferor(call, 200, true);

  // The transferor's leg here ends; the target's leg takes its place, dialog and all.
  sendBye(call, side);
  auto& leg = call.leg(side);
  auto& moved = replacing.leg(joined);
  if (!moved.dialogKey.empty()) dialogs_.erase(moved.dialogKey);
  moved.dialogKey.clear();
  leg.session = std::move(moved.session);
  leg.party = moved.party;
  leg.displayName = moved.displayName;
  leg.flow = leg.dialog().flow();
  adoptSession(call, side);
  indexDialog(call, side);
  if (side == Side::Caller) {
    const auto* account = accounts_.find(leg.party);
    leg.displayName = account ? account->displayName : std::string{};
    // Session timers were the transferor's agreement; the target's refreshes are answered as
    // any re-INVITE.
    call.sessionExpires.reset();
  }
  leg.session->stopSessionTimer();
  leg.holding = answer.value->media.onHold;
  call.media->expect(side, answer.value->media);
  call.media->playMusicTo(std::nullopt);
  call.media->setHolds(call.caller().holding, call.callee().holding);
  call.negotiation.adoptLeg(side == Side::Caller, transfer.negotiation);
  SB_LOG_VERBOSE("Call {}: {} and {} joined by attended transfer", static_cast<std::uint64_t>(call.id),
                 call.caller().party, call.callee().party);
  call.transfer.reset();

  // The other call is over: its transferor leg is hung up, its target leg lives on in `call`.
  sendBye(replacing, transferorThere);
  replacing.hangupBy = transferorThere;
  replacing.hangupCause = "attended transfer";
  finish(replacing);
}

}  // namespace sb::call
