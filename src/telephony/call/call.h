// SPDX-License-Identifier: MIT
#pragma once
#include <array>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "base/clock.h"
#include "base/scoped_timer.h"
#include "net/socket_address.h"
#include "sip/message/message.h"
#include "sip/transaction/server_transaction.h"
#include "sip/transaction/transaction_id.h"
#include "telephony/call/call_media.h"
#include "telephony/call/leg.h"
#include "telephony/call/media_negotiation.h"
#include "telephony/routing/origin.h"
#include "telephony/routing/ring_group.h"
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
  Side transferor = Side::Caller;   // the leg that sent REFER
  std::string target;               // the extension transferred to
  std::string callId;               // the new dialog's Call-ID and our From tag in it
  std::string fromTag;
  MediaNegotiation negotiation;     // SDP on the transferor's relay leg, towards the target
  ScopedTimer ringTimer;
  bool subscriptionEnded = false;
  // Attended transfer (Refer-To with RFC 3891 Replaces): the other call of the transferor, whose
  // leg towards the target is re-INVITEd onto this call's relay and then moves here.
  std::optional<CallId> replacing;
  Side replacingSide = Side::Caller;  // that leg's side in the other call
};

// How a call ended, for the call record (Asterisk's dispositions).
enum class Disposition : std::uint8_t { Answered, NoAnswer, Busy, Failed, Cancelled };

// One call: its legs (the caller's, then the callee's once one answers), the caller's INVITE
// until it has its final answer, the forks ringing the callee's contacts, and the relayed media.
// A plain record of state; CallEngine runs it. Destroying it cancels every timer it holds.
struct Call {
  enum class State : std::uint8_t { Routing, Ringing, Answered, Ended };

  CallId id{};
  State state = State::Routing;
  SystemTime startedAt{};
  std::optional<SystemTime> answeredAt;
  SteadyTime startedSteady{};
  routing::Origin origin;  // who called
  std::string dialled;     // the Request-URI user

  std::array<Leg, 2> legs;
  Leg& leg(Side side) { return legs[indexOf(side)]; }
  const Leg& leg(Side side) const { return legs[indexOf(side)]; }
  Leg& caller() { return leg(Side::Caller); }
  const Leg& caller() const { return leg(Side::Caller); }
  Leg& callee() { return leg(Side::Callee); }
  const Leg& callee() const { return leg(Side::Callee); }

  // The caller's INVITE until its final response, and what our answers to it are built from.
  std::optional<sip::ServerTransaction> callerInvite;
  sip::Message callerInviteRequest;
  std::string callerTag;  // our To tag towards the caller
  // RFC 4028: the interval the caller asked for (it refreshes), in seconds.
  std::optional<std::uint32_t> sessionExpires;

  // Ringing the callee: one fork per contact, then the one that answered.
  std::string calleeCallId;
  std::string calleeFromTag;
  std::vector<Fork> forks;
  std::optional<std::size_t> answeredFork;
  int bestFailure = 0;  // the final response to give the caller when every fork fails
  int forwardHops = 0;  // forwards followed so far (a loop of forwards ends at a limit)
  const routing::RingGroup* group = nullptr;  // the ring group being rung (the dial plan's)
  std::size_t groupNext = 0;         // its next member to hunt
  std::optional<Transfer> transfer;

  // Media.
  std::unique_ptr<CallMedia> media;
  std::optional<CallerOffer> callerOffer;
  MediaNegotiation negotiation;
  std::optional<std::string> callerAnswer;  // our SDP answer to the caller (in a 183 or the 200)
  std::optional<CodecPlan> codecs;
  // Switchboard talking with the caller itself (voicemail), ticked every 20 ms by voiceTimer.
  std::unique_ptr<voicemail::VoiceSession> voice;
  ScopedTimer voiceTimer;

  ScopedTimer ringTimer;
  ScopedTimer maxLengthTimer;  // also a feature code's hang-up after its tone
  ScopedTimer mediaCheckTimer;

  // The end, for the call record.
  Disposition disposition = Disposition::Failed;
  std::optional<Side> hangupBy;  // nullopt: Switchboard itself
  std::string hangupCause;
};

}  // namespace sb::call
