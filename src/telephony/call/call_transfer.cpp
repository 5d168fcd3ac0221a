// SPDX-License-Identifier: MIT
// Blind transfer (RFC 3515 REFER, RFC 3892 Referred-By; attended transfer, whose Refer-To names
// a dialog to replace, is in call_attended_transfer.cpp): one party of an answered call asks
// Switchboard to connect the other party to a third extension. The transferee hears music on
// hold while the target rings; the transferor is told how it goes by NOTIFY (message/sipfrag,
// RFC 3515 §2.4.5) and is hung up once the target answers, when its relay leg is handed over.
#include "base/log.h"
#include "base/random.h"
#include "sdp/codec_catalog.h"
#include "sip/message/response_builder.h"
#include "telephony/call/call_engine.h"

namespace sb::call {

void CallEngine::onRefer(Call& call, Side side, sip::ServerTransaction& tx) {
  const auto& request = tx.request();
  const auto respond = [&](int status, std::string_view reason) {
    auto response = sip::makeResponse(request, status, reason);
    stamp(response);
    tx.respond(std::move(response));
  };
  if (call.state != Call::State::Answered || !call.media || !call.codecs) {
    respond(491, "Request Pending");
    return;
  }
  if (call.transfer) {
    respond(491, "Request Pending");  // one transfer at a time
    return;
  }
  auto referTo = request.header("Refer-To");
  if (!referTo) referTo = request.header("r");  // RFC 3515 §2.1 compact form
  const auto target = referTo ? sip::NameAddr::parse(*referTo) : std::nullopt;
  if (!target || !target->uri.isSip()) {
    respond(400, "Bad Refer-To");
    return;
  }
  if (const auto value = target->uri.header("Replaces")) {
    // Refer-To with ?Replaces= is an attended transfer (RFC 3891, RFC 5589 §7).
    const auto replaces = sip::Replaces::parse(*value);
    if (!replaces) {
      respond(400, "Bad Replaces");
      return;
    }
    attendedTransfer(call, side, tx, *replaces);
    return;
  }
  const std::string number = target->uri.userUnescaped();
  if (!accounts_.find(number)) {
    respond(404, "Not Found");
    return;
  }
  respond(202, "Accepted");

  Transfer transfer;
  transfer.transferor = side;
  transfer.target = number;
  transfer.callId = random::token(24) + "@" + settings_.domain;
  transfer.fromTag = random::token(12);
  call.transfer = std::move(transfer);
  notifyTransferor(call, 100, false);

  const auto targets = contacts_(number);
  if (targets.empty()) {
    transferFailed(call, 480);
    return;
  }
  // What the transferee speaks is what we offer the target, so the relay passes it through when it
  // can; our other codecs follow.
  const Side transferee = other(side);
  const auto offer = call.transfer->negotiation.offerToCallee(transfereeOffer(call, transferee),
                                                              relayAddressFor(call, side, targets.front().flow));
  if (offer.empty()) {
    transferFailed(call, 500);
    return;
  }
  call.media->playMusicTo(transferee);

  // The target sees the transferee calling, as it would from a PBX.
  const std::string fromUser = call.leg(transferee).party;
  const auto* fromAccount = accounts_.find(fromUser);
  const InviteParties parties{fromUser, fromAccount ? fromAccount->displayName : std::string{}, number,
                              call.transfer->callId, call.transfer->fromTag};
  const auto first = call.forks.size();
  for (const auto& t : targets) {
    if (!sip::Uri::parse(t.contactUri)) continue;
    auto invite = buildInvite(parties, t, offer);
    // RFC 3892: who asked for this call.
    if (auto& referrer = call.leg(side); referrer.inDialog())
      invite.addHeader("Referred-By", referrer.dialog().remoteParty().toString());
    Fork f{std::move(invite), t.flow, t.contactUri};
    f.extension = number;
    f.transfer = true;
    call.forks.push_back(std::move(f));
  }
  const auto id = call.id;
  call.transfer->ringTimer.start(timers_, settings_.ringTimeout, [this, id] {
    if (Call* c = find(id); c && c->transfer) {
      for (auto& f : c->forks) {
        if (f.transfer) cancelFork(f);
      }
      transferFailed(*c, 408);
    }
  });
  const auto count = call.forks.size();
  for (std::size_t i = first; i < count; ++i) {
    Call* live = find(id);
    if (!live || !live->transfer) return;
    auto invite = std::make_shared<const sip::Message>(live->forks[i].invite);
    const auto flow = live->forks[i].flow;
    live->forks[i].transaction = transactions_.sendRequest(
        *invite, flow, [this, id, i, invite, flow](const sip::ClientEvent& event) {
          onForkEvent(id, i, *invite, flow, event);
        });
  }
  SB_LOG_VERBOSE("Call {}: {} transfers {} to {}", static_cast<std::uint64_t>(id),
                 sideName(side), fromUser, number);
}

CallerOffer CallEngine::transfereeOffer(const Call& call, Side transferee) const {
  CallerOffer pseudo;
  pseudo.codecs = {transferee == Side::Caller ? call.codecs->caller : call.codecs->callee};
  const auto events = transferee == Side::Caller ? call.codecs->callerEvents : call.codecs->calleeEvents;
  if (events) {
    sdp::CodecRef event = sdp::codecs::telephoneEvent();
    event.payloadType = *events;
    pseudo.telephoneEvent = event;
  }
  return pseudo;
}

void CallEngine::onTransferForkEvent(Call& call, std::size_t forkIndex, const sip::ClientEvent& event) {
  Fork& fork = call.forks[forkIndex];
  const int status = event.response ? event.response->statusCode() : 0;
  if (status >= 200 && status < 300) {
    if (!call.transfer || fork.state == Fork::State::Done) {
      // Too late (another phone of the target answered, or the transfer was given up).
      ackAnswer(fork.invite, fork.flow, *event.response);
      byeAnswer(fork.invite, fork.flow, *event.response);
      fork.state = Fork::State::Done;
      return;
    }
    transferAnswered(call, fork, *event.response);
    return;
  }
  if (status > 0 && status < 200) {
    if (fork.state == Fork::State::Calling) fork.state = Fork::State::Early;
    if (fork.cancelWanted) cancelFork(fork);
    else if (status == 180 && call.transfer) notifyTransferor(call, 180, false);
    return;
  }
  if (fork.state == Fork::State::Done) return;
  fork.state = Fork::State::Done;
  fork.finalStatus = event.response ? status : 408;
  if (!call.transfer) return;
  for (const auto& f : call.forks) {
    if (f.transfer && f.state != Fork::State::Done) return;
  }
  transferFailed(call, fork.finalStatus == 486 || fork.finalStatus == 600 ? 486 : fork.finalStatus);
}

void CallEngine::transferAnswered(Call& call, Fork& fork, const sip::Message& response) {
  fork.state = Fork::State::Done;
  ackAnswer(fork.invite, fork.flow, response);
  for (auto& f : call.forks) {
    if (f.transfer && &f != &fork) cancelFork(f);
  }
  auto& transfer = *call.transfer;
  const Side side = transfer.transferor;
  auto answer = transfer.negotiation.readAnswer(response.body());
  if (!answer.ok()) {
    byeAnswer(fork.invite, fork.flow, response);
    transferFailed(call, 488);
    return;
  }
  auto plan = *call.codecs;
  (side == Side::Caller ? plan.caller : plan.callee) = answer.value->codec;
  (side == Side::Caller ? plan.callerEvents : plan.calleeEvents) = answer.value->telephoneEvent;
  if (!call.media->useCodecs(plan)) {
    byeAnswer(fork.invite, fork.flow, response);
    transferFailed(call, 488);
    return;
  }
  call.codecs = plan;
  notifyTransferor(call, 200, true);
  // The transferor's part is over: hang it up and give its relay leg to the target.
  sendBye(call, side);
  auto& leg = call.leg(side);
  leg.session = openSession(call, side, sip::Dialog::asUac(fork.invite, response, fork.flow),
                            sip::InviteSession::Role::Uac);
  indexDialog(call, side);
  leg.flow = fork.flow;
  if (side == Side::Callee) leg.party = transfer.target;
  leg.holding = answer.value->media.onHold;
  call.media->expect(side, answer.value->media);
  call.media->playMusicTo(std::nullopt);
  call.negotiation.adoptLeg(side == Side::Caller, transfer.negotiation);
  SB_LOG_VERBOSE("Call {}: transferred to {}", static_cast<std::uint64_t>(call.id), transfer.target);
  call.transfer.reset();
}

void CallEngine::transferFailed(Call& call, int status) {
  if (!call.transfer) return;
  notifyTransferor(call, status, true);
  call.media->playMusicTo(std::nullopt);
  SB_LOG_VERBOSE("Call {}: transfer to {} failed ({})", static_cast<std::uint64_t>(call.id), call.transfer->target,
                 status);
  call.transfer.reset();
}

void CallEngine::notifyTransferor(Call& call, int status, bool final) {
  if (!call.transfer || call.transfer->subscriptionEnded) return;
  auto& leg = call.leg(call.transfer->transferor);
  if (!leg.inDialog()) return;
  auto& dialog = leg.dialog();
  // RFC 3515 §2.4.5: the implicit subscription's NOTIFYs carry the status line as message/sipfrag.
  auto notify = dialog.makeRequest(sip::Method::Notify);
  notify.setVias({viaFor(dialog.flow())});
  notify.addHeader("Event", "refer");
  notify.addHeader("Subscription-State", final ? "terminated;reason=noresource" : "active;expires=60");
  notify.setContacts({ourContact(dialog.flow())});
  stamp(notify);
  notify.setBody("SIP/2.0 " + std::to_string(status) + " " + std::string(sip::reasonPhrase(status)) + "\r\n",
                 "message/sipfrag;version=2.0");
  if (final) call.transfer->subscriptionEnded = true;
  transactions_.sendRequest(std::move(notify), dialog.flow(), [](const sip::ClientEvent&) {});
}

}  // namespace sb::call
