// SPDX-License-Identifier: MIT
#pragma once
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "base/clock.h"
#include "base/timer_queue.h"
#include "net/socket_address.h"
#include "sip/dialog/dialog.h"
#include "sip/message/message.h"
#include "sip/transaction/server_transaction.h"
#include "sip/transaction/transaction_id.h"
#include "telephony/call/call_media.h"
#include "telephony/call/media_negotiation.h"
#include "telephony/voicemail/voice_session.h"

namespace sb::call {

// The methods a call's dialogs take (Allow in our INVITEs, 2xx answers and 405s).
inline constexpr const char* kAllowInCall = "INVITE, ACK, CANCEL, BYE, OPTIONS, INFO, REFER";

// Switchboard's own id for a call; never reused within a run. 0 is never valid.
enum class CallId : std::uint64_t {};

// One INVITE sent to one registered contact of the dialled extension (RFC 3261 §16.6 forking,
// done by a B2BUA): the request as sent (CANCEL and ACK are built from it), its transaction and
// what it has heard.
struct Fork {
  enum class State : std::uint8_t { Calling, Early, Done };
  sip::Message invite;
  net::Flow flow;  // the contact's NAT path
  std::string contact;
  std::string extension;  // whose contact (a ring group rings several extensions)
  sip::ClientTransactionId transaction{};
  State state = State::Calling;
  bool cancelWanted = false;  // CANCEL as soon as a provisional allows it (RFC 3261 §9.1)
  bool cancelSent = false;
  bool transfer = false;  // an INVITE to a transfer target (RFC 3515), not to the callee
  int finalStatus = 0;
};

// A transfer in progress (RFC 3515 REFER): the transferor's leg will be handed to the target
// once it answers (blind) or once its leg in the transferor's other call is moved here (attended); meanwhile the other party hears music on hold and the transferor hears how it
// goes through NOTIFYs with message/sipfrag bodies.
struct Transfer {
  std::uint8_t transferorSide = 0;  // Side of the leg that sent REFER (0 caller, 1 callee)
  std::string target;               // the extension transferred to
  std::string callId;               // the new dialog's Call-ID and our From tag in it
  std::string fromTag;
  MediaNegotiation negotiation;     // SDP on the transferor's relay leg, towards the target
  TimerId ringTimer{};
  bool subscriptionEnded = false;
  // Attended transfer (Refer-To with RFC 3891 Replaces): the other call of the transferor, whose
  // leg towards the target is re-INVITEd onto this call's relay and then moves here.
  std::optional<CallId> replacing;
  std::uint8_t replacingSide = 0;  // Side of that leg in the other call (0 caller, 1 callee)
};

// How a call ended, for the call record (Asterisk's dispositions).
enum class Disposition : std::uint8_t { Answered, NoAnswer, Busy, Failed, Cancelled };

// One call: the caller's dialog and INVITE transaction, the forks to the callee's contacts, the
// winning callee dialog and the relayed media. A plain record of state; CallEngine runs it.
struct Call {
  enum class State : std::uint8_t { Routing, Ringing, Answered, Ended };

  CallId id{};
  State state = State::Routing;
  SystemTime startedAt{};
  std::optional<SystemTime> answeredAt;
  SteadyTime startedSteady{};

  // The caller's side (relay leg A).
  std::string caller;       // extension number
  std::string callerName;   // its display name
  std::string dialled;      // the Request-URI user
  std::string callee;       // the extension dialled
  net::Flow callerFlow;
  std::optional<sip::ServerTransaction> callerInvite;  // until its final response
  sip::Message callerInviteRequest;                      // kept for 2xx retransmissions
  std::string callerTag;    // our To tag towards the caller
  std::optional<sip::Dialog> callerDialog;
  std::optional<sip::Message> callerFinal;  // our 2xx, retransmitted until the ACK (§13.3.1.4)
  Millis callerFinalInterval{0};
  TimerId callerFinalTimer{};
  SteadyTime callerFinalSince{};

  // Our 2xx answers to re-INVITEs (either leg) and to a pickup's INVITE, retransmitted until their
  // ACK like the first one (RFC 3261 §13.3.1.4).
  struct PendingAnswer {
    std::uint8_t side = 0;  // 0 caller, 1 callee
    std::uint32_t cseq = 0;
    sip::Message response;
    net::Flow flow;
    Millis interval{0};
    SteadyTime since{};
    TimerId timer{};
  };
  std::vector<PendingAnswer> pendingAnswers;

  // The callee's side (relay leg B): one fork per contact, then the winner's dialog.
  std::string calleeCallId;
  std::string calleeFromTag;
  std::vector<Fork> forks;
  std::optional<std::size_t> answeredFork;
  std::optional<sip::Dialog> calleeDialog;
  int bestFailure = 0;  // the final response to give the caller when every fork fails
  int forwardHops = 0;  // forwards followed so far (a loop of forwards ends at a limit)
  std::optional<std::size_t> group;  // the ring group being rung (index into the settings)
  std::size_t groupNext = 0;         // its next member to hunt
  std::string calleeDialogKey;
  std::string callerDialogKey;
  std::optional<Transfer> transfer;

  // Media.
  std::unique_ptr<CallMedia> media;
  std::optional<CallerOffer> callerOffer;
  MediaNegotiation negotiation;
  std::optional<std::string> callerAnswer;  // our SDP answer to the caller (in a 183 or the 200)
  bool callerHolding = false;  // a side's last offer put the other on hold
  bool calleeHolding = false;
  std::optional<CodecPlan> codecs;
  // Switchboard talking with the caller itself (voicemail), ticked every 20 ms by voiceTimer.
  std::unique_ptr<voicemail::VoiceSession> voice;
  TimerId voiceTimer{};

  // Timers.
  TimerId ringTimer{};
  TimerId maxLengthTimer{};
  TimerId sessionTimer{};                   // RFC 4028: the caller's refresh is due before this
  std::optional<std::uint32_t> sessionExpires;  // seconds, when the caller asked for session timers
  TimerId mediaCheckTimer{};

  // The end, for the call record.
  Disposition disposition = Disposition::Failed;
  std::string hangupSide;
  std::string hangupCause;
};

}  // namespace sb::call
