// SPDX-License-Identifier: MIT
#include <gtest/gtest.h>

#include "samples.h"
#include "sdp/codec_catalog.h"
#include "sdp/offer_answer.h"
#include "sdp/sdp_parser.h"
#include "sdp/session_version.h"

namespace sb::sdp {
namespace {

SessionDescription parsed(std::string_view text) {
  ParseResult r = parse(text);
  EXPECT_TRUE(r.ok()) << r.error;
  return r.ok() ? std::move(*r.description) : SessionDescription{};
}

OfferSpec spec() {
  OfferSpec s;
  s.origin = Origin{"switchboard", "2002", 1, "IN", "IP4", "192.0.2.10"};
  s.connection = Connection{"IN", "IP4", "192.0.2.10"};
  s.port = 30000;
  s.codecs = {codecs::opus(), codecs::pcmu(), codecs::g729(), codecs::telephoneEvent()};
  s.ptime = 20;
  return s;
}

SessionDescription built(const OfferSpec& s = spec()) {
  OfferResult r = buildOffer(s);
  EXPECT_TRUE(r.ok()) << r.error;
  return r.ok() ? std::move(*r.offer) : SessionDescription{};
}

const std::string kAnswerHead = "v=0\r\no=peer 5 5 IN IP4 10.0.0.9\r\ns=-\r\nc=IN IP4 10.0.0.9\r\nt=0 0\r\n";

}  // namespace

TEST(BuildOffer, writes_dynamic_numbers_for_opus_and_telephone_event) {
  EXPECT_EQ(serialize(built()),
            "v=0\r\n"
            "o=switchboard 2002 1 IN IP4 192.0.2.10\r\n"
            "s=Switchboard\r\n"
            "c=IN IP4 192.0.2.10\r\n"
            "t=0 0\r\n"
            "m=audio 30000 RTP/AVP 111 0 18 101\r\n"
            "a=rtpmap:111 opus/48000/2\r\n"
            "a=fmtp:111 useinbandfec=1\r\n"
            "a=rtpmap:0 PCMU/8000\r\n"
            "a=rtpmap:18 G729/8000\r\n"
            "a=fmtp:18 annexb=no\r\n"
            "a=rtpmap:101 telephone-event/8000\r\n"
            "a=fmtp:101 0-16\r\n"
            "a=ptime:20\r\n"
            "a=sendrecv\r\n");
}

TEST(BuildOffer, offers_hold_and_rtcp_mux_when_asked) {
  OfferSpec s = spec();
  s.direction = Direction::SendOnly;
  s.rtcpMux = true;
  const SessionDescription offer = built(s);
  EXPECT_EQ(offer.media.at(0).direction(), Direction::SendOnly);
  EXPECT_TRUE(offer.media.at(0).rtcpMux());
}

TEST(BuildOffer, produces_an_offer_our_own_answerer_accepts) {
  AnswerPolicy p;
  p.codecs = {codecs::pcmu(), codecs::telephoneEvent()};
  p.connection = Connection{"IN", "IP4", "192.0.2.20"};
  p.ports = {40000};
  const SessionDescription offer = parsed(serialize(built()));
  const AnswerResult answer = answerOffer(offer, p);
  ASSERT_TRUE(answer.ok()) << answer.error;
  EXPECT_EQ(answer.answer->media.at(0).formats, (std::vector<std::string>{"0", "101"}));
}

TEST(BuildOffer, refuses_specs_that_make_no_valid_offer) {
  OfferSpec s = spec();
  s.codecs.clear();
  EXPECT_EQ(buildOffer(s).error, "no codecs to offer");
  s = spec();
  s.connection.address.clear();
  EXPECT_EQ(buildOffer(s).error, "no media address");
  s = spec();
  s.port = 0;
  EXPECT_EQ(buildOffer(s).error, "port 0 would disable the stream");
  s = spec();
  s.codecs.push_back(CodecRef{111, "speex", 16000, 1, ""});
  EXPECT_EQ(buildOffer(s).error, "payload type 111 used twice");
  s = spec();
  CodecRef opusAtZero = codecs::opus();
  opusAtZero.payloadType = 0;
  s.codecs = {opusAtZero};
  EXPECT_EQ(buildOffer(s).error, "payload type 0 is PCMU's");
  s.codecs = {CodecRef{96, "bad name", 8000, 1, ""}};
  EXPECT_EQ(buildOffer(s).error, "codec bad name cannot be written in SDP");
  s.codecs = {CodecRef{128, "x", 8000, 1, ""}};
  EXPECT_EQ(buildOffer(s).error, "codec x cannot be written in SDP");
}

TEST(NegotiatedCodec, reports_the_payload_types_each_side_receives_on) {
  const SessionDescription offer = built();
  const SessionDescription answer = parsed(
      kAnswerHead +
      "m=audio 5000 RTP/AVP 96 100\r\na=rtpmap:96 opus/48000/2\r\na=rtpmap:100 telephone-event/8000\r\n");
  const auto n = negotiatedCodec(offer, answer);
  ASSERT_TRUE(n.has_value());
  EXPECT_EQ(n->mediaIndex, 0u);
  EXPECT_EQ(n->answer.payloadType, 96);
  EXPECT_EQ(n->offer.payloadType, 111);
  EXPECT_EQ(n->offer.fmtp, "useinbandfec=1");
  EXPECT_TRUE(sameCodec(n->offer, n->answer));
  EXPECT_EQ(n->offerTelephoneEvent, 101);
  EXPECT_EQ(n->answerTelephoneEvent, 100);
}

TEST(NegotiatedCodec, takes_the_first_answered_codec_the_offer_also_lists) {
  const SessionDescription answer =
      parsed(kAnswerHead + "m=audio 5000 RTP/AVP 3 13 18 0\r\n");  // GSM and CN are not in our offer
  const auto n = negotiatedCodec(built(), answer);
  ASSERT_TRUE(n.has_value());
  EXPECT_EQ(n->answer.name, "G729");
  EXPECT_FALSE(n->offerTelephoneEvent.has_value());
  EXPECT_FALSE(n->answerTelephoneEvent.has_value());
}

TEST(NegotiatedCodec, reads_the_sipp_exchange) {
  const auto n = negotiatedCodec(parsed(samples::kSippUacOffer), parsed(samples::kSippUasAnswer));
  ASSERT_TRUE(n.has_value());
  EXPECT_EQ(n->answer.name, "PCMU");
  EXPECT_EQ(n->offer.payloadType, 0);
}

TEST(NegotiatedCodec, finds_nothing_in_a_rejected_or_disjoint_answer) {
  const SessionDescription offer = built();
  EXPECT_FALSE(negotiatedCodec(offer, parsed(kAnswerHead + "m=audio 0 RTP/AVP 0\r\n")).has_value());
  EXPECT_FALSE(negotiatedCodec(offer, parsed(kAnswerHead + "m=audio 5000 RTP/AVP 8\r\n")).has_value());
  EXPECT_FALSE(
      negotiatedCodec(offer, parsed(kAnswerHead + "m=audio 5000 RTP/AVP 0\r\n"), "video").has_value());
}

TEST(NegotiatedCodec, tells_the_relay_when_legs_need_transcoding) {
  AnswerPolicy p;
  p.codecs = codecs::catalog();
  p.connection = Connection{"IN", "IP4", "192.0.2.10"};
  p.ports = {20000};
  const SessionDescription cisco = parsed(samples::kCisco7960Offer);
  const SessionDescription baresip = parsed(samples::kBaresipOffer);
  const SessionDescription sipp = parsed(samples::kSippUacOffer);
  const auto ciscoLeg = negotiatedCodec(cisco, *answerOffer(cisco, p).answer);
  const auto baresipLeg = negotiatedCodec(baresip, *answerOffer(baresip, p).answer);
  const auto sippLeg = negotiatedCodec(sipp, *answerOffer(sipp, p).answer);
  ASSERT_TRUE(ciscoLeg && baresipLeg && sippLeg);
  EXPECT_EQ(ciscoLeg->answer.name, "PCMU");
  EXPECT_EQ(baresipLeg->answer.name, "opus");
  EXPECT_FALSE(sameCodec(ciscoLeg->answer, baresipLeg->answer));  // transcode
  EXPECT_TRUE(sameCodec(ciscoLeg->answer, sippLeg->answer));      // pass through
  EXPECT_EQ(ciscoLeg->offerTelephoneEvent, 101);
  EXPECT_FALSE(sippLeg->offerTelephoneEvent.has_value());
}

TEST(SessionVersion, bumps_by_one) {
  Origin o;
  o.sessionVersion = 41;
  bumpSessionVersion(o);
  EXPECT_EQ(o.sessionVersion, 42u);
}

TEST(SessionVersion, keeps_the_version_when_nothing_changed_and_bumps_it_when_something_did) {
  const SessionDescription first = built();
  SessionDescription same = built();
  same.origin.sessionId = "other";  // replaced by the previous o= whole
  EXPECT_FALSE(continueSession(same, first));
  EXPECT_EQ(same.origin, first.origin);

  SessionDescription moved = built();
  moved.media.at(0).port = 30002;
  EXPECT_TRUE(continueSession(moved, first));
  EXPECT_EQ(moved.origin.sessionId, "2002");
  EXPECT_EQ(moved.origin.sessionVersion, 2u);

  SessionDescription held = moved;
  held.media.at(0).setDirection(Direction::SendOnly);
  EXPECT_TRUE(continueSession(held, moved));
  EXPECT_EQ(held.origin.sessionVersion, 3u);
}

}  // namespace sb::sdp
