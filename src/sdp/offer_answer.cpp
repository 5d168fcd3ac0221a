// SPDX-License-Identifier: MIT
#include "sdp/offer_answer.h"

#include <algorithm>

#include "base/text.h"
#include "sdp/grammar.h"

namespace sb::sdp {
namespace {

const CodecRef* findSame(const std::vector<CodecRef>& list, const CodecRef& codec) {
  for (const CodecRef& c : list)
    if (sameCodec(c, codec)) return &c;
  return nullptr;
}

const CodecRef* firstTelephoneEvent(const std::vector<CodecRef>& list) {
  for (const CodecRef& c : list)
    if (isTelephoneEvent(c)) return &c;
  return nullptr;
}

// RFC 4733 §2.1: events use the clock of the voice codec they go with; a different rate is still
// better than none, since the relay rewrites event timestamps anyway.
const CodecRef* telephoneEventFor(const std::vector<CodecRef>& list, const CodecRef& voice) {
  for (const CodecRef& c : list)
    if (isTelephoneEvent(c) && c.clockRate == voice.clockRate) return &c;
  return firstTelephoneEvent(list);
}

// `wanted` as listed in `list`: the same payload type if there is one, else the first sameCodec.
const CodecRef* counterpart(const std::vector<CodecRef>& list, const CodecRef& wanted) {
  for (const CodecRef& c : list)
    if (c.payloadType == wanted.payloadType && sameCodec(c, wanted)) return &c;
  return findSame(list, wanted);
}

void addCodec(MediaDescription& m, const CodecRef& codec, std::string_view fmtp) {
  m.formats.push_back(std::to_string(codec.payloadType));
  m.attributes.add("rtpmap",
                   RtpMap{codec.payloadType, codec.name, codec.clockRate, codec.channels}.toValue());
  if (!fmtp.empty()) m.attributes.add("fmtp", std::to_string(codec.payloadType) + ' ' + std::string(fmtp));
}

bool protoAccepted(const AnswerPolicy& policy, std::string_view proto) {
  for (const std::string& p : policy.protos)
    if (text::iequals(p, proto)) return true;
  return false;
}

// RFC 3264 §6: a rejected stream keeps its media type and proto, has port 0 and lists the offered
// formats, which are ignored (one at least, for SDP's sake, when the offer had any).
MediaDescription rejected(const MediaDescription& offered) {
  MediaDescription m;
  m.media = offered.media;
  m.proto = offered.proto;
  m.port = 0;
  m.formats = offered.formats;
  return m;
}

// The answer for one offered stream, or why it is rejected.
std::optional<MediaDescription> answerStream(const SessionDescription& offer, std::size_t index,
                                             const AnswerPolicy& policy, std::string& why) {
  const MediaDescription& offered = offer.media[index];
  const std::uint16_t port = index < policy.ports.size() ? policy.ports[index] : 0;
  if (offered.port == 0) {
    why = "disabled in the offer";
    return std::nullopt;
  }
  if (!offered.isRtp() || !protoAccepted(policy, offered.proto)) {
    why = "transport " + text::sanitizeForLog(offered.proto, 32) + " not supported";
    return std::nullopt;
  }
  const std::vector<CodecRef> offeredCodecs = resolveCodecs(offered);
  std::vector<CodecRef> chosen = matchCodecs(offeredCodecs, policy.codecs);
  if (chosen.empty()) {
    why = "no common codec";
    return std::nullopt;
  }
  if (port == 0) {
    why = "no port for it";
    return std::nullopt;
  }
  if (chosen.size() > policy.maxCodecs && policy.maxCodecs > 0) chosen.resize(policy.maxCodecs);

  MediaDescription m;
  m.media = offered.media;
  m.proto = offered.proto;
  m.port = port;
  for (const CodecRef& codec : chosen) addCodec(m, codec, findSame(policy.codecs, codec)->fmtp);
  if (const CodecRef* ours = firstTelephoneEvent(policy.codecs)) {
    if (const CodecRef* events = telephoneEventFor(offeredCodecs, chosen.front()))
      addCodec(m, *events, ours->fmtp);
  }
  if (policy.ptime) m.setPtime(*policy.ptime);
  if (policy.rtcpMux && offered.rtcpMux()) m.attributes.add("rtcp-mux");
  m.setDirection(answerDirection(effectiveDirection(offered, offer), policy.direction));
  return m;
}

bool offerable(const CodecRef& c) {
  return c.payloadType <= 127 && grammar::isToken(c.name) && c.clockRate > 0 && c.channels > 0 &&
         c.fmtp.find_first_of("\r\n") == std::string::npos;
}

}  // namespace

AnswerResult answerOffer(const SessionDescription& offer, const AnswerPolicy& policy) {
  AnswerResult result;
  if (offer.media.empty()) {
    result.error = "offer has no media";
    return result;
  }
  if (!grammar::isNonWs(policy.connection.address)) {
    result.error = "no media address of our own";
    return result;
  }
  SessionDescription answer;
  answer.origin = policy.origin;
  answer.sessionName = policy.sessionName;
  answer.connection = policy.connection;
  answer.timings = offer.timings;  // RFC 3264 §6: the answer's t= equals the offer's
  std::size_t accepted = 0;
  std::string firstWhy;
  for (std::size_t i = 0; i < offer.media.size(); ++i) {
    std::string why;
    if (auto m = answerStream(offer, i, policy, why)) {
      answer.media.push_back(std::move(*m));
      ++accepted;
    } else {
      if (firstWhy.empty()) firstWhy = text::sanitizeForLog(offer.media[i].media, 32) + ": " + why;
      answer.media.push_back(rejected(offer.media[i]));
    }
  }
  if (accepted == 0) {
    result.error = "no acceptable media (" + firstWhy + ")";
    return result;
  }
  result.answer = std::move(answer);
  return result;
}

OfferResult buildOffer(const OfferSpec& spec) {
  OfferResult result;
  auto fail = [&result](std::string why) {
    result.error = std::move(why);
    return result;
  };
  if (spec.codecs.empty()) return fail("no codecs to offer");
  if (!grammar::isNonWs(spec.connection.address)) return fail("no media address");
  if (spec.port == 0) return fail("port 0 would disable the stream");
  for (std::size_t i = 0; i < spec.codecs.size(); ++i) {
    const CodecRef& c = spec.codecs[i];
    if (!offerable(c)) return fail("codec " + text::sanitizeForLog(c.name, 32) + " cannot be written in SDP");
    for (std::size_t j = 0; j < i; ++j)
      if (spec.codecs[j].payloadType == c.payloadType)
        return fail("payload type " + std::to_string(c.payloadType) + " used twice");
    // RFC 3551 §6: static numbers mean one codec each; a peer would decode anything else wrongly.
    if (auto fixed = staticPayloadType(c.payloadType); fixed && !sameCodec(*fixed, c))
      return fail("payload type " + std::to_string(c.payloadType) + " is " + fixed->name + "'s");
  }

  SessionDescription sdp;
  sdp.origin = spec.origin;
  sdp.sessionName = spec.sessionName;
  sdp.connection = spec.connection;
  sdp.timings.push_back(Timing{});
  MediaDescription m;
  m.media = "audio";
  m.port = spec.port;
  m.proto = "RTP/AVP";
  for (const CodecRef& c : spec.codecs) addCodec(m, c, c.fmtp);
  if (spec.ptime) m.setPtime(*spec.ptime);
  if (spec.rtcpMux) m.attributes.add("rtcp-mux");
  m.setDirection(spec.direction);
  sdp.media.push_back(std::move(m));
  result.offer = std::move(sdp);
  return result;
}

std::optional<NegotiatedCodec> negotiatedCodec(const SessionDescription& offer,
                                               const SessionDescription& answer, std::string_view mediaType) {
  const std::size_t count = std::min(offer.media.size(), answer.media.size());
  for (std::size_t i = 0; i < count; ++i) {
    const MediaDescription& om = offer.media[i];
    const MediaDescription& am = answer.media[i];
    if (!text::iequals(om.media, mediaType) || om.port == 0 || am.port == 0) continue;
    const std::vector<CodecRef> offered = resolveCodecs(om);
    const std::vector<CodecRef> answered = resolveCodecs(am);
    for (const CodecRef& a : answered) {
      if (isAuxiliary(a)) continue;
      const CodecRef* o = counterpart(offered, a);
      if (o == nullptr) continue;
      NegotiatedCodec result{i, a, *o, std::nullopt, std::nullopt};
      if (const CodecRef* answerEvents = telephoneEventFor(answered, a)) {
        if (const CodecRef* offerEvents = counterpart(offered, *answerEvents)) {
          result.offerTelephoneEvent = offerEvents->payloadType;
          result.answerTelephoneEvent = answerEvents->payloadType;
        }
      }
      return result;
    }
  }
  return std::nullopt;
}

}  // namespace sb::sdp
