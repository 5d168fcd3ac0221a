// SPDX-License-Identifier: MIT
#include "telephony/call/media_negotiation.h"

#include <algorithm>
#include <array>

#include "base/random.h"
#include "sdp/codec_catalog.h"
#include "sdp/direction.h"
#include "sdp/sdp_parser.h"
#include "sdp/session_version.h"

namespace sb::call {

namespace {

const sdp::MediaDescription* firstAudio(const sdp::SessionDescription& description,
                                        std::size_t* index = nullptr) {
  for (std::size_t i = 0; i < description.media.size(); ++i) {
    const auto& m = description.media[i];
    if (m.media == "audio" && m.port != 0 && m.isRtp()) {
      if (index) *index = i;
      return &m;
    }
  }
  return nullptr;
}

sdp::Connection connectionFor(const net::SocketAddress& relay) {
  sdp::Connection c;
  c.addrType = relay.ip.is_v6() ? "IP6" : "IP4";
  c.address = relay.ip.to_string();
  return c;
}

sdp::Origin freshOrigin(const net::SocketAddress& relay) {
  sdp::Origin o;
  o.username = "switchboard";
  // RFC 4566 §5.2: a numeric session id; random so two calls never share one.
  o.sessionId = std::to_string(1 + random::u64() % 1'000'000'000u);
  o.sessionVersion = 1;
  o.addrType = relay.ip.is_v6() ? "IP6" : "IP4";
  o.address = relay.ip.to_string();
  return o;
}

// A dynamic payload type (RFC 3551 §3: 96-127) that `used` does not hold yet.
std::optional<std::uint8_t> freeDynamicPayloadType(const std::vector<sdp::CodecRef>& used,
                                                   std::uint8_t preferred) {
  const auto taken = [&](std::uint8_t pt) {
    return std::any_of(used.begin(), used.end(), [pt](const auto& c) { return c.payloadType == pt; });
  };
  if (preferred >= 96 && !taken(preferred)) return preferred;
  for (int pt = 96; pt <= 127; ++pt) {
    if (!taken(static_cast<std::uint8_t>(pt))) return static_cast<std::uint8_t>(pt);
  }
  return std::nullopt;
}

}  // namespace

PeerMedia MediaNegotiation::peerMediaOf(const sdp::SessionDescription& description,
                                        const sdp::MediaDescription& m) {
  PeerMedia peer;
  const auto* connection = description.connectionFor(m);
  boost::system::error_code ec;
  const auto ip = connection ? boost::asio::ip::make_address(connection->address, ec)
                             : boost::asio::ip::address{};
  peer.rtp = net::SocketAddress{ec ? boost::asio::ip::address{} : ip, m.port};
  const auto direction = sdp::effectiveDirection(m, description);
  // RFC 3264 §8.4 and the RFC 2543 form (c=0.0.0.0) the Cisco 7960 uses: the peer is holding us.
  peer.onHold = (connection && connection->isHoldAddress()) || !sdp::receives(direction);
  return peer;
}

Result<CallerOffer> MediaNegotiation::readOffer(std::string_view body) {
  auto parsed = sdp::parse(body);
  if (!parsed.ok()) {
    return fail("Malformed SDP: " + parsed.error, 400);
  }
  const auto* audio = firstAudio(*parsed.description);
  if (!audio) {
    return fail("No audio stream offered", 488);
  }
  const auto* connection = parsed.description->connectionFor(*audio);
  boost::system::error_code ec;
  if (!connection) {
    return fail("Malformed SDP: no connection address", 400);
  }
  boost::asio::ip::make_address(connection->address, ec);
  if (ec) {
    // Host names in c= would need DNS on the signalling thread; phones send literals.
    return fail("Connection address is not an IP address", 488);
  }
  CallerOffer offer;
  for (const auto& codec : sdp::resolveCodecs(*audio)) {
    if (sdp::isTelephoneEvent(codec)) {
      if (!offer.telephoneEvent && codec.clockRate == 8000) offer.telephoneEvent = codec;
    } else if (!sdp::isAuxiliary(codec) && sdp::codecs::find(codec)) {
      offer.codecs.push_back(codec);
    }
  }
  if (offer.codecs.empty()) {
    return fail("No common codec", 488);
  }
  offer.media = peerMediaOf(*parsed.description, *audio);
  offer.description = std::move(*parsed.description);
  return offer;
}

std::string MediaNegotiation::stamp(sdp::SessionDescription description,
                                    std::optional<sdp::SessionDescription>& last, sdp::Origin& origin,
                                    const net::SocketAddress& relay) {
  if (origin.address.empty()) origin = freshOrigin(relay);
  description.origin = origin;
  if (last) sdp::continueSession(description, *last);
  origin = description.origin;
  auto text = sdp::serialize(description);
  last = std::move(description);
  return text;
}

std::string MediaNegotiation::offerToCallee(const CallerOffer& offer, const net::SocketAddress& relay) {
  std::vector<sdp::CodecRef> codecs = offer.codecs;
  for (auto ours : sdp::codecs::catalog()) {
    if (sdp::isTelephoneEvent(ours)) continue;
    const bool offered = std::any_of(codecs.begin(), codecs.end(),
                                     [&](const auto& c) { return sdp::sameCodec(c, ours); });
    if (offered) continue;
    if (ours.payloadType >= 96) {
      auto pt = freeDynamicPayloadType(codecs, ours.payloadType);
      if (!pt) continue;
      ours.payloadType = *pt;
    } else if (std::any_of(codecs.begin(), codecs.end(),
                           [&](const auto& c) { return c.payloadType == ours.payloadType; })) {
      continue;  // a static number the caller reused for something else
    }
    codecs.push_back(ours);
  }
  auto event = offer.telephoneEvent.value_or(sdp::codecs::telephoneEvent());
  if (!offer.telephoneEvent) {
    if (auto pt = freeDynamicPayloadType(codecs, event.payloadType)) event.payloadType = *pt;
  }
  codecs.push_back(event);

  sdp::OfferSpec spec;
  spec.origin = calleeOrigin_.address.empty() ? freshOrigin(relay) : calleeOrigin_;
  spec.connection = connectionFor(relay);
  spec.port = relay.port;
  spec.codecs = std::move(codecs);
  spec.ptime = 20;
  auto built = sdp::buildOffer(spec);
  if (!built.ok()) return {};
  return stamp(std::move(*built.offer), offerSent_, calleeOrigin_, relay);
}

Result<CalleeAnswer> MediaNegotiation::readAnswer(std::string_view body) const {
  auto parsed = sdp::parse(body);
  if (!parsed.ok()) {
    return fail("Malformed SDP: " + parsed.error, 400);
  }
  if (!offerSent_) {
    return fail("No offer outstanding", 488);
  }
  auto agreed = sdp::negotiatedCodec(*offerSent_, *parsed.description);
  if (!agreed || agreed->mediaIndex >= parsed.description->media.size()) {
    return fail("The answer shares no codec with the offer", 488);
  }
  CalleeAnswer answer;
  answer.media = peerMediaOf(*parsed.description, parsed.description->media[agreed->mediaIndex]);
  answer.codec = agreed->offer;
  answer.telephoneEvent = agreed->offerTelephoneEvent;
  return answer;
}

std::string MediaNegotiation::answerWith(const CallerOffer& offer, const sdp::CodecRef& wanted,
                                         const net::SocketAddress& relay, sdp::Origin& origin,
                                         std::optional<sdp::SessionDescription>& last, sdp::CodecRef& chosen) {
  // The wanted codec under the offerer's number when offered, else the offerer's first.
  chosen = offer.codecs.front();
  for (const auto& codec : offer.codecs) {
    if (sdp::sameCodec(codec, wanted)) {
      chosen = codec;
      break;
    }
  }
  sdp::AnswerPolicy policy;
  policy.codecs = {chosen};
  if (offer.telephoneEvent) policy.codecs.push_back(*offer.telephoneEvent);
  policy.connection = connectionFor(relay);
  std::size_t audioIndex = 0;
  firstAudio(offer.description, &audioIndex);
  policy.ports.assign(offer.description.media.size(), 0);
  policy.ports[audioIndex] = relay.port;
  policy.origin = origin.address.empty() ? freshOrigin(relay) : origin;
  auto built = sdp::answerOffer(offer.description, policy);
  if (!built.ok()) return {};
  return stamp(std::move(*built.answer), last, origin, relay);
}

std::string MediaNegotiation::answerToCaller(const CallerOffer& offer, const CalleeAnswer& answer,
                                             const net::SocketAddress& relay) {
  sdp::CodecRef chosen;
  auto body = answerWith(offer, answer.codec, relay, callerOrigin_, answerSent_, chosen);
  if (body.empty()) return body;
  callerCodec_ = chosen;
  callerTelephoneEvent_ = offer.telephoneEvent ? std::optional<std::uint8_t>(offer.telephoneEvent->payloadType)
                                               : std::nullopt;
  return body;
}

std::string MediaNegotiation::answerReOffer(bool callerLeg, const CallerOffer& offer,
                                            const sdp::CodecRef& current, const net::SocketAddress& relay,
                                            sdp::CodecRef& chosen) {
  return callerLeg ? answerWith(offer, current, relay, callerOrigin_, answerSent_, chosen)
                   : answerWith(offer, current, relay, calleeOrigin_, offerSent_, chosen);
}

void MediaNegotiation::adoptLeg(bool callerLeg, const MediaNegotiation& from) {
  if (callerLeg) {
    callerOrigin_ = from.calleeOrigin_;
    answerSent_ = from.offerSent_;
  } else {
    calleeOrigin_ = from.calleeOrigin_;
    offerSent_ = from.offerSent_;
  }
}

void MediaNegotiation::continueLeg(bool callerLeg, const MediaNegotiation& from) {
  calleeOrigin_ = callerLeg ? from.callerOrigin_ : from.calleeOrigin_;
  offerSent_ = callerLeg ? from.answerSent_ : from.offerSent_;
}

}  // namespace sb::call
