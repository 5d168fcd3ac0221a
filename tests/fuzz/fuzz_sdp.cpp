// SPDX-License-Identifier: MIT
// libFuzzer target for the SDP library: parse(), and the promises the call engine builds on.
// What parse() accepts serializes to text that parses again and serializes to the same text; the
// typed views and codec resolution read it without harm; answering it with everything Switchboard
// speaks either fails with a reason or gives an answer that parses again, has one m= per offered
// m=, and whose negotiated codec is one both sides listed. A broken promise aborts, which the
// fuzzer reports as a crash.
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

#include "sdp/codec_catalog.h"
#include "sdp/offer_answer.h"
#include "sdp/sdp_parser.h"
#include "sdp/session_version.h"
#include "require.h"

namespace {

using namespace sb::sdp;

// Names the broken promise before aborting, so a reproducer explains itself.
// serialize() writes CRLF where the input may have had LF, and "-" for an empty s=, so the text
// can grow: the second parse gets room for that, and only for that.
ParseLimits roomForGrowth() {
  ParseLimits limits;
  limits.maxBytes *= 2;
  limits.maxLineBytes += 1;
  return limits;
}

std::size_t touch(const SessionDescription& sdp) {
  std::size_t n = sdp.origin.address.size();
  for (const MediaDescription& m : sdp.media) {
    for (const CodecRef& c : resolveCodecs(m)) n += c.name.size() + c.fmtp.size();
    n += static_cast<std::size_t>(effectiveDirection(m, sdp));
    n += m.ptime().value_or(0) + m.maxptime().value_or(0);
    if (auto rtcp = m.rtcp()) n += rtcp->port;
    n += m.rtcpMux() ? 1 : 0;
  }
  return n;
}

void checkAnswer(const SessionDescription& offer) {
  AnswerPolicy policy;
  policy.codecs = codecs::catalog();
  policy.connection = Connection{"IN", "IP4", "192.0.2.1"};
  policy.origin = Origin{"switchboard", "1", 1, "IN", "IP4", "192.0.2.1"};
  for (std::size_t i = 0; i < offer.media.size(); ++i)
    policy.ports.push_back(static_cast<std::uint16_t>(10000 + 2 * i));
  policy.maxCodecs = offer.media.empty() ? 1 : offer.media.size() % 3;
  policy.rtcpMux = true;
  const AnswerResult r = answerOffer(offer, policy);
  SB_REQUIRE(r.ok() != !r.error.empty());
  if (!r.ok()) return;
  SB_REQUIRE(r.answer->media.size() == offer.media.size());
  const std::string wire = serialize(*r.answer);
  const ParseResult again = parse(wire);
  SB_REQUIRE(again.ok());
  SB_REQUIRE(serialize(*again.description) == wire);
  const auto n = negotiatedCodec(offer, *again.description);
  if (n) {
    SB_REQUIRE(sameCodec(n->offer, n->answer));
    SB_REQUIRE(n->offerTelephoneEvent.has_value() == n->answerTelephoneEvent.has_value());
  }
  SessionDescription next = *again.description;
  continueSession(next, *again.description);
  SB_REQUIRE(next.origin == again.description->origin);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  const ParseResult r = parse(input);
  SB_REQUIRE(r.ok() != !r.error.empty());
  if (!r.ok()) return 0;
  const std::string wire = serialize(*r.description);
  const ParseResult again = parse(wire, roomForGrowth());
  SB_REQUIRE(again.ok());
  SB_REQUIRE(serialize(*again.description) == wire);
  touch(*r.description);
  checkAnswer(*r.description);
  return 0;
}
