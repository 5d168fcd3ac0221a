// SPDX-License-Identifier: MIT
#pragma once
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "base/timer_queue.h"
#include "net/route_source.h"
#include "sip/dialog/invite_session.h"
#include "sip/message/replaces.h"
#include "sip/transaction/transaction_layer.h"
#include "telephony/accounts/account_directory.h"
#include "telephony/call/call.h"
#include "telephony/call/call_media.h"
#include "telephony/feature/forward/call_settings_book.h"
#include "telephony/routing/dial_plan.h"
#include "telephony/voicemail/voicemail.h"

namespace sb::call {

struct CallSettings {
  std::string domain;
  std::string userAgent = "Switchboard";
  std::chrono::seconds ringTimeout{30};      // no answer within this: 480 to the caller
  std::chrono::seconds maxCallLength{14400};  // answered calls end after this (0: never)
  std::chrono::seconds rtpTimeout{60};       // answered calls with no media for this end
};

// A registered contact of an extension: where to send the INVITE.
struct ContactTarget {
  std::string contactUri;
  net::Flow flow;
  std::string extension;  // whose contact it is
};
using ContactFinder = std::function<std::vector<ContactTarget>(std::string_view aor)>;
// Sends a request outside any transaction: the ACK of a 2xx (RFC 3261 §13.2.2.4).
using StatelessSender = std::function<void(const sip::Message& request, const net::Flow& to)>;

// A finished call, as the call record stores it.
struct FinishedCall {
  std::string callId;
  SystemTime startedAt{};
  std::optional<SystemTime> answeredAt;
  SystemTime endedAt{};
  std::string caller, callerName, callee, dialled;
  Disposition disposition = Disposition::Failed;
  std::string callerCodec, calleeCodec;
  std::string hangupSide, hangupCause;
  std::string sourceAddress;
};
using CallRecordSink = std::function<void(const FinishedCall&)>;

// A live call, for `ctl calls`.
struct CallSummary {
  std::uint64_t id = 0;
  std::string caller, callee, dialled, state, callerCodec, calleeCodec;
  std::int64_t seconds = 0;
  MediaCounters packets;
};

std::string_view dispositionName(Disposition d);
// Whether a message's body is labelled application/sdp.
bool isSdp(const sip::Message& message);

// The B2BUA: every call is two SIP dialogs, the caller's (we are its UAS) and the callee's (we
// are its UAC), joined by relayed media. It routes the dialled number to an extension, forks the
// INVITE to all its registered contacts (first 2xx wins, the rest are cancelled), relays
// provisional responses, answers both sides' SDP with the relay's ports, retransmits its 2xx
// until the ACK, carries BYE across, and answers re-INVITEs (hold, moved media) on each leg
// itself. It authenticates nobody: the request pipeline does that before startCall().
class CallEngine {
 public:
  CallEngine(CallSettings settings, sip::TransactionLayer& transactions, StatelessSender sendStateless,
             Timers& timers, const accounts::AccountDirectory& accounts, const routing::DialPlan& plan,
             ContactFinder contacts,
             MediaFactory& media, feature::CallSettingsBook& callSettings, CallRecordSink records);
  ~CallEngine();
  CallEngine(const CallEngine&) = delete;
  CallEngine& operator=(const CallEngine&) = delete;

  // A new INVITE (no To tag) from `origin`, already authenticated.
  void startCall(sip::ServerTransaction invite, routing::Origin origin);
  // A request with a To tag: handled (true) when it belongs to one of our calls' dialogs.
  bool onInDialogRequest(sip::ServerTransaction& request);
  // A CANCEL for a call still ringing (true), answered 200 and the INVITE 487.
  bool onCancel(sip::ServerTransaction& cancel);
  // The ACK of one of our 2xx responses.
  void onAck(const sip::Message& ack, const net::Flow& from);
  // Ends every call (BYE to both sides), e.g. at shutdown.
  void hangUpAll(std::string_view cause);

  // Voicemail for unanswered calls to extensions with a mailbox, and *97 (may stay unset: no
  // voicemail). Must outlive the engine.
  void setVoicemail(voicemail::Voicemail* voicemail) { voicemail_ = voicemail; }

  std::vector<CallSummary> liveCalls() const;
  std::size_t size() const { return calls_.size(); }

 private:
  // Which call a dialog belongs to, by Call-ID and our tag (RFC 3261 §12: the dialog id).
  struct DialogRef {
    CallId call{};
    Side side = Side::Caller;
  };

  Call* find(CallId id);
  static std::string dialogKey(std::string_view callId, std::string_view localTag);
  void index(const Call& call);

  // Setting up (call_setup.cpp).
  // Routes the dialled number through the dial plan: 404 when it leads nowhere.
  void routeCall(Call& call);
  void routeTo(Call& call, const routing::Destination& destination);
  // Rings extension `number` (following its do-not-disturb and forwards).
  void ringExtension(Call& call, const std::string& number);
  void ringGroup(Call& call, const routing::RingGroup& group);
  // A service Switchboard answers itself (feature codes).
  void runFeature(Call& call, const routing::Destination& destination);
  // Follows a forward to `target` unless it is empty or the hop limit is reached (false).
  bool forward(Call& call, const std::string& target, std::string_view why);
  // Rings `targets` (contacts of `extension`, or of a ring group's members) for `timeout`.
  // Leases the call's relay ports and points the caller leg at its offer; false (the call has
  // been refused with 503 and finished) when no ports are left.
  bool openMedia(Call& call);
  void ring(Call& call, const std::vector<ContactTarget>& targets, std::chrono::seconds timeout);
  // Ring groups: the next member when hunting; false when no member is left.
  bool huntNext(Call& call);
  // The group's members did not answer: its no-answer destination, else false.
  bool groupUnanswered(Call& call);
  void fork(Call& call, const std::vector<ContactTarget>& targets, const std::string& offer);
  // Who an INVITE we send is from and to, and its dialog's Call-ID and From tag.
  struct InviteParties {
    std::string fromUser, fromName, toUser, callId, fromTag;
  };
  sip::Message buildInvite(const InviteParties& parties, const ContactTarget& target, const std::string& offer);
  void onForkEvent(CallId id, std::size_t forkIndex, const sip::Message& invite, const net::Flow& flow,
                   const sip::ClientEvent& event);
  void onForkProvisional(Call& call, Fork& fork, const sip::Message& response);
  void onForkAnswered(Call& call, std::size_t forkIndex, const sip::Message& response);
  void onForkFailed(Call& call, Fork& fork, int status);
  void cancelFork(Fork& fork);
  void sendCancel(const sip::Message& invite, const net::Flow& flow);
  void cancelForks(Call& call, std::optional<std::size_t> except);
  void ackAnswer(const sip::Message& invite, const net::Flow& flow, const sip::Message& response);
  void byeAnswer(const sip::Message& invite, const net::Flow& flow, const sip::Message& response);
  void onRingTimeout(CallId id);
  // Reads the callee's SDP answer, points the relay at both phones and returns our answer to the
  // caller; nullopt (and the call fails) when the answer is unusable.
  std::optional<std::string> answerCallerMedia(Call& call, const sip::Message& calleeResponse);
  void respondToCaller(Call& call, int status, std::string_view reason);

  // Blind transfer (call_transfer.cpp): REFER from one leg, the target rung, the leg handed over.
  void onRefer(Call& call, Side side, sip::ServerTransaction& tx);
  void onTransferForkEvent(Call& call, std::size_t forkIndex, const sip::ClientEvent& event);
  void transferAnswered(Call& call, Fork& fork, const sip::Message& response);
  void transferFailed(Call& call, int status);
  void notifyTransferor(Call& call, int status, bool final);
  // What the transferee speaks, as an offer for the target's leg (its codecs first).
  CallerOffer transfereeOffer(const Call& call, Side transferee) const;

  // Attended transfer (call_attended_transfer.cpp): REFER with Replaces naming the transferor's
  // dialog in its other call; that call's far leg is re-INVITEd onto this call's relay and joins.
  void attendedTransfer(Call& call, Side side, sip::ServerTransaction& tx, const sip::Replaces& replaces);
  void onReplacingAnswer(CallId id, CallId otherId, const sip::ClientEvent& event);
  void joinReplacing(Call& call, Call& other, const sip::Message& response);

  // Call pickup (call_pickup.cpp): *8 answers the oldest call ringing any extension, **<ext> one
  // ringing that extension. The picker's INVITE becomes the ringing call's callee leg.
  // `extension` empty: any ringing call.
  void pickUp(Call& picker, const std::string& extension);
  void discard(Call& call);

  // Calls Switchboard answers itself (call_local.cpp): feature codes and the echo test.
  void onFeatureCode(Call& call, const routing::Destination& destination);
  void answerLocally(Call& call, std::shared_ptr<const std::vector<std::int16_t>> tone, bool echo);
  // Answers the caller from Switchboard itself (the early answer if one was sent); false when it
  // cannot, and the call has been refused and finished.
  bool answerHere(Call& call);

  // Voicemail (call_voicemail.cpp): the call goes to the callee's mailbox (true) when it has one
  // and nobody took the call; *97 plays the caller's own.
  bool toVoicemail(Call& call, bool busy);
  void listenToMailbox(Call& call);
  void startVoiceSession(Call& call, std::unique_ptr<voicemail::VoiceSession> session);
  void tickVoice(CallId id);
  void endVoiceSession(Call& call);

  // In the call (call_dialogs.cpp).
  void answerCaller(Call& call, const std::string& sdp);
  // The InviteSession of `call`'s leg on `side` over `dialog`; its endings (no ACK, session timer)
  // hang the call up. adoptSession() points a session that moved here from another call at this one.
  std::unique_ptr<sip::InviteSession> openSession(const Call& call, Side side, sip::Dialog dialog,
                                                  sip::InviteSession::Role role);
  void adoptSession(Call& call, Side side);
  // Puts `leg` in the dialog index under its session's id.
  void indexDialog(Call& call, Side side);
  void armSessionTimer(Call& call);
  void onReInvite(Call& call, Side side, sip::ServerTransaction& request);
  void onBye(Call& call, Side side, sip::ServerTransaction& request);
  void sendBye(Call& call, Side side);
  void checkMedia(CallId id);
  // Ends the call: BYE to every leg in a dialog. `by` is the side that hung up (nullopt: us).
  void hangUp(Call& call, std::optional<Side> by, std::string_view cause);
  void finish(Call& call);

  // Our address as the far end sees it, for Contact, Via and SDP.
  net::SocketAddress localAddressFor(const net::Flow& flow);
  sip::Contact ourContact(const net::Flow& flow);
  net::SocketAddress relayAddressFor(const Call& call, Side side, const net::Flow& flow);
  void stamp(sip::Message& message) const;
  sip::Via viaFor(const net::Flow& flow);
  sip::InviteSessionContext sessionContext();

  CallSettings settings_;
  sip::TransactionLayer& transactions_;
  StatelessSender sendStateless_;
  Timers& timers_;
  const accounts::AccountDirectory& accounts_;
  const routing::DialPlan& plan_;
  ContactFinder contacts_;
  MediaFactory& media_;
  feature::CallSettingsBook& callSettings_;
  CallRecordSink records_;
  voicemail::Voicemail* voicemail_ = nullptr;
  std::shared_ptr<const std::vector<std::int16_t>> confirmTone_;
  std::shared_ptr<const std::vector<std::int16_t>> refuseTone_;
  net::RouteSource routes_;
  std::unordered_map<std::uint64_t, std::unique_ptr<Call>> calls_;
  std::unordered_map<std::string, DialogRef> dialogs_;
  std::unordered_map<std::uint64_t, CallId> inviteTransactions_;  // caller INVITE tx -> call
  std::uint64_t nextId_ = 1;
};

}  // namespace sb::call
