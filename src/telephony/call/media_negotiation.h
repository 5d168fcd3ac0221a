// SPDX-License-Identifier: MIT
#pragma once
#include <cstdint>
#include <optional>

#include "base/result.h"
#include <string>
#include <vector>

#include "base/result.h"
#include "net/socket_address.h"
#include "sdp/codec_ref.h"
#include "sdp/offer_answer.h"
#include "sdp/session_description.h"

namespace sb::call {

// Where a peer wants our RTP: the address and port its SDP names (possibly private, possibly the
// RFC 2543 hold address 0.0.0.0), and whether it is on hold.
struct PeerMedia {
  net::SocketAddress rtp;
  bool onHold = false;
};

// The caller's offer, read and checked: the audio stream, what it names and the codecs of ours
// that it offers (with its payload type numbers).
struct CallerOffer {
  sdp::SessionDescription description;
  PeerMedia media;
  std::vector<sdp::CodecRef> codecs;  // voice codecs we speak, caller's order, caller's numbers
  std::optional<sdp::CodecRef> telephoneEvent;
};

// What the callee's answer agreed on for the audio stream.
struct CalleeAnswer {
  PeerMedia media;
  sdp::CodecRef codec;  // what both sides of the callee leg send, with the callee leg's number
  std::optional<std::uint8_t> telephoneEvent;
};

// The SDP side of a B2BUA call (RFC 3264 offer/answer on each leg, RFC 4566 bodies): it reads the
// caller's offer, writes our offer to the callee, reads the callee's answer and writes our answer
// to the caller. Our descriptions always name Switchboard's relay ports, never the other phone's.
// It keeps one o= per leg so every description we send in a dialog follows RFC 3264 §8. It does
// not touch sockets: the call engine hands the addresses to the relay.
class MediaNegotiation {
 public:
  // Reads an INVITE's offer. Only offers with an audio stream and a codec we speak are taken.
  // A failure's code is the status to refuse it with: 400 for an unreadable body, 488 for one we
  // cannot accept.
  static Result<CallerOffer> readOffer(std::string_view body);

  // Our offer to the callee: the caller's codecs first with the caller's numbers (so the relay can
  // pass packets through unchanged when the callee picks one), then our other codecs (which the
  // relay transcodes), then telephone-event.
  std::string offerToCallee(const CallerOffer& offer, const net::SocketAddress& relay);
  // Reads the callee's answer to offerToCallee().
  Result<CalleeAnswer> readAnswer(std::string_view body) const;
  // Our answer to the caller for the codec it will use: the callee's codec when the caller offered
  // it, else the caller's first (the relay transcodes). Empty when the answer cannot be built.
  std::string answerToCaller(const CallerOffer& offer, const CalleeAnswer& answer,
                             const net::SocketAddress& relay);
  // Our answer to an offer in a re-INVITE on one leg (hold, resume, moved media): the codec that
  // leg uses now if offered, else the first offered one (returned in `chosen`), continuing the o=
  // we use on that leg. Empty when no answer can be built (488).
  std::string answerReOffer(bool callerLeg, const CallerOffer& offer, const sdp::CodecRef& current,
                            const net::SocketAddress& relay, sdp::CodecRef& chosen);
  // After a transfer the leg towards the target continues the session `from` offered it: our o=
  // and last description on that leg become from's callee-side ones (RFC 3264 §8).
  void adoptLeg(bool callerLeg, const MediaNegotiation& from);
  // The reverse, before re-offering on a leg of another call (an attended transfer moves that leg
  // here): offerToCallee() then continues the o= and last description `from` used on that leg.
  void continueLeg(bool callerLeg, const MediaNegotiation& from);
  // The codec the caller leg uses, once answerToCaller() has run.
  const std::optional<sdp::CodecRef>& callerCodec() const { return callerCodec_; }
  const std::optional<std::uint8_t>& callerTelephoneEvent() const { return callerTelephoneEvent_; }

 private:
  static PeerMedia peerMediaOf(const sdp::SessionDescription& sdp, const sdp::MediaDescription& m);
  // Answers `offer` with one codec (see answerToCaller) on `relay`, continuing `origin`/`last`.
  std::string answerWith(const CallerOffer& offer, const sdp::CodecRef& wanted, const net::SocketAddress& relay,
                         sdp::Origin& origin, std::optional<sdp::SessionDescription>& last,
                         sdp::CodecRef& chosen);
  std::string stamp(sdp::SessionDescription description, std::optional<sdp::SessionDescription>& last,
                    sdp::Origin& origin, const net::SocketAddress& relay);

  std::optional<sdp::SessionDescription> offerSent_;      // to the callee
  std::optional<sdp::SessionDescription> answerSent_;     // to the caller
  sdp::Origin calleeOrigin_;
  sdp::Origin callerOrigin_;
  std::optional<sdp::CodecRef> callerCodec_;
  std::optional<std::uint8_t> callerTelephoneEvent_;
};

}  // namespace sb::call
