// SPDX-License-Identifier: MIT
#include "sdp/offer_answer.h"

#include <gtest/gtest.h>

#include "samples.h"
#include "sdp/codec_catalog.h"
#include "sdp/sdp_parser.h"

namespace sb::sdp {
namespace {

SessionDescription parsed(std::string_view text) {
  ParseResult r = parse(text);
  EXPECT_TRUE(r.ok()) << r.error;
  return r.ok() ? std::move(*r.description) : SessionDescription{};
}

AnswerPolicy policy(std::vector<CodecRef> codecs = {codecs::pcmu(), codecs::pcma(), codecs::g729(),
                                                    codecs::telephoneEvent()}) {
  AnswerPolicy p;
  p.codecs = std::move(codecs);
  p.connection = Connection{"IN", "IP4", "192.0.2.10"};
  p.ports = {20000, 20002};
  p.origin = Origin{"switchboard", "1001", 1, "IN", "IP4", "192.0.2.10"};
  return p;
}

SessionDescription answered(std::string_view offer, const AnswerPolicy& p = policy()) {
  AnswerResult r = answerOffer(parsed(offer), p);
  EXPECT_TRUE(r.ok()) << r.error;
  return r.ok() ? std::move(*r.answer) : SessionDescription{};
}

std::string mediaLines(const MediaDescription& m) {
  std::string out = "m=" + m.media + ' ' + std::to_string(m.port) + ' ' + m.proto;
  for (const std::string& f : m.formats) out += ' ' + f;
  for (const Attribute& a : m.attributes) out += "|a=" + a.name + (a.value ? ':' + *a.value : "");
  return out;
}

const std::string kHead = "v=0\r\no=- 1 1 IN IP4 h\r\ns=-\r\nc=IN IP4 10.0.0.1\r\nt=0 0\r\n";

}  // namespace

TEST(AnswerOffer, answers_a_cisco_7960_with_pcmu_and_its_own_telephone_event_number) {
  EXPECT_EQ(serialize(answered(samples::kCisco7960Offer)),
            "v=0\r\n"
            "o=switchboard 1001 1 IN IP4 192.0.2.10\r\n"
            "s=Switchboard\r\n"
            "c=IN IP4 192.0.2.10\r\n"
            "t=0 0\r\n"
            "m=audio 20000 RTP/AVP 0 101\r\n"
            "a=rtpmap:0 PCMU/8000\r\n"
            "a=rtpmap:101 telephone-event/8000\r\n"
            "a=fmtp:101 0-16\r\n"
            "a=sendrecv\r\n");
}

TEST(AnswerOffer, keeps_the_offerers_dynamic_payload_type_for_opus) {
  const SessionDescription answer =
      answered(samples::kBaresipOffer, policy({codecs::opus(), codecs::pcmu(), codecs::telephoneEvent()}));
  EXPECT_EQ(mediaLines(answer.media.at(0)),
            "m=audio 20000 RTP/AVP 96 101|a=rtpmap:96 opus/48000/2|a=fmtp:96 useinbandfec=1"
            "|a=rtpmap:101 telephone-event/8000|a=fmtp:101 0-16|a=sendrecv");
}

TEST(AnswerOffer, prefers_our_order_over_the_offerers) {
  const SessionDescription answer =
      answered(samples::kBaresipOffer, policy({codecs::pcma(), codecs::pcmu()}));
  EXPECT_EQ(answer.media.at(0).formats, std::vector<std::string>{"8"});
}

TEST(AnswerOffer, lists_every_common_codec_when_asked_to) {
  AnswerPolicy p = policy({codecs::g729(), codecs::pcma(), codecs::pcmu(), codecs::telephoneEvent()});
  p.maxCodecs = 0;
  EXPECT_EQ(answered(samples::kCisco7960Offer, p).media.at(0).formats,
            (std::vector<std::string>{"18", "8", "0", "101"}));
  EXPECT_EQ(answered(samples::kCisco7960Offer, p).media.at(0).fmtp(std::uint8_t{18}), "annexb=no");
}

TEST(AnswerOffer, rejects_video_with_port_zero_and_keeps_the_m_lines_in_order) {
  const SessionDescription answer =
      answered(samples::kLinphoneOffer, policy({codecs::opus(), codecs::pcmu(), codecs::telephoneEvent()}));
  ASSERT_EQ(answer.media.size(), 2u);
  // Opus goes with the offered telephone-event of its own clock rate (48000, PT 101).
  EXPECT_EQ(answer.media[0].formats, (std::vector<std::string>{"96", "101"}));
  EXPECT_EQ(answer.media[0].rtpmap(101)->clockRate, 48000u);
  EXPECT_EQ(mediaLines(answer.media[1]), "m=video 0 RTP/AVP 96");
  EXPECT_FALSE(answer.media[1].connection.has_value());
}

TEST(AnswerOffer, picks_the_telephone_event_with_the_codecs_clock_rate) {
  const SessionDescription answer =
      answered(samples::kLinphoneOffer, policy({codecs::pcmu(), codecs::telephoneEvent()}));
  EXPECT_EQ(answer.media.at(0).formats, (std::vector<std::string>{"0", "100"}));
}

TEST(AnswerOffer, falls_back_to_the_first_telephone_event_of_another_rate) {
  const SessionDescription answer = answered(
      kHead +
          "m=audio 4000 RTP/AVP 96 0 97\r\na=rtpmap:96 opus/48000/2\r\na=rtpmap:97 telephone-event/16000\r\n",
      policy({codecs::pcmu(), codecs::telephoneEvent()}));
  EXPECT_EQ(answer.media.at(0).formats, (std::vector<std::string>{"0", "97"}));
}

TEST(AnswerOffer, leaves_out_telephone_event_when_not_offered_or_not_wanted) {
  EXPECT_EQ(mediaLines(answered(samples::kSippUacOffer).media.at(0)),
            "m=audio 20000 RTP/AVP 0|a=rtpmap:0 PCMU/8000|a=sendrecv");
  EXPECT_EQ(answered(samples::kCisco7960Offer, policy({codecs::pcmu()})).media.at(0).formats,
            std::vector<std::string>{"0"});
}

TEST(AnswerOffer, fails_with_488_when_no_codec_is_shared) {
  const AnswerResult r =
      answerOffer(parsed(kHead + "m=audio 4000 RTP/AVP 18 101\r\na=rtpmap:101 telephone-event/8000\r\n"),
                  policy({codecs::pcmu(), codecs::pcma(), codecs::telephoneEvent()}));
  EXPECT_FALSE(r.ok());
  EXPECT_EQ(r.error, "no acceptable media (audio: no common codec)");
}

TEST(AnswerOffer, fails_with_488_when_only_unsupported_media_is_offered) {
  EXPECT_EQ(answerOffer(parsed(kHead + "m=image 4000 udptl t38\r\n"), policy()).error,
            "no acceptable media (image: transport udptl not supported)");
  EXPECT_EQ(answerOffer(parsed(kHead + "m=audio 4000 RTP/SAVP 0\r\n"), policy()).error,
            "no acceptable media (audio: transport RTP/SAVP not supported)");
  EXPECT_EQ(answerOffer(parsed("v=0\r\no=- 1 1 IN IP4 h\r\ns=-\r\nt=0 0\r\n"), policy()).error,
            "offer has no media");
}

TEST(AnswerOffer, accepts_the_plain_rtp_stream_next_to_a_secure_one) {
  const SessionDescription answer = answered(kHead + "m=audio 4000 RTP/SAVP 0\r\nm=audio 4002 RTP/AVP 0\r\n");
  EXPECT_EQ(answer.media.at(0).port, 0);
  EXPECT_EQ(answer.media.at(0).proto, "RTP/SAVP");
  EXPECT_EQ(answer.media.at(1).port, 20002);
}

TEST(AnswerOffer, keeps_a_stream_the_offer_disabled_disabled) {
  const SessionDescription answer = answered(kHead + "m=video 0 RTP/AVP 31\r\nm=audio 4000 RTP/AVP 0\r\n");
  EXPECT_EQ(mediaLines(answer.media.at(0)), "m=video 0 RTP/AVP 31");
  EXPECT_EQ(answer.media.at(1).port, 20002);
}

TEST(AnswerOffer, rejects_streams_it_has_no_port_for) {
  AnswerPolicy p = policy();
  p.ports = {20000};
  const SessionDescription answer =
      answered(kHead + "m=audio 4000 RTP/AVP 0\r\nm=audio 4002 RTP/AVP 0\r\n", p);
  EXPECT_EQ(answer.media.at(1).port, 0);
  p.ports = {0};
  EXPECT_EQ(answerOffer(parsed(samples::kSippUacOffer), p).error,
            "no acceptable media (audio: no port for it)");
}

TEST(AnswerOffer, answers_holds_the_rfc_3264_way) {
  // §6.1: sendonly -> recvonly, recvonly -> sendonly, inactive -> inactive.
  EXPECT_EQ(answered(samples::kBaresipHold).media.at(0).direction(), Direction::RecvOnly);
  EXPECT_EQ(answered(kHead + "m=audio 4000 RTP/AVP 0\r\na=recvonly\r\n").media.at(0).direction(),
            Direction::SendOnly);
  EXPECT_EQ(answered(kHead + "m=audio 4000 RTP/AVP 0\r\na=inactive\r\n").media.at(0).direction(),
            Direction::Inactive);
  EXPECT_EQ(answered(kHead + "a=sendonly\r\nm=audio 4000 RTP/AVP 0\r\n").media.at(0).direction(),
            Direction::RecvOnly);
}

TEST(AnswerOffer, answers_the_cisco_rfc_2543_hold_with_recvonly) {
  const SessionDescription answer = answered(samples::kCisco7960Hold);
  EXPECT_EQ(answer.media.at(0).direction(), Direction::RecvOnly);
  EXPECT_EQ(answer.connection->address, "192.0.2.10");  // never echoes 0.0.0.0
}

TEST(AnswerOffer, holds_the_peer_when_the_policy_says_so) {
  AnswerPolicy p = policy();
  p.direction = Direction::SendOnly;  // music on hold towards them, nothing back
  EXPECT_EQ(answered(samples::kCisco7960Offer, p).media.at(0).direction(), Direction::SendOnly);
  EXPECT_EQ(answered(samples::kBaresipHold, p).media.at(0).direction(), Direction::Inactive);
  p.direction = Direction::Inactive;
  EXPECT_EQ(answered(samples::kCisco7960Offer, p).media.at(0).direction(), Direction::Inactive);
}

TEST(AnswerOffer, copies_the_offer_timing_and_adds_ptime_and_rtcp_mux_when_asked) {
  AnswerPolicy p = policy();
  p.ptime = 20;
  p.rtcpMux = true;
  const SessionDescription answer = answered(
      "v=0\r\no=- 1 1 IN IP4 h\r\ns=-\r\nc=IN IP4 10.0.0.1\r\nt=3034423619 3042462419\r\n"
      "m=audio 4000 RTP/AVP 0\r\na=rtcp-mux\r\n",
      p);
  EXPECT_EQ(answer.timings.at(0).start, 3034423619u);
  EXPECT_EQ(answer.media.at(0).ptime(), 20u);
  EXPECT_TRUE(answer.media.at(0).rtcpMux());
  EXPECT_FALSE(answered(samples::kSippUacOffer, p).media.at(0).rtcpMux());  // not offered
  EXPECT_FALSE(answered(samples::kBaresipHold).media.at(0).rtcpMux());      // offered, not wanted
}

TEST(AnswerOffer, answers_every_real_offer_with_a_description_that_parses_back) {
  const AnswerPolicy p = policy(codecs::catalog());
  for (const std::string* offer :
       {&samples::kCisco7960Offer, &samples::kCisco7960Hold, &samples::kBaresipOffer, &samples::kBaresipHold,
        &samples::kLinphoneOffer, &samples::kSippUacOffer}) {
    const std::string text = serialize(answered(*offer, p));
    const SessionDescription again = parsed(text);
    EXPECT_EQ(serialize(again), text);
    EXPECT_TRUE(negotiatedCodec(parsed(*offer), again).has_value()) << *offer;
  }
}

TEST(AnswerOffer, refuses_a_policy_without_an_address) {
  AnswerPolicy p = policy();
  p.connection.address.clear();
  EXPECT_EQ(answerOffer(parsed(samples::kSippUacOffer), p).error, "no media address of our own");
}

}  // namespace sb::sdp
