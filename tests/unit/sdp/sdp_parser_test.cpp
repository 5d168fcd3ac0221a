// SPDX-License-Identifier: MIT
#include "sdp/sdp_parser.h"

#include <gtest/gtest.h>

#include "samples.h"

namespace sb::sdp {
namespace {

SessionDescription parsed(std::string_view text) {
  ParseResult r = parse(text);
  EXPECT_TRUE(r.ok()) << r.error;
  return r.ok() ? std::move(*r.description) : SessionDescription{};
}

std::string lf(std::string_view crlfText) {
  std::string out;
  for (char c : crlfText)
    if (c != '\r') out += c;
  return out;
}

}  // namespace

TEST(SdpParse, reads_a_cisco_7960_offer) {
  const SessionDescription sdp = parsed(samples::kCisco7960Offer);
  EXPECT_EQ(sdp.version, 0u);
  EXPECT_EQ(sdp.origin.username, "Cisco-SIPUA");
  EXPECT_EQ(sdp.origin.sessionId, "6745");
  EXPECT_EQ(sdp.origin.sessionVersion, 0u);
  EXPECT_EQ(sdp.origin.address, "192.168.1.101");
  EXPECT_EQ(sdp.sessionName, "SIP Call");
  EXPECT_FALSE(sdp.connection.has_value());
  ASSERT_EQ(sdp.timings.size(), 1u);
  EXPECT_EQ(sdp.timings[0].start, 0u);
  ASSERT_EQ(sdp.media.size(), 1u);
  const MediaDescription& m = sdp.media[0];
  EXPECT_EQ(m.media, "audio");
  EXPECT_EQ(m.port, 16962);
  EXPECT_EQ(m.proto, "RTP/AVP");
  EXPECT_EQ(m.formats, (std::vector<std::string>{"0", "8", "18", "101"}));
  ASSERT_TRUE(m.connection.has_value());
  EXPECT_EQ(m.connection->address, "192.168.1.101");
  EXPECT_EQ(sdp.connectionFor(m), &*m.connection);
  ASSERT_TRUE(m.rtpmap(101).has_value());
  EXPECT_EQ(m.rtpmap(101)->encodingName, "telephone-event");
  EXPECT_EQ(m.fmtp(std::uint8_t{101}), "0-11");
  EXPECT_EQ(m.direction(), Direction::SendRecv);
  EXPECT_EQ(m.attributes.size(), 6u);
}

TEST(SdpParse, reads_a_baresip_offer_with_session_level_connection_and_unknown_attributes) {
  const SessionDescription sdp = parsed(samples::kBaresipOffer);
  ASSERT_TRUE(sdp.connection.has_value());
  EXPECT_EQ(sdp.connection->address, "127.0.0.1");
  EXPECT_EQ(sdp.attributes.value("tool"), "baresip 1.0.0");
  const MediaDescription& m = sdp.media.at(0);
  EXPECT_EQ(sdp.connectionFor(m), &*sdp.connection);
  EXPECT_EQ(m.payloadTypes(), (std::vector<std::uint8_t>{96, 9, 0, 8, 101}));
  EXPECT_EQ(m.rtpmap(96), (RtpMap{96, "opus", 48000, 2}));
  EXPECT_EQ(m.fmtp(std::uint8_t{96}), "stereo=1;sprop-stereo=1");
  EXPECT_EQ(m.ptime(), 20u);
  EXPECT_FALSE(m.maxptime().has_value());
  EXPECT_EQ(m.attributes.value("ssrc"), "567399803 cname:sip:200@127.0.0.1");
  EXPECT_TRUE(m.attributes.has("rtcp-rsize"));
  EXPECT_FALSE(m.rtcpMux());
  EXPECT_TRUE(parsed(samples::kBaresipHold).media.at(0).rtcpMux());
}

TEST(SdpParse, reads_a_linphone_offer_with_rtcp_attribute_and_video) {
  const SessionDescription sdp = parsed(samples::kLinphoneOffer);
  ASSERT_EQ(sdp.media.size(), 2u);
  const MediaDescription& audio = sdp.media[0];
  EXPECT_EQ(audio.formats.size(), 9u);
  EXPECT_EQ(audio.rtcp(), (RtcpAttribute{7079, std::nullopt}));
  EXPECT_FALSE(audio.rtpmap(18).has_value());  // static payload type, no rtpmap
  EXPECT_EQ(audio.fmtp(std::uint8_t{18}), "annexb=yes");
  EXPECT_EQ(sdp.media[1].media, "video");
  EXPECT_EQ(sdp.media[1].rtpmap(96)->clockRate, 90000u);
  EXPECT_EQ(sdp.attributes.value("rtcp-xr"),
            "rcvr-rtt=all:10000 stat-summary=loss,dup,jitt,TTL voip-metrics");
}

TEST(SdpParse, reads_sipp_default_offer_and_answer) {
  EXPECT_EQ(parsed(samples::kSippUacOffer).media.at(0).port, 6004);
  const SessionDescription answer = parsed(samples::kSippUasAnswer);
  EXPECT_EQ(answer.origin.sessionVersion, 2353687637u);
  EXPECT_EQ(answer.media.at(0).formats, std::vector<std::string>{"0"});
}

TEST(SdpParse, real_descriptions_serialize_back_byte_for_byte) {
  for (const std::string* text :
       {&samples::kCisco7960Offer, &samples::kCisco7960Hold, &samples::kBaresipOffer, &samples::kBaresipHold,
        &samples::kLinphoneOffer, &samples::kSippUacOffer, &samples::kSippUasAnswer}) {
    EXPECT_EQ(serialize(parsed(*text)), *text);
  }
}

TEST(SdpParse, accepts_lf_line_ends_and_writes_crlf) {
  const std::string text = lf(samples::kBaresipOffer);
  ASSERT_EQ(text.find('\r'), std::string::npos);
  EXPECT_EQ(serialize(parsed(text)), samples::kBaresipOffer);
}

TEST(SdpParse, tolerates_trailing_spaces_blank_lines_and_doubled_spaces) {
  const SessionDescription sdp = parsed(
      "v=0 \r\n"
      "o=-  1 2 IN IP4 10.0.0.1\t\r\n"
      "s=call \r\n"
      "\r\n"
      "c=IN IP4  10.0.0.1\r\n"
      "t=0 0\r\n"
      "m=audio  4000 RTP/AVP 0  8 \r\n"
      "a=rtpmap:0 PCMU/8000  \r\n"
      "\r\n");
  EXPECT_EQ(sdp.origin.sessionVersion, 2u);
  EXPECT_EQ(sdp.sessionName, "call");
  EXPECT_EQ(sdp.connection->address, "10.0.0.1");
  EXPECT_EQ(sdp.media.at(0).formats, (std::vector<std::string>{"0", "8"}));
  EXPECT_EQ(sdp.media.at(0).attributes.value("rtpmap"), "0 PCMU/8000");
}

TEST(SdpParse, tolerates_a_missing_t_line_and_writes_t_0_0) {
  const SessionDescription sdp =
      parsed("v=0\r\no=- 1 1 IN IP4 h\r\ns=-\r\nc=IN IP4 10.0.0.1\r\nm=audio 4000 RTP/AVP 0\r\n");
  EXPECT_TRUE(sdp.timings.empty());
  EXPECT_NE(serialize(sdp).find("\r\nt=0 0\r\n"), std::string::npos);
}

TEST(SdpParse, skips_lines_of_unknown_type_and_keeps_unknown_attributes) {
  const SessionDescription sdp = parsed(
      "v=0\r\no=- 1 1 IN IP4 h\r\ns=-\r\nx=whatever\r\nc=IN IP4 10.0.0.1\r\nt=0 0\r\n"
      "m=audio 4000 RTP/AVP 0\r\ny=1\r\na=X-cisco-media:umoh\r\na=silenceSupp:off - - - -\r\n");
  const std::string out = serialize(sdp);
  EXPECT_EQ(out.find("x="), std::string::npos);
  EXPECT_EQ(out.find("y="), std::string::npos);
  EXPECT_NE(out.find("a=X-cisco-media:umoh\r\na=silenceSupp:off - - - -\r\n"), std::string::npos);
}

TEST(SdpParse, serializes_in_rfc_4566_order_whatever_order_it_read) {
  // Session a= before c= and b= before c= in the media section: seen from real gateways.
  const SessionDescription sdp = parsed(
      "v=0\r\no=- 1 1 IN IP4 h\r\ns=-\r\na=recvonly\r\nt=0 0\r\nc=IN IP4 10.0.0.1\r\ni=info\r\n"
      "m=audio 4000 RTP/AVP 0\r\na=ptime:20\r\nb=AS:64\r\nc=IN IP4 10.0.0.2\r\ni=media info\r\n");
  EXPECT_EQ(serialize(sdp),
            "v=0\r\no=- 1 1 IN IP4 h\r\ns=-\r\ni=info\r\nc=IN IP4 10.0.0.1\r\nt=0 0\r\na=recvonly\r\n"
            "m=audio 4000 RTP/AVP 0\r\ni=media info\r\nc=IN IP4 10.0.0.2\r\nb=AS:64\r\na=ptime:20\r\n");
}

TEST(SdpParse, keeps_every_optional_session_line) {
  const std::string text =
      "v=0\r\no=jdoe 2890844526 2890842807 IN IP4 10.47.16.5\r\ns=SDP Seminar\r\ni=A Seminar\r\n"
      "u=http://www.example.com/seminars/sdp.pdf\r\ne=j.doe@example.com (Jane Doe)\r\np=+1 617 555-6011\r\n"
      "c=IN IP4 224.2.17.12/127\r\nb=CT:128\r\nt=2873397496 2873404696\r\nr=7d 1h 0 25h\r\n"
      "z=2882844526 -1h 2898848070 0\r\nk=prompt\r\na=recvonly\r\n"
      "m=audio 49170 RTP/AVP 0\r\nm=video 51372/2 RTP/AVP 99\r\nb=AS:256\r\nk=prompt\r\na=rtpmap:99 "
      "h263-1998/90000\r\n"
      "m=application 32416 udp wb\r\na=orient:portrait\r\n";
  const SessionDescription sdp = parsed(text);
  EXPECT_EQ(sdp.information, "A Seminar");
  EXPECT_EQ(sdp.emails.size(), 1u);
  EXPECT_EQ(sdp.phones.size(), 1u);
  EXPECT_EQ(sdp.connection->address, "224.2.17.12/127");
  EXPECT_EQ(sdp.bandwidths.at(0).type, "CT");
  EXPECT_EQ(sdp.bandwidths.at(0).value, 128u);
  EXPECT_EQ(sdp.timings.at(0).repeats, std::vector<std::string>{"7d 1h 0 25h"});
  EXPECT_EQ(sdp.media.at(1).portCount, 2);
  EXPECT_EQ(sdp.media.at(2).formats, std::vector<std::string>{"wb"});
  EXPECT_FALSE(sdp.media.at(2).isRtp());
  EXPECT_EQ(serialize(sdp), text);
}

TEST(SdpParse, accepts_a_rejected_stream_without_formats_or_connection) {
  const SessionDescription sdp = parsed(
      "v=0\r\no=- 1 1 IN IP4 h\r\ns=-\r\nt=0 0\r\nm=audio 4000 RTP/AVP 0\r\nc=IN IP4 10.0.0.1\r\nm=video 0 "
      "RTP/AVP\r\n");
  EXPECT_EQ(sdp.media.at(1).port, 0);
  EXPECT_TRUE(sdp.media.at(1).formats.empty());
  EXPECT_TRUE(serialize(sdp).ends_with("\r\nm=video 0 RTP/AVP\r\n"));
}

TEST(SdpParse, allows_ports_and_payload_types_at_their_limits) {
  const SessionDescription sdp = parsed(
      "v=0\r\no=- 1 18446744073709551615 IN IP4 h\r\ns=-\r\nc=IN IP4 1.2.3.4\r\nt=0 0\r\nm=audio 65535 "
      "RTP/AVP 0 127\r\n");
  EXPECT_EQ(sdp.media.at(0).port, 65535);
  EXPECT_EQ(sdp.media.at(0).payloadTypes(), (std::vector<std::uint8_t>{0, 127}));
  EXPECT_EQ(sdp.origin.sessionVersion, 18446744073709551615u);
}

TEST(SdpParse, accepts_exactly_the_limits) {
  ParseLimits limits;
  std::string text = "v=0\r\no=- 1 1 IN IP4 h\r\ns=-\r\nc=IN IP4 1.2.3.4\r\nt=0 0\r\n";
  for (std::size_t i = 0; i < limits.maxMedia; ++i) {
    text += "m=audio 4000 RTP/AVP";
    for (std::size_t f = 0; f < limits.maxFormats; ++f) text += ' ' + std::to_string(f);
    text += "\r\n";
  }
  for (std::size_t a = 0; a < limits.maxAttributes; ++a) text += "a=x\r\n";
  limits.maxBytes = text.size();
  const ParseResult r = parse(text, limits);
  ASSERT_TRUE(r.ok()) << r.error;
  EXPECT_EQ(r.description->media.size(), limits.maxMedia);
  EXPECT_EQ(r.description->media.back().attributes.size(), limits.maxAttributes);
}

}  // namespace sb::sdp
