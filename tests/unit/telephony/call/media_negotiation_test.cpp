// SPDX-License-Identifier: MIT
#include "telephony/call/media_negotiation.h"

#include <gtest/gtest.h>

#include "sdp/sdp_parser.h"

namespace sb::call {
namespace {

std::string sdp(std::string text) {
  std::string out;
  for (char c : text) {
    if (c == '\n') out += "\r\n";
    else out += c;
  }
  return out;
}

// A Cisco 7960 on SIP firmware: PCMU, PCMA, G.729 and telephone-event 101.
const std::string kCiscoOffer = sdp(
    "v=0\n"
    "o=Cisco-SIPUA 1234 0 IN IP4 192.168.1.50\n"
    "s=SIP Call\n"
    "c=IN IP4 192.168.1.50\n"
    "t=0 0\n"
    "m=audio 16384 RTP/AVP 0 8 18 101\n"
    "a=rtpmap:0 PCMU/8000\n"
    "a=rtpmap:8 PCMA/8000\n"
    "a=rtpmap:18 G729/8000\n"
    "a=rtpmap:101 telephone-event/8000\n"
    "a=fmtp:101 0-11\n");

net::SocketAddress relay(std::uint16_t port) { return *net::SocketAddress::parse("10.0.0.1:" + std::to_string(port)); }

TEST(MediaNegotiation, reads_a_cisco_offer_with_its_codecs_in_order_and_its_address) {
  auto offer = MediaNegotiation::readOffer(kCiscoOffer);
  ASSERT_TRUE(offer.ok()) << offer.error();
  ASSERT_EQ(offer->codecs.size(), 3u);
  EXPECT_EQ(offer->codecs[0].name, "PCMU");
  EXPECT_EQ(offer->codecs[2].name, "G729");
  EXPECT_EQ(offer->telephoneEvent->payloadType, 101);
  EXPECT_EQ(offer->media.rtp.toString(), "192.168.1.50:16384");
  EXPECT_FALSE(offer->media.onHold);
}

TEST(MediaNegotiation, the_rfc2543_hold_address_means_on_hold) {
  std::string held = kCiscoOffer;
  held.replace(held.find("c=IN IP4 192.168.1.50"), 21, "c=IN IP4 0.0.0.0");
  auto offer = MediaNegotiation::readOffer(held);
  ASSERT_TRUE(offer.ok());
  EXPECT_TRUE(offer->media.onHold);
}

TEST(MediaNegotiation, refuses_garbage_with_400_and_no_common_codec_with_488) {
  EXPECT_EQ(MediaNegotiation::readOffer("not sdp").code(), 400);
  auto video = MediaNegotiation::readOffer(sdp(
      "v=0\no=- 1 1 IN IP4 1.2.3.4\ns=-\nc=IN IP4 1.2.3.4\nt=0 0\nm=audio 4000 RTP/AVP 3\n"));
  EXPECT_EQ(video.code(), 488);  // GSM only
  auto named = MediaNegotiation::readOffer(sdp(
      "v=0\no=- 1 1 IN IP4 1.2.3.4\ns=-\nc=IN IP4 phone.example\nt=0 0\nm=audio 4000 RTP/AVP 0\n"));
  EXPECT_EQ(named.code(), 488);
}

TEST(MediaNegotiation, offers_the_callee_the_callers_codecs_first_then_ours_on_the_relay_port) {
  auto offer = MediaNegotiation::readOffer(kCiscoOffer);
  MediaNegotiation negotiation;
  const auto text = negotiation.offerToCallee(*offer, relay(20000));
  auto parsed = sdp::parse(text);
  ASSERT_TRUE(parsed.ok()) << text;
  const auto& m = parsed.description->media.at(0);
  EXPECT_EQ(m.port, 20000);
  EXPECT_EQ(parsed.description->connectionFor(m)->address, "10.0.0.1");
  ASSERT_GE(m.formats.size(), 5u);
  EXPECT_EQ(m.formats[0], "0");
  EXPECT_EQ(m.formats[1], "8");
  EXPECT_EQ(m.formats[2], "18");
  EXPECT_NE(std::find(m.formats.begin(), m.formats.end(), "101"), m.formats.end());
  EXPECT_EQ(text.find("192.168.1.50"), std::string::npos);  // never the other phone's address
}

TEST(MediaNegotiation, answers_the_caller_with_the_callees_codec_when_the_caller_offered_it) {
  auto offer = MediaNegotiation::readOffer(kCiscoOffer);
  MediaNegotiation negotiation;
  negotiation.offerToCallee(*offer, relay(20000));
  auto answer = negotiation.readAnswer(sdp(
      "v=0\no=- 5 5 IN IP4 192.168.1.60\ns=-\nc=IN IP4 192.168.1.60\nt=0 0\n"
      "m=audio 5004 RTP/AVP 8 101\na=rtpmap:8 PCMA/8000\na=rtpmap:101 telephone-event/8000\n"));
  ASSERT_TRUE(answer.ok()) << answer.error();
  EXPECT_EQ(answer->codec.name, "PCMA");
  EXPECT_EQ(answer->media.rtp.toString(), "192.168.1.60:5004");
  const auto text = negotiation.answerToCaller(*offer, *answer, relay(20002));
  auto parsed = sdp::parse(text);
  ASSERT_TRUE(parsed.ok()) << text;
  EXPECT_EQ(parsed.description->media.at(0).port, 20002);
  EXPECT_EQ(parsed.description->media.at(0).formats.front(), "8");
  EXPECT_EQ(negotiation.callerCodec()->name, "PCMA");
}

TEST(MediaNegotiation, a_callee_codec_the_caller_lacks_is_transcoded_from_the_callers_first) {
  auto offer = MediaNegotiation::readOffer(sdp(
      "v=0\no=- 1 1 IN IP4 1.2.3.4\ns=-\nc=IN IP4 1.2.3.4\nt=0 0\n"
      "m=audio 4000 RTP/AVP 111\na=rtpmap:111 opus/48000/2\n"));
  ASSERT_TRUE(offer.ok());
  MediaNegotiation negotiation;
  negotiation.offerToCallee(*offer, relay(20000));
  auto answer = negotiation.readAnswer(sdp(
      "v=0\no=- 5 5 IN IP4 5.6.7.8\ns=-\nc=IN IP4 5.6.7.8\nt=0 0\nm=audio 5004 RTP/AVP 8\n"));
  ASSERT_TRUE(answer.ok()) << answer.error();
  EXPECT_EQ(answer->codec.name, "PCMA");
  negotiation.answerToCaller(*offer, *answer, relay(20002));
  EXPECT_EQ(negotiation.callerCodec()->name, "opus");
}

TEST(MediaNegotiation, a_re_offer_keeps_the_codec_in_use_and_bumps_our_version_only_on_change) {
  auto offer = MediaNegotiation::readOffer(kCiscoOffer);
  MediaNegotiation negotiation;
  negotiation.offerToCallee(*offer, relay(20000));
  auto answer = negotiation.readAnswer(sdp(
      "v=0\no=- 5 5 IN IP4 192.168.1.60\ns=-\nc=IN IP4 192.168.1.60\nt=0 0\nm=audio 5004 RTP/AVP 0\n"));
  const auto first = negotiation.answerToCaller(*offer, *answer, relay(20002));
  std::string held = kCiscoOffer;
  held.replace(held.find("c=IN IP4 192.168.1.50"), 21, "c=IN IP4 0.0.0.0");
  auto reOffer = MediaNegotiation::readOffer(held);
  sdp::CodecRef chosen;
  const auto second = negotiation.answerReOffer(true, *reOffer, *negotiation.callerCodec(),
                                                relay(20002), chosen);
  EXPECT_EQ(chosen.name, "PCMU");
  auto a = sdp::parse(first);
  auto b = sdp::parse(second);
  ASSERT_TRUE(a.ok() && b.ok());
  EXPECT_EQ(a.description->origin.sessionId, b.description->origin.sessionId);
  EXPECT_GE(b.description->origin.sessionVersion, a.description->origin.sessionVersion);
}

}  // namespace
}  // namespace sb::call
