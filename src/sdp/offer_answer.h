// SPDX-License-Identifier: MIT
#pragma once
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "sdp/codec_ref.h"
#include "sdp/direction.h"
#include "sdp/session_description.h"

// RFC 3264 offer/answer for a B2BUA that terminates media on its relay: building our offers,
// answering a peer's offer, and reading what an exchange agreed on. Pure functions on
// descriptions; what to do with the result (which leg, which ports) is the call engine's business.
namespace sb::sdp {

// How we answer an offer.
struct AnswerPolicy {
  std::vector<CodecRef> codecs;      // what we accept, best first; a telephone-event entry means we
                                     // take RFC 4733 events (its fmtp is the events we answer)
  Connection connection;             // our media address, written as the session-level c=
  std::vector<std::uint16_t> ports;  // our RTP port for each offered m=, by index; a missing
                                     // entry or 0 rejects that stream
  Origin origin;                     // our o= (RFC 3264 §5: the answerer's own)
  std::string sessionName = "Switchboard";
  Direction direction = Direction::SendRecv;  // SendOnly or Inactive: we hold the peer
  std::optional<std::uint32_t> ptime;         // written when set
  std::size_t maxCodecs = 1;  // voice codecs per answered stream (0: all); one spares the relay
                              // a mid-call codec switch
  bool rtcpMux = false;       // answer a=rtcp-mux (RFC 5761) when offered
  std::vector<std::string> protos = {"RTP/AVP"};  // transport profiles we accept
};

// An answer, or why the offer is not acceptable: the UAS then replies 488 Not Acceptable Here
// (RFC 3261 §13.3.1.1, RFC 3264 §6) and the error can go into its Warning header.
struct AnswerResult {
  std::optional<SessionDescription> answer;
  std::string error;

  bool ok() const { return answer.has_value(); }
};

// RFC 3264 §6: one m= per offered m=, same order and media type. A stream is rejected (port 0,
// the offered formats echoed, no attributes) when the offer disabled it, we have no port for it,
// its profile is not in `protos`, or no offered codec is in `codecs`. An accepted stream lists
// the chosen codecs with the offerer's payload type numbers and names (§6.1), then the offered
// telephone-event if we take events (the one with the chosen codec's clock rate, else the first),
// with an a=rtpmap for each, our fmtp where we have one, and the direction from
// answerDirection(effectiveDirection(offered stream), policy.direction).
// Fails, meaning 488, when no stream can be accepted (or, a bug of ours, the policy has no
// address).
AnswerResult answerOffer(const SessionDescription& offer, const AnswerPolicy& policy);

// What we offer: one audio stream.
struct OfferSpec {
  Origin origin;
  std::string sessionName = "Switchboard";
  Connection connection;  // our media address
  std::uint16_t port = 0;
  std::vector<CodecRef> codecs;  // in preference order, each with the PT we use for it
  Direction direction = Direction::SendRecv;
  std::optional<std::uint32_t> ptime;
  bool rtcpMux = false;
};

struct OfferResult {
  std::optional<SessionDescription> offer;
  std::string error;

  bool ok() const { return offer.has_value(); }
};

// An offer per RFC 3264 §5 with an a=rtpmap for every codec (static ones too, as phones expect),
// its fmtp when it has one, a=ptime when set and the direction attribute. Fails when the spec
// could not make a valid offer: no codecs, no address, port 0, a payload type used twice, or a
// static payload type given to another codec.
OfferResult buildOffer(const OfferSpec& spec);

// What an offer/answer exchange agreed on for one stream.
struct NegotiatedCodec {
  std::size_t mediaIndex = 0;
  // The first voice codec of the answer that the offer also lists. `answer` carries the answer's
  // payload type, which the offerer sends with; `offer` is the same codec as offered, whose
  // payload type the answerer sends with (RFC 3264 §5.1: each side's numbers are what it receives).
  CodecRef answer;
  CodecRef offer;
  // The telephone-event payload type each side receives events on; both set, or both empty when
  // the answer did not take events.
  std::optional<std::uint8_t> offerTelephoneEvent;
  std::optional<std::uint8_t> answerTelephoneEvent;
};

// For the first stream of `mediaType` that the answer accepted (port not 0 on both sides).
// nullopt when there is none or the answer shares no codec with the offer. Comparing two legs'
// results with sameCodec() tells the relay whether it can pass packets through or must transcode.
std::optional<NegotiatedCodec> negotiatedCodec(const SessionDescription& offer,
                                               const SessionDescription& answer,
                                               std::string_view mediaType = "audio");

}  // namespace sb::sdp
