// SPDX-License-Identifier: MIT
#include "sdp/session_description.h"

#include <gtest/gtest.h>

#include "sdp/sdp_parser.h"

namespace sb::sdp {

TEST(RtpMapValue, reads_name_rate_and_channels) {
  EXPECT_EQ(RtpMap::parse("0 PCMU/8000"), (RtpMap{0, "PCMU", 8000, 1}));
  EXPECT_EQ(RtpMap::parse("111 opus/48000/2"), (RtpMap{111, "opus", 48000, 2}));
  EXPECT_EQ(RtpMap::parse("101  telephone-event/8000"), (RtpMap{101, "telephone-event", 8000, 1}));
  EXPECT_EQ(RtpMap::parse("96 H263-1998/90000"), (RtpMap{96, "H263-1998", 90000, 1}));
}

TEST(RtpMapValue, reads_nothing_from_malformed_values) {
  for (std::string_view bad : {"", "0", "0 PCMU", "0 PCMU/", "0 PCMU/0", "128 PCMU/8000", "x PCMU/8000",
                               "0 PCMU/8000/0", "0 PCMU/8000/2/1", "0 PC MU/8000", "0 PCMU/8000 extra",
                               "-1 PCMU/8000", "0 /8000", "0 PCMU/99999999999"})
    EXPECT_FALSE(RtpMap::parse(bad).has_value()) << bad;
}

TEST(RtpMapValue, writes_channels_only_when_not_one) {
  EXPECT_EQ((RtpMap{0, "PCMU", 8000, 1}).toValue(), "0 PCMU/8000");
  EXPECT_EQ((RtpMap{111, "opus", 48000, 2}).toValue(), "111 opus/48000/2");
}

TEST(RtcpValue, reads_port_with_and_without_address) {
  EXPECT_EQ(RtcpAttribute::parse("53020"), (RtcpAttribute{53020, std::nullopt}));
  EXPECT_EQ(RtcpAttribute::parse("53020 IN IP4 126.16.64.4"),
            (RtcpAttribute{53020, Connection{"IN", "IP4", "126.16.64.4"}}));
  EXPECT_EQ(RtcpAttribute::parse("53020 IN IP6 2001:2345:6789:ABCD:EF01:2345:6789:ABCD")->connection->address,
            "2001:2345:6789:ABCD:EF01:2345:6789:ABCD");
  for (std::string_view bad : {"", "x", "65536", "53020 IN IP4", "53020 IN IP4 a b"})
    EXPECT_FALSE(RtcpAttribute::parse(bad).has_value()) << bad;
  EXPECT_EQ((RtcpAttribute{53020, Connection{"IN", "IP4", "10.0.0.1"}}).toValue(), "53020 IN IP4 10.0.0.1");
}

TEST(FmtpValue, splits_format_from_parameters) {
  const auto f = Fmtp::parse("101 0-15");
  ASSERT_TRUE(f.has_value());
  EXPECT_EQ(f->format, "101");
  EXPECT_EQ(f->parameters, "0-15");
  EXPECT_EQ(Fmtp::parse("18")->parameters, "");
  EXPECT_FALSE(Fmtp::parse("").has_value());
  EXPECT_EQ((Fmtp{"96", "useinbandfec=1"}).toValue(), "96 useinbandfec=1");
}

TEST(ConnectionAddress, knows_the_rfc_2543_hold_addresses) {
  EXPECT_TRUE((Connection{"IN", "IP4", "0.0.0.0"}).isHoldAddress());
  EXPECT_TRUE((Connection{"IN", "IP6", "::"}).isHoldAddress());
  EXPECT_FALSE((Connection{"IN", "IP4", "10.0.0.1"}).isHoldAddress());
  EXPECT_FALSE((Connection{"IN", "IP4", "0.0.0.1"}).isHoldAddress());
}

TEST(MediaViews, read_the_first_well_formed_attribute_and_ignore_malformed_ones) {
  MediaDescription m;
  m.formats = {"0", "96"};
  m.attributes.add("rtpmap", "96 broken");
  m.attributes.add("RTPMAP", "96 opus/48000/2");
  m.attributes.add("rtpmap", "96 speex/16000");
  m.attributes.add("ptime", "twenty");
  m.attributes.add("fmtp", "96 useinbandfec=1");
  m.attributes.add("rtcp", "not-a-port");
  EXPECT_EQ(m.rtpmap(96)->encodingName, "opus");
  EXPECT_FALSE(m.rtpmap(0).has_value());
  EXPECT_FALSE(m.ptime().has_value());
  EXPECT_EQ(m.fmtp(std::uint8_t{96}), "useinbandfec=1");
  EXPECT_FALSE(m.fmtp(std::uint8_t{0}).has_value());
  EXPECT_FALSE(m.rtcp().has_value());
  EXPECT_FALSE(m.direction().has_value());
}

TEST(MediaViews, tell_rtp_profiles_from_others) {
  MediaDescription m;
  for (std::string_view proto : {"RTP/AVP", "RTP/AVPF", "RTP/SAVP", "UDP/TLS/RTP/SAVPF", "rtp/avp"}) {
    m.proto = proto;
    EXPECT_TRUE(m.isRtp()) << proto;
  }
  for (std::string_view proto : {"udptl", "TCP/MSRP", "UDP/BFCP", "udp", "RTPX/AVP"}) {
    m.proto = proto;
    EXPECT_FALSE(m.isRtp()) << proto;
  }
}

TEST(MediaSetters, replace_their_own_attribute_in_place_and_keep_the_rest) {
  MediaDescription m;
  m.formats = {"0", "101"};
  m.attributes.add("rtpmap", "0 PCMU/8000");
  m.attributes.add("rtpmap", "101 telephone-event/8000");
  m.attributes.add("fmtp", "101 0-15");
  m.attributes.add("sendonly");
  m.attributes.add("X-vendor", "keep me");
  m.attributes.add("inactive");

  m.setRtpmap(RtpMap{101, "telephone-event", 48000, 1});
  m.setFmtp(101, "0-16");
  m.setDirection(Direction::RecvOnly);
  m.setPtime(30);
  m.setRtcp(RtcpAttribute{5001, std::nullopt});

  std::vector<std::string> lines;
  for (const Attribute& a : m.attributes) lines.push_back(a.name + (a.value ? ":" + *a.value : ""));
  EXPECT_EQ(lines, (std::vector<std::string>{"rtpmap:0 PCMU/8000", "rtpmap:101 telephone-event/48000",
                                             "fmtp:101 0-16", "recvonly", "X-vendor:keep me", "ptime:30",
                                             "rtcp:5001"}));
  EXPECT_EQ(m.direction(), Direction::RecvOnly);
  EXPECT_EQ(m.ptime(), 30u);
  EXPECT_EQ(m.rtcp()->port, 5001);
}

TEST(AttributeListOps, find_set_and_remove_ignore_name_case) {
  AttributeList list;
  list.add("a", "1");
  list.add("B");
  list.add("A", "2");
  EXPECT_EQ(list.value("A"), "1");
  EXPECT_EQ(list.value("b"), "");
  EXPECT_FALSE(list.value("c").has_value());
  list.set("a", "3");
  ASSERT_EQ(list.size(), 2u);
  EXPECT_EQ(list.items()[0].value, "3");
  EXPECT_EQ(list.remove("b"), 1u);
  EXPECT_EQ(list.remove("b"), 0u);
  list.set("new", std::nullopt);
  EXPECT_TRUE(list.has("NEW"));
}

TEST(Serialize, writes_a_built_description_that_parses_back_the_same) {
  SessionDescription sdp;
  sdp.origin = Origin{"switchboard", "42", 7, "IN", "IP4", "192.0.2.1"};
  sdp.sessionName = "";
  sdp.connection = Connection{"IN", "IP4", "192.0.2.1"};
  MediaDescription m;
  m.port = 10000;
  m.formats = {"0"};
  m.setRtpmap(RtpMap{0, "PCMU", 8000, 1});
  m.setDirection(Direction::SendRecv);
  sdp.media.push_back(m);
  const std::string text = serialize(sdp);
  EXPECT_EQ(text,
            "v=0\r\no=switchboard 42 7 IN IP4 192.0.2.1\r\ns=-\r\nc=IN IP4 192.0.2.1\r\nt=0 0\r\n"
            "m=audio 10000 RTP/AVP 0\r\na=rtpmap:0 PCMU/8000\r\na=sendrecv\r\n");
  const ParseResult again = parse(text);
  ASSERT_TRUE(again.ok()) << again.error;
  EXPECT_EQ(serialize(*again.description), text);
}

}  // namespace sb::sdp
