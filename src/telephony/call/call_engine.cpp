// SPDX-License-Identifier: MIT
#include "telephony/call/call_engine.h"

#include <algorithm>
#include <cmath>

#include "base/log.h"
#include "base/random.h"
#include "base/text.h"
#include "sip/message/response_builder.h"

namespace sb::call {

bool isSdp(const sip::Message& message) {
  auto type = message.header("Content-Type");
  if (!type) type = message.header("c");  // compact form
  if (!type) return false;
  auto value = type->substr(0, type->find(';'));
  while (!value.empty() && value.back() == ' ') value.remove_suffix(1);
  while (!value.empty() && value.front() == ' ') value.remove_prefix(1);
  return text::iequals(value, "application/sdp");
}

std::string_view dispositionName(Disposition d) {
  switch (d) {
    case Disposition::Answered: return "ANSWERED";
    case Disposition::NoAnswer: return "NO ANSWER";
    case Disposition::Busy: return "BUSY";
    case Disposition::Cancelled: return "CANCELLED";
    case Disposition::Failed: break;
  }
  return "FAILED";
}

CallEngine::CallEngine(CallSettings settings, sip::TransactionLayer& transactions,
                       StatelessSender sendStateless, Timers& timers,
                       const accounts::AccountDirectory& accounts, const routing::DialPlan& plan,
                       ContactFinder contacts,
                       MediaFactory& media, feature::CallSettingsBook& callSettings,
                       CallRecordSink records)
    : settings_(std::move(settings)), transactions_(transactions),
      sendStateless_(std::move(sendStateless)), timers_(timers), accounts_(accounts),
      plan_(plan), contacts_(std::move(contacts)), media_(media), callSettings_(callSettings),
      records_(std::move(records)) {
  // A feature code's answer: two rising beeps when it took effect, a low double tone when not.
  const auto render = [](double first, double second) {
    constexpr int kRate = 8000;
    auto pcm = std::make_shared<std::vector<std::int16_t>>(kRate * 2, 0);
    for (int i = 0; i < kRate * 2 / 5; ++i) {
      const double t = static_cast<double>(i) / kRate;
      const double hz = i < kRate / 5 ? first : second;
      (*pcm)[static_cast<std::size_t>(i)] = static_cast<std::int16_t>(6000 * std::sin(2 * M_PI * hz * t));
    }
    return std::shared_ptr<const std::vector<std::int16_t>>(std::move(pcm));
  };
  confirmTone_ = render(660, 880);
  refuseTone_ = render(480, 350);
}

// Each call's timers and sessions cancel themselves as the calls go.
CallEngine::~CallEngine() = default;

Call* CallEngine::find(CallId id) {
  auto it = calls_.find(static_cast<std::uint64_t>(id));
  return it == calls_.end() ? nullptr : it->second.get();
}

std::string CallEngine::dialogKey(std::string_view callId, std::string_view localTag) {
  std::string key;
  key.reserve(callId.size() + localTag.size() + 1);
  key.append(callId).push_back('\n');
  key.append(localTag);
  return key;
}

void CallEngine::startCall(sip::ServerTransaction invite, routing::Origin origin) {
  const auto& request = invite.request();
  auto owned = std::make_unique<Call>();
  Call& call = *owned;
  call.id = CallId{nextId_++};
  call.startedAt = timers_.clock().systemNow();
  call.startedSteady = timers_.clock().steadyNow();
  call.caller().party = origin.number;
  call.caller().displayName = origin.displayName;
  call.origin = std::move(origin);
  call.dialled = request.requestUri().userUnescaped();
  call.caller().flow = invite.flow();
  call.callerTag = random::token(12);
  call.callerInviteRequest = request;
  call.calleeCallId = random::token(24) + "@" + settings_.domain;
  call.calleeFromTag = random::token(12);
  inviteTransactions_[static_cast<std::uint64_t>(invite.id())] = call.id;
  call.callerInvite.emplace(std::move(invite));
  calls_.emplace(static_cast<std::uint64_t>(call.id), std::move(owned));

  SB_LOG_VERBOSE("Call {}: {} ({}) dials {} from {}", static_cast<std::uint64_t>(call.id), call.caller().party,
                 log::untrusted(call.caller().displayName), log::untrusted(call.dialled),
                 call.caller().flow.remote.toString());
  // RFC 3261 §13.2.1 allows an INVITE without an offer; Switchboard needs the caller's offer to
  // open the relay before the callee rings.
  if (call.callerInviteRequest.body().empty()) {
    call.hangupCause = "no SDP offer";
    respondToCaller(call, 488, "Not Acceptable Here");
    finish(call);
    return;
  }
  // RFC 3261 §8.2.3: a body we do not understand gets 415 with what we accept.
  if (!isSdp(call.callerInviteRequest)) {
    auto response = sip::makeResponse(call.callerInviteRequest, 415, "Unsupported Media Type", call.callerTag);
    response.addHeader("Accept", "application/sdp");
    stamp(response);
    inviteTransactions_.erase(static_cast<std::uint64_t>(call.callerInvite->id()));
    call.callerInvite->respond(std::move(response));
    call.callerInvite.reset();
    call.hangupCause = "body is not SDP";
    finish(call);
    return;
  }
  auto offer = MediaNegotiation::readOffer(call.callerInviteRequest.body());
  if (!offer.ok()) {
    call.hangupCause = offer.error();
    respondToCaller(call, offer.code(), offer.code() == 400 ? "Bad Request" : "Not Acceptable Here");
    finish(call);
    return;
  }
  call.callerOffer = std::move(*offer);
  // RFC 4028: a caller that offers session timers gets them, with itself as the refresher.
  if (auto expires = call.callerInviteRequest.header("Session-Expires")) {
    constexpr std::uint32_t kMinSe = 90;  // RFC 4028 §4: the smallest interval allowed
    const auto value = text::parseUnsigned<std::uint32_t>(expires->substr(0, expires->find(';')));
    if (value && *value < kMinSe) {
      // §6: too brief: 422 with our Min-SE, and the phone retries with a longer interval.
      auto response = sip::makeResponse(call.callerInviteRequest, 422, "Session Interval Too Small", call.callerTag);
      response.addHeader("Min-SE", std::to_string(kMinSe));
      stamp(response);
      inviteTransactions_.erase(static_cast<std::uint64_t>(call.callerInvite->id()));
      call.callerInvite->respond(std::move(response));
      call.callerInvite.reset();
      call.hangupCause = "session interval too small";
      finish(call);
      return;
    }
    if (value) call.sessionExpires = *value;
  }
  routeCall(call);
}

bool CallEngine::onCancel(sip::ServerTransaction& cancel) {
  const auto inviteId = transactions_.findInviteServerTransactionFor(cancel.request());
  if (!inviteId) return false;
  auto it = inviteTransactions_.find(static_cast<std::uint64_t>(*inviteId));
  Call* call = it == inviteTransactions_.end() ? nullptr : find(it->second);
  // RFC 3261 §9.2: 200 to the CANCEL, then 487 to the INVITE it cancels. An INVITE whose
  // transaction still exists but already has its final response (our 200 crossed the CANCEL)
  // is not affected, yet the CANCEL still gets 200.
  auto ok = sip::makeResponse(cancel.request(), 200, "OK");
  stamp(ok);
  cancel.respond(std::move(ok));
  if (!call || call->state == Call::State::Answered) return true;  // too late: the call goes on
  cancelForks(*call, std::nullopt);
  call->disposition = Disposition::Cancelled;
  call->hangupBy = Side::Caller;
  call->hangupCause = "CANCEL";
  respondToCaller(*call, 487, "Request Terminated");
  finish(*call);
  return true;
}

void CallEngine::onAck(const sip::Message& ack, const net::Flow&) {
  auto it = dialogs_.find(dialogKey(ack.callId(), ack.to().tag().value_or("")));
  if (it == dialogs_.end()) return;
  Call* call = find(it->second.call);
  if (!call) return;
  if (auto& session = call->leg(it->second.side).session) session->onAck(ack);
}

bool CallEngine::onInDialogRequest(sip::ServerTransaction& tx) {
  const auto& request = tx.request();
  auto it = dialogs_.find(dialogKey(request.callId(), request.to().tag().value_or("")));
  if (it == dialogs_.end()) return false;
  const auto ref = it->second;
  Call* call = find(ref.call);
  if (!call) return false;
  auto& leg = call->leg(ref.side);
  if (!leg.session || request.from().tag().value_or("") != leg.dialog().id().remoteTag) return false;
  auto& dialog = leg.dialog();
  if (!dialog.acceptRemoteCSeq(request)) {
    // RFC 3261 §12.2.2: a CSeq lower than the last one seen in the dialog gets 500.
    auto response = sip::makeResponse(request, 500, "CSeq Out of Order");
    stamp(response);
    tx.respond(std::move(response));
    return true;
  }
  // The phone's NAT mapping may have moved; in-dialog requests follow its latest path.
  dialog.updateFlow(tx.flow());
  switch (request.method()) {
    case sip::Method::Bye: onBye(*call, ref.side, tx); return true;
    case sip::Method::Invite: onReInvite(*call, ref.side, tx); return true;
    case sip::Method::Refer: onRefer(*call, ref.side, tx); return true;
    case sip::Method::Options:
    case sip::Method::Info: {
      // INFO (RFC 6086) carries DTMF for some phones; Switchboard relays RFC 4733 events instead.
      auto ok = sip::makeResponse(request, 200, "OK");
      stamp(ok);
      tx.respond(std::move(ok));
      return true;
    }
    default: {
      // RFC 3261 §8.2.1: a method we know but do not take in a call (SUBSCRIBE, REGISTER, CANCEL
      // with the dialog's tags...) is 405 with what the dialog does take.
      auto response = sip::makeResponse(request, 405, "Method Not Allowed");
      response.addHeader("Allow", kAllowInCall);
      stamp(response);
      tx.respond(std::move(response));
      return true;
    }
  }
}

void CallEngine::hangUpAll(std::string_view cause) {
  std::vector<CallId> ids;
  for (const auto& [id, call] : calls_) ids.push_back(call->id);
  for (auto id : ids) {
    if (Call* call = find(id)) {
      if (call->state == Call::State::Answered) {
        hangUp(*call, std::nullopt, cause);
      } else {
        cancelForks(*call, std::nullopt);
        call->hangupCause = std::string(cause);
        respondToCaller(*call, 503, "Service Unavailable");
        finish(*call);
      }
    }
  }
}

std::vector<CallSummary> CallEngine::liveCalls() const {
  std::vector<CallSummary> out;
  const auto now = timers_.clock().steadyNow();
  for (const auto& [id, call] : calls_) {
    CallSummary s;
    s.id = id;
    s.caller = call->caller().party;
    s.callee = call->callee().party;
    s.dialled = call->dialled;
    s.state = call->state == Call::State::Answered ? "up" : call->state == Call::State::Ringing ? "ringing" : "routing";
    s.seconds = std::chrono::duration_cast<std::chrono::seconds>(now - call->startedSteady).count();
    if (call->codecs) {
      s.callerCodec = call->codecs->caller.name;
      s.calleeCodec = call->codecs->callee.name;
    }
    if (call->media) s.packets = call->media->counters();
    out.push_back(std::move(s));
  }
  return out;
}

net::SocketAddress CallEngine::localAddressFor(const net::Flow& flow) {
  auto local = flow.local;
  // A socket bound to 0.0.0.0 has no address of its own to name: ask the kernel which one routes
  // to the peer.
  if (local.ip.is_unspecified()) local.ip = routes_.sourceFor(flow.remote.ip);
  return local;
}

sip::Contact CallEngine::ourContact(const net::Flow& flow) {
  const auto local = localAddressFor(flow);
  sip::Contact contact;
  contact.address.uri.scheme = "sip";
  contact.address.uri.user = "switchboard";
  contact.address.uri.host = net::hostText(local.ip);
  contact.address.uri.port = local.port;
  if (flow.transport != net::TransportKind::Udp) {
    std::string name(net::transportName(flow.transport));
    for (auto& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    contact.address.uri.params.set("transport", name);
  }
  return contact;
}

net::SocketAddress CallEngine::relayAddressFor(const Call& call, Side side, const net::Flow& flow) {
  auto relay = call.media->relayAddress(side);
  // Relay sockets on the wildcard address send from the address the kernel's route to the phone
  // picks: the SDP must name that one (a phone's NAT lets in RTP only from where it sends), even
  // when the phone reached our SIP side on another of the host's addresses (decision 0012).
  if (relay.ip.is_unspecified()) {
    relay.ip = routes_.sourceFor(flow.remote.ip);
    call.media->announce(side, relay.ip);
  }
  return relay;
}

void CallEngine::stamp(sip::Message& message) const {
  message.setHeader(message.isRequest() ? "User-Agent" : "Server", settings_.userAgent);
}

}  // namespace sb::call
