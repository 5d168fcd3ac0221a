// SPDX-License-Identifier: MIT
// Setting a call up: routing the dialled number, forking the INVITE to the callee's contacts and
// turning their responses into the caller's (RFC 3261 §13, §16.7 response selection by a B2BUA).
#include "base/log.h"
#include "base/random.h"
#include "sip/message/response_builder.h"
#include "telephony/call/call_engine.h"

namespace sb::call {

namespace {

// RFC 3261 §16.7 in spirit: busy or declined wins over "not there"; everything else the caller
// hears as 480, since the reason one of several phones failed means nothing to it.
int callerStatusFor(int calleeStatus) {
  if (calleeStatus == 486 || calleeStatus == 600) return 486;
  if (calleeStatus == 603) return 603;
  return 480;
}

bool busier(int candidate, int current) {
  const auto rank = [](int s) { return s == 486 || s == 600 ? 3 : s == 603 ? 2 : s ? 1 : 0; };
  return rank(candidate) > rank(current);
}

}  // namespace

void CallEngine::routeCall(Call& call) {
  const auto destinations = plan_.route(call.origin, call.dialled);
  if (destinations.empty()) {
    call.hangupCause = "unknown number";
    respondToCaller(call, 404, "Not Found");
    finish(call);
    return;
  }
  // Every number leads to one destination today; trunk routes will fall over to the next.
  routeTo(call, destinations.front());
}

void CallEngine::routeTo(Call& call, const routing::Destination& destination) {
  switch (destination.kind) {
    case routing::Destination::Kind::Feature:
      runFeature(call, destination);
      return;
    case routing::Destination::Kind::RingGroup:
      if (const auto* group = plan_.ringGroup(destination.target)) {
        ringGroup(call, *group);
        return;
      }
      break;
    case routing::Destination::Kind::Extension:
      ringExtension(call, destination.target);
      return;
  }
  call.hangupCause = "unknown number";
  respondToCaller(call, 404, "Not Found");
  finish(call);
}

void CallEngine::runFeature(Call& call, const routing::Destination& destination) {
  switch (destination.feature) {
    case routing::Feature::EchoTest: answerLocally(call, nullptr, true); return;
    case routing::Feature::ListenToMailbox: listenToMailbox(call); return;
    case routing::Feature::PickUpAny: pickUp(call, {}); return;
    case routing::Feature::PickUpExtension: pickUp(call, destination.target); return;
    case routing::Feature::CallSetting: onFeatureCode(call, destination); return;
  }
}

bool CallEngine::forward(Call& call, const std::string& target, std::string_view why) {
  constexpr int kMaxForwardHops = 5;
  if (target.empty() || call.forwardHops >= kMaxForwardHops) return false;
  ++call.forwardHops;
  SB_LOG_VERBOSE("Call {}: {} forwards to {} ({})", static_cast<std::uint64_t>(call.id), call.callee().party, target, why);
  const auto destination = plan_.resolve(target);
  routeTo(call, destination ? *destination : routing::Destination::extension(target));
  return true;
}

void CallEngine::ringGroup(Call& call, const routing::RingGroup& group) {
  call.callee().party = group.number;
  call.bestFailure = 0;
  call.group = &group;
  call.groupNext = 0;
  if (group.hunt) {
    if (huntNext(call)) return;
  } else {
    std::vector<ContactTarget> targets;
    for (const auto& member : group.members) {
      if (callSettings_.of(member).dnd) continue;
      for (auto& t : contacts_(member)) targets.push_back(std::move(t));
    }
    if (!targets.empty()) {
      ring(call, targets, group.ringTime);
      return;
    }
  }
  if (groupUnanswered(call)) return;
  call.hangupCause = "no member available";
  respondToCaller(call, 480, "Temporarily Unavailable");
  finish(call);
}

void CallEngine::ringExtension(Call& call, const std::string& number) {
  call.group = nullptr;
  const auto* account = accounts_.find(number);
  if (!account) {
    call.hangupCause = "unknown number";
    respondToCaller(call, 404, "Not Found");
    finish(call);
    return;
  }
  call.callee().party = account->number;
  call.bestFailure = 0;
  const auto settings = callSettings_.of(account->number);
  if (forward(call, settings.forwardAll, "forward all")) return;
  if (settings.dnd) {
    if (forward(call, settings.forwardBusy, "do not disturb")) return;
    if (toVoicemail(call, true)) return;
    call.disposition = Disposition::Busy;
    call.hangupBy = Side::Callee;
    call.hangupCause = "do not disturb";
    respondToCaller(call, 486, "Busy Here");
    finish(call);
    return;
  }
  const auto targets = contacts_(account->number);
  if (targets.empty()) {
    if (forward(call, settings.forwardNoAnswer, "not registered")) return;
    if (toVoicemail(call, false)) return;
    call.hangupCause = "not registered";
    respondToCaller(call, 480, "Temporarily Unavailable");
    finish(call);
    return;
  }
  ring(call, targets, settings_.ringTimeout);
}

bool CallEngine::huntNext(Call& call) {
  const auto& group = *call.group;
  while (call.groupNext < group.members.size()) {
    const auto& member = group.members[call.groupNext++];
    if (callSettings_.of(member).dnd) continue;
    auto targets = contacts_(member);
    if (targets.empty()) continue;
    ring(call, targets, group.ringTime);
    return true;
  }
  return false;
}

bool CallEngine::groupUnanswered(Call& call) {
  const auto target = call.group->noAnswer;
  call.group = nullptr;
  return forward(call, target, "ring group unanswered");
}

bool CallEngine::openMedia(Call& call) {
  std::string error;
  call.media = media_.open(error);
  if (!call.media) {
    SB_LOG_WARNING("Call {}: no media ports: {}", static_cast<std::uint64_t>(call.id), error);
    call.hangupCause = "no media ports";
    respondToCaller(call, 503, "Service Unavailable");
    finish(call);
    return false;
  }
  call.media->expect(Side::Caller, call.callerOffer->media);
  call.caller().holding = call.callerOffer->media.onHold;
  return true;
}

void CallEngine::ring(Call& call, const std::vector<ContactTarget>& targets, std::chrono::seconds timeout) {
  // Ports are taken only now, after authentication and routing, so unanswerable INVITEs cannot
  // exhaust them.
  if (!call.media && !openMedia(call)) return;
  // Each extension tried is a dialog of its own: a phone tried twice (forwards) must not take the
  // second INVITE for a loop (RFC 3261 §8.2.2.2).
  call.calleeCallId = random::token(24) + "@" + settings_.domain;
  const auto offer = call.negotiation.offerToCallee(*call.callerOffer,
                                                    relayAddressFor(call, Side::Callee, targets.front().flow));
  if (offer.empty()) {
    call.hangupCause = "could not build an offer";
    respondToCaller(call, 500, "Server Internal Error");
    finish(call);
    return;
  }
  call.state = Call::State::Ringing;
  const auto id = call.id;
  call.ringTimer.start(timers_, timeout, [this, id] { onRingTimeout(id); });
  fork(call, targets, offer);
}

sip::Message CallEngine::buildInvite(const InviteParties& parties, const ContactTarget& target,
                                     const std::string& offer) {
  // RFC 3261 §8.1.1: the Request-URI is the contact exactly as the phone registered it, user part
  // included (a Cisco 79xx refuses an INVITE for any other user).
  auto uri = sip::Uri::parse(target.contactUri);
  auto invite = sip::Message::request(sip::Method::Invite, "INVITE", uri.value_or(sip::Uri{}));
  invite.setVias({viaFor(target.flow)});
  sip::NameAddr from;
  from.displayName = parties.fromName;
  from.uri.scheme = "sip";
  from.uri.user = parties.fromUser;
  from.uri.host = settings_.domain;
  from.params.set("tag", parties.fromTag);
  invite.setFrom(from);
  sip::NameAddr to;
  to.uri.scheme = "sip";
  to.uri.user = parties.toUser;
  to.uri.host = settings_.domain;
  invite.setTo(to);
  invite.setCallId(parties.callId);
  invite.setCSeq(sip::CSeq{1, "INVITE"});
  invite.setContacts({ourContact(target.flow)});
  invite.setMaxForwards(70);
  invite.addHeader("Allow", kAllowInCall);
  stamp(invite);
  invite.setBody(offer, "application/sdp");
  return invite;
}

void CallEngine::fork(Call& call, const std::vector<ContactTarget>& targets, const std::string& offer) {
  for (const auto& target : targets) {
    if (!sip::Uri::parse(target.contactUri)) continue;
    const InviteParties parties{call.caller().party, call.caller().displayName, call.callee().party, call.calleeCallId, call.calleeFromTag};
    Fork f{buildInvite(parties, target, offer), target.flow, target.contactUri};
    f.extension = target.extension;
    call.forks.push_back(std::move(f));
  }
  const auto id = call.id;
  const auto count = call.forks.size();
  for (std::size_t i = 0; i < count; ++i) {
    Call* live = find(id);
    if (!live) return;  // a fork failing at once may already have ended the call
    auto invite = std::make_shared<const sip::Message>(live->forks[i].invite);
    const auto flow = live->forks[i].flow;
    live->forks[i].transaction = transactions_.sendRequest(
        *invite, flow, [this, id, i, invite, flow](const sip::ClientEvent& event) {
          onForkEvent(id, i, *invite, flow, event);
        });
  }
}

void CallEngine::onForkEvent(CallId id, std::size_t forkIndex, const sip::Message& invite,
                             const net::Flow& flow, const sip::ClientEvent& event) {
  Call* call = find(id);
  const int status = event.response ? event.response->statusCode() : 0;
  if (!call || forkIndex >= call->forks.size()) {
    // The call is over, yet a phone answers (it did not get our CANCEL in time): confirm and end
    // its dialog so it does not sit in a call with nobody (RFC 3261 §15).
    if (status >= 200 && status < 300) {
      ackAnswer(invite, flow, *event.response);
      byeAnswer(invite, flow, *event.response);
    } else if (status > 100 && status < 200) {
      // It rings although the call ended before any provisional allowed a CANCEL (§9.1): now.
      sendCancel(invite, flow);
    }
    return;
  }
  if (call->forks[forkIndex].transfer) {
    onTransferForkEvent(*call, forkIndex, event);
    return;
  }
  Fork& fork = call->forks[forkIndex];
  if (!event.response) {
    onForkFailed(*call, fork, event.kind == sip::ClientEvent::Kind::Timeout ? 408 : 503);
    return;
  }
  if (status < 200) {
    onForkProvisional(*call, fork, *event.response);
  } else if (status < 300) {
    onForkAnswered(*call, forkIndex, *event.response);
  } else {
    onForkFailed(*call, fork, status);
  }
}

void CallEngine::onForkProvisional(Call& call, Fork& fork, const sip::Message& response) {
  if (fork.state == Fork::State::Calling) fork.state = Fork::State::Early;
  // RFC 3261 §9.1: a CANCEL may only follow a provisional response.
  if (fork.cancelWanted) {
    cancelFork(fork);
    return;
  }
  const int status = response.statusCode();
  if (status == 100 || call.state != Call::State::Ringing || !call.callerInvite) return;
  auto relayed = sip::makeResponse(call.callerInviteRequest, status == 183 ? 183 : 180,
                                   status == 183 ? "Session Progress" : "Ringing", call.callerTag);
  relayed.setContacts({ourContact(call.caller().flow)});
  stamp(relayed);
  // Early media (RFC 3960): the first 183 with an answer opens the relay before the answer.
  if (!response.body().empty() && !call.callerAnswer) {
    auto answer = answerCallerMedia(call, response);
    if (answer) relayed.setBody(*answer, "application/sdp");
  } else if (status == 183 && call.callerAnswer) {
    relayed.setBody(*call.callerAnswer, "application/sdp");
  }
  call.callerInvite->respond(std::move(relayed));
}

std::optional<std::string> CallEngine::answerCallerMedia(Call& call, const sip::Message& calleeResponse) {
  auto answer = call.negotiation.readAnswer(calleeResponse.body());
  if (!answer.ok()) {
    SB_LOG_NOTICE("Call {}: the callee's SDP answer is unusable: {}", static_cast<std::uint64_t>(call.id),
                  answer.reason);
    return std::nullopt;
  }
  call.media->expect(Side::Callee, answer.value->media);
  call.callee().holding = answer.value->media.onHold;
  auto body = call.negotiation.answerToCaller(*call.callerOffer, *answer.value,
                                              relayAddressFor(call, Side::Caller, call.caller().flow));
  if (body.empty() || !call.negotiation.callerCodec()) return std::nullopt;
  CodecPlan plan{*call.negotiation.callerCodec(), call.negotiation.callerTelephoneEvent(),
                 answer.value->codec, answer.value->telephoneEvent};
  if (!call.media->useCodecs(plan)) {
    SB_LOG_NOTICE("Call {}: cannot transcode {} to {}", static_cast<std::uint64_t>(call.id), plan.caller.name,
                  plan.callee.name);
    return std::nullopt;
  }
  call.codecs = plan;
  call.callerAnswer = body;
  return body;
}

void CallEngine::onForkAnswered(Call& call, std::size_t forkIndex, const sip::Message& response) {
  Fork& fork = call.forks[forkIndex];
  if (call.voice) {
    // Voicemail took the call while this phone's answer crossed our CANCEL: end its dialog.
    ackAnswer(fork.invite, fork.flow, response);
    byeAnswer(fork.invite, fork.flow, response);
    fork.state = Fork::State::Done;
    return;
  }
  if (call.answeredFork) {
    // The winner's 2xx again (our ACK was lost): ACK it again (RFC 3261 §13.2.2.4). Any other
    // phone answering too late is confirmed and hung up.
    ackAnswer(fork.invite, fork.flow, response);
    if (*call.answeredFork != forkIndex) byeAnswer(fork.invite, fork.flow, response);
    fork.state = Fork::State::Done;
    return;
  }
  fork.state = Fork::State::Done;
  fork.finalStatus = response.statusCode();
  ackAnswer(fork.invite, fork.flow, response);
  call.answeredFork = forkIndex;
  if (!fork.extension.empty()) call.callee().party = fork.extension;
  call.callee().flow = fork.flow;
  call.callee().session = openSession(call, Side::Callee, sip::Dialog::asUac(fork.invite, response, fork.flow),
                                      sip::InviteSession::Role::Uac);
  indexDialog(call, Side::Callee);
  cancelForks(call, forkIndex);
  call.ringTimer.cancel();

  std::optional<std::string> body = call.callerAnswer;
  if (!body) {
    body = answerCallerMedia(call, response);
  } else if (!response.body().empty()) {
    // The final answer may differ from the early one (RFC 3261 §13.2.1: the 200 repeats it);
    // follow where the phone now wants media.
    if (auto answer = call.negotiation.readAnswer(response.body()); answer.ok()) {
      call.media->expect(Side::Callee, answer.value->media);
    }
  }
  if (!body) {
    call.hangupCause = "unusable SDP answer";
    sendBye(call, Side::Callee);
    respondToCaller(call, 488, "Not Acceptable Here");
    finish(call);
    return;
  }
  answerCaller(call, *body);
  const auto id = call.id;
  SB_LOG_VERBOSE("Call {}: {} answered on {} ({} / {})", static_cast<std::uint64_t>(id), call.callee().party,
                 log::untrusted(fork.contact), call.codecs ? call.codecs->caller.name : "?",
                 call.codecs ? call.codecs->callee.name : "?");
}

void CallEngine::onForkFailed(Call& call, Fork& fork, int status) {
  if (fork.state == Fork::State::Done) return;
  fork.state = Fork::State::Done;
  fork.finalStatus = status;
  if (busier(status, call.bestFailure)) call.bestFailure = status;
  if (call.answeredFork || call.state != Call::State::Ringing) return;
  for (const auto& f : call.forks) {
    if (f.state != Fork::State::Done) return;
  }
  if (call.group) {
    if (call.group->hunt && huntNext(call)) return;
    if (groupUnanswered(call)) return;
  }
  const int callerStatus = callerStatusFor(call.bestFailure);
  const auto settings = callSettings_.of(call.callee().party);
  const bool busy = callerStatus == 486 || callerStatus == 603;
  if (forward(call, busy ? settings.forwardBusy : settings.forwardNoAnswer, busy ? "busy" : "unavailable")) return;
  if (toVoicemail(call, busy)) return;
  call.disposition = callerStatus == 486 || callerStatus == 603 ? Disposition::Busy
                     : call.bestFailure == 408 || call.bestFailure == 480 ? Disposition::NoAnswer
                                                                           : Disposition::Failed;
  call.hangupBy = Side::Callee;
  call.hangupCause = std::to_string(call.bestFailure) + " " + std::string(sip::reasonPhrase(call.bestFailure));
  respondToCaller(call, callerStatus, sip::reasonPhrase(callerStatus));
  finish(call);
}

void CallEngine::cancelFork(Fork& fork) {
  if (fork.state == Fork::State::Done || fork.cancelSent) return;
  if (fork.state == Fork::State::Calling) {
    fork.cancelWanted = true;  // sent when the first provisional arrives (RFC 3261 §9.1)
    return;
  }
  fork.cancelSent = true;
  sendCancel(fork.invite, fork.flow);
}

void CallEngine::sendCancel(const sip::Message& invite, const net::Flow& flow) {
  // RFC 3261 §9.1: same Request-URI, Call-ID, From, To, CSeq number and top Via as the INVITE.
  auto cancel = sip::Message::request(sip::Method::Cancel, "CANCEL", invite.requestUri());
  cancel.setVias({invite.vias().front()});
  cancel.setFrom(invite.from());
  cancel.setTo(invite.to());
  cancel.setCallId(invite.callId());
  cancel.setCSeq(sip::CSeq{invite.cseq().number, "CANCEL"});
  cancel.setMaxForwards(70);
  stamp(cancel);
  // A second CANCEL for the same INVITE (another provisional) is refused by the transaction
  // layer as a duplicate, which is what we want.
  transactions_.sendRequest(std::move(cancel), flow, [](const sip::ClientEvent&) {});
}

void CallEngine::cancelForks(Call& call, std::optional<std::size_t> except) {
  for (std::size_t i = 0; i < call.forks.size(); ++i) {
    if (except && *except == i) continue;
    cancelFork(call.forks[i]);
  }
}

void CallEngine::ackAnswer(const sip::Message& invite, const net::Flow& flow, const sip::Message& response) {
  // RFC 3261 §13.2.2.4: the ACK of a 2xx is a request of the new dialog, with its own branch,
  // sent outside any transaction, for every 2xx retransmission too.
  auto dialog = sip::Dialog::asUac(invite, response, flow);
  auto ack = dialog.makeRequest(sip::Method::Ack, invite.cseq().number);
  ack.setVias({viaFor(flow)});
  stamp(ack);
  sendStateless_(ack, flow);
}

void CallEngine::byeAnswer(const sip::Message& invite, const net::Flow& flow, const sip::Message& response) {
  auto dialog = sip::Dialog::asUac(invite, response, flow);
  auto bye = dialog.makeRequest(sip::Method::Bye);
  bye.setVias({viaFor(flow)});
  stamp(bye);
  transactions_.sendRequest(std::move(bye), flow, [](const sip::ClientEvent&) {});
}

void CallEngine::onRingTimeout(CallId id) {
  Call* call = find(id);
  if (!call) return;
  call->ringTimer.cancel();
  if (call->state != Call::State::Ringing) return;
  cancelForks(*call, std::nullopt);
  if (call->group) {
    if (call->group->hunt && huntNext(*call)) return;
    if (groupUnanswered(*call)) return;
  } else if (forward(*call, callSettings_.of(call->callee().party).forwardNoAnswer, "no answer")) {
    return;
  } else if (toVoicemail(*call, false)) {
    return;
  }
  call->disposition = Disposition::NoAnswer;
  call->hangupCause = "ring timeout";
  respondToCaller(*call, 480, "Temporarily Unavailable");
  finish(*call);
}

void CallEngine::respondToCaller(Call& call, int status, std::string_view reason) {
  if (!call.callerInvite || call.callerInvite->finalSent()) return;
  auto response = sip::makeResponse(call.callerInviteRequest, status, reason, call.callerTag);
  stamp(response);
  inviteTransactions_.erase(static_cast<std::uint64_t>(call.callerInvite->id()));
  call.callerInvite->respond(std::move(response));
  call.callerInvite.reset();
}

}  // namespace sb::call
