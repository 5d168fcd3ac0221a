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

namespace {

Side other(Side side) { return side == Side::Caller ? Side::Callee : Side::Caller; }
Side sideOf(std::uint8_t value) { return value == 0 ? Side::Caller : Side::Callee; }
std::uint8_t valueOf(Side side) { return side == Side::Caller ? 0 : 1; }

std::optional<sip::Dialog>& dialogOf(Call& call, Side side) {
  return side == Side::Caller ? call.callerDialog : call.calleeDialog;
}
std::string& dialogKeyOf(Call& call, Side side) {
  return side == Side::Caller ? call.callerDialogKey : call.calleeDialogKey;
}

}  // namespace

const std::string& CallEngine::partyOf(const Call& call, Side side) {
  return side == Side::Caller ? call.caller : call.callee;
}

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
      dialogOf(*replacing, transferorThere) &&
      dialogOf(*replacing, transferorThere)->id().remoteTag == replaces.fromTag &&
      dialogOf(*replacing, joined) &&
      // Only the transferor's own calls: nobody joins other people's calls by naming their dialog.
      partyOf(*replacing, transferorThere) == partyOf(call, side);

  auto accepted = sip::makeResponse(tx.request(), 202, "Accepted");
  stamp(accepted);
  tx.respond(std::move(accepted));
  Transfer transfer;
  transfer.transferorSide = valueOf(side);
  transfer.target = replacing ? partyOf(*replacing, joined) : std::string{};
  call.transfer = std::move(transfer);
  notifyTransferor(call, 100, false);
  if (!usable) {
    // What the target would answer an INVITE whose Replaces matches no dialog (RFC 3891 §3).
    transferFailed(call, 481);
    return;
  }
  call.transfer->replacing = replacing->id;
  call.transfer->replacingSide = valueOf(joined);

  // The target's leg gets an offer of what the transferee speaks, on the relay ports the
  // transferor's leg used here, continuing the session it has with us (RFC 3264 §8).
  auto& targetDialog = *dialogOf(*replacing, joined);
  call.transfer->negotiation.continueLeg(joined == Side::Caller, replacing->negotiation);
  const auto offer = call.transfer->negotiation.offerToCallee(transfereeOffer(call, other(side)),
                                                              relayAddressFor(call, side, targetDialog.flow()));
  if (offer.empty()) {
    transferFailed(call, 500);
    return;
  }
  auto invite = targetDialog.makeRequest(sip::Method::Invite);
  invite.setVias({viaFor(targetDialog.flow())});
  invite.setContacts({ourContact(targetDialog.flow())});
  stamp(invite);
  invite.setBody(offer, "application/sdp");
  const std::uint32_t cseq = invite.cseq().number;
  const CallId id = call.id;
  const CallId otherId = replacing->id;
  SB_LOG_VERBOSE("Call {}: {} joins its other call {} ({}) in place of itself",
                 static_cast<std::uint64_t>(id), partyOf(call, side), static_cast<std::uint64_t>(otherId),
                 call.transfer->target);
  const std::string targetCallId = targetDialog.id().callId;
  transactions_.sendRequest(
      std::move(invite), targetDialog.flow(),
      [this, id, otherId, cseq, joined, side, targetCallId](const sip::ClientEvent& event) {
        // RFC 3261 §13.2.2.4: every 2xx, retransmissions too, is ACKed in the target's dialog,
        // wherever that dialog is by then (it moves into this call on the first 2xx).
        if (event.response && event.response->statusCode() >= 200 && event.response->statusCode() < 300) {
          sip::Dialog* dialog = nullptr;
          if (Call* there = find(otherId); there && dialogOf(*there, joined)) {
            dialog = &*dialogOf(*there, joined);
          } else if (Call* here = find(id); here && dialogOf(*here, side) &&
                                                 dialogOf(*here, side)->id().callId == targetCallId) {
            dialog = &*dialogOf(*here, side);
          }
          if (dialog) {
            dialog->refreshRemoteTarget(*event.response);
            auto ack = dialog->makeRequest(sip::Method::Ack, cseq);
            ack.setVias({viaFor(dialog->flow())});
            stamp(ack);
            sendStateless_(ack, dialog->flow());
          }
        }
        onReplacingAnswer(id, otherId, event);
      });
}

void CallEngine::onReplacingAnswer(CallId id, CallId otherId, const sip::ClientEvent& event) {
  const int status = event.response ? event.response->statusCode() : 0;
  if (status > 0 && status < 200) return;
  Call* call = find(id);
  Call* replacing = find(otherId);
  const bool current = call && call->transfer && call->transfer->replacing == otherId;
  if (!current) {
    // The transferee hung up meanwhile: the target's media now points at ports that are gone.
    if (!call && replacing && status >= 200 && status < 300) hangUp(*replacing, "system", "transfer abandoned");
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
  const Side side = sideOf(transfer.transferorSide);
  const Side joined = sideOf(transfer.replacingSide);
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
    hangUp(replacing, "system", "transfer failed");
    return;
  }
  call.codecs = plan;
  notifyTransferor(call, 200, true);

  // The transferor's leg here ends; the target's leg takes its place, dialog and all.
  sendBye(call, side);
  auto& key = dialogKeyOf(call, side);
  if (!key.empty()) dialogs_.erase(key);
  auto& movedKey = dialogKeyOf(replacing, joined);
  key = std::move(movedKey);
  movedKey.clear();
  dialogs_[key] = DialogRef{call.id, side};
  dialogOf(call, side) = std::move(dialogOf(replacing, joined));
  dialogOf(replacing, joined).reset();
  const std::string target = partyOf(replacing, joined);
  if (side == Side::Caller) {
    call.caller = target;
    const auto* account = accounts_.find(target);
    call.callerName = account ? account->displayName : std::string{};
    call.callerFlow = dialogOf(call, side)->flow();
    // Session timers were the transferor's agreement; the target's refreshes are answered as
    // any re-INVITE.
    call.sessionExpires.reset();
    if (call.sessionTimer != TimerId{}) timers_.cancel(call.sessionTimer);
    call.sessionTimer = TimerId{};
  } else {
    call.callee = target;
  }
  std::erase_if(call.pendingAnswers, [&](Call::PendingAnswer& pending) {
    if (pending.side != valueOf(side)) return false;
    if (pending.timer != TimerId{}) timers_.cancel(pending.timer);
    return true;
  });
  (side == Side::Caller ? call.callerHolding : call.calleeHolding) = answer.value->media.onHold;
  call.media->expect(side, answer.value->media);
  call.media->playMusicTo(std::nullopt);
  call.media->setHolds(call.callerHolding, call.calleeHolding);
  call.negotiation.adoptLeg(side == Side::Caller, transfer.negotiation);
  SB_LOG_VERBOSE("Call {}: {} and {} joined by attended transfer", static_cast<std::uint64_t>(call.id),
                 call.caller, call.callee);
  call.transfer.reset();

  // The other call is over: its transferor leg is hung up, its target leg lives on in `call`.
  sendBye(replacing, transferorThere);
  replacing.hangupSide = transferorThere == Side::Caller ? "caller" : "callee";
  replacing.hangupCause = "attended transfer";
  finish(replacing);
}

}  // namespace sb::call
