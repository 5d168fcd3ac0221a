// SPDX-License-Identifier: MIT
#include <gtest/gtest.h>

#include "sdp/sdp_parser.h"

namespace sb::sdp {
namespace {

const std::string kHead = "v=0\r\no=- 1 1 IN IP4 h\r\ns=-\r\nc=IN IP4 10.0.0.1\r\nt=0 0\r\n";

// The error parse() gives, or "" when it unexpectedly accepts.
std::string errorOf(std::string_view text, const ParseLimits& limits = {}) {
  const ParseResult r = parse(text, limits);
  EXPECT_FALSE(r.ok()) << text;
  EXPECT_EQ(r.ok(), r.error.empty());
  return r.error;
}

std::string withMedia(std::string_view lines) { return kHead + std::string(lines); }

}  // namespace

TEST(SdpParseErrors, refuses_empty_and_blank_input) {
  EXPECT_EQ(errorOf(""), "empty SDP");
  EXPECT_EQ(errorOf("\r\n\r\n"), "empty SDP");
}

TEST(SdpParseErrors, refuses_anything_not_beginning_with_v_0) {
  EXPECT_EQ(errorOf("o=- 1 1 IN IP4 h\r\nv=0\r\n"), "line 1: SDP must begin with v=");
  EXPECT_EQ(errorOf("v=1\r\no=- 1 1 IN IP4 h\r\ns=-\r\n"), "line 1: unsupported SDP version (v=0 only)");
  EXPECT_EQ(errorOf("INVITE sip:a@b SIP/2.0\r\n"), "line 1: not a <type>=<value> line");
}

TEST(SdpParseErrors, refuses_a_second_description_glued_on) {
  EXPECT_EQ(errorOf(kHead + kHead), "line 6: more than one v= line");
}

TEST(SdpParseErrors, requires_origin_and_session_name_once) {
  EXPECT_EQ(errorOf("v=0\r\ns=-\r\nt=0 0\r\n"), "missing o= line");
  EXPECT_EQ(errorOf("v=0\r\no=- 1 1 IN IP4 h\r\nt=0 0\r\n"), "missing s= line");
  EXPECT_EQ(errorOf("v=0\r\no=- 1 1 IN IP4 h\r\no=- 1 1 IN IP4 h\r\ns=-\r\n"),
            "line 3: more than one o= line");
  EXPECT_EQ(errorOf("v=0\r\no=- 1 1 IN IP4 h\r\ns=-\r\ns=-\r\n"), "line 4: more than one s= line");
}

TEST(SdpParseErrors, refuses_malformed_origin) {
  EXPECT_EQ(errorOf("v=0\r\no=- 1 1 IN IP4\r\ns=-\r\n"),
            "line 2: o= needs username, session id, version, network type, address type and address");
  EXPECT_EQ(errorOf("v=0\r\no=- 1 1 IN IP4 h extra\r\ns=-\r\n"),
            "line 2: o= needs username, session id, version, network type, address type and address");
  EXPECT_EQ(errorOf("v=0\r\no=- 1 x IN IP4 h\r\ns=-\r\n"), "line 2: o= session version is not a number");
  EXPECT_EQ(errorOf("v=0\r\no=- 1 18446744073709551616 IN IP4 h\r\ns=-\r\n"),
            "line 2: o= session version is not a number");
  EXPECT_EQ(errorOf("v=0\r\no=- 1 1 I/N IP4 h\r\ns=-\r\n"), "line 2: bad o= network or address type");
}

TEST(SdpParseErrors, refuses_malformed_connection_lines) {
  EXPECT_EQ(errorOf("v=0\r\no=- 1 1 IN IP4 h\r\ns=-\r\nc=IN IP4\r\n"),
            "line 4: c= needs network type, address type and address");
  EXPECT_EQ(errorOf(withMedia("c=IN IP4 10.0.0.2\r\n")), "line 6: more than one c= line in a section");
  EXPECT_EQ(errorOf(withMedia("m=audio 1 RTP/AVP 0\r\nc=IN IP4 a\r\nc=IN IP4 b\r\n")),
            "line 8: more than one c= line in a section");
}

TEST(SdpParseErrors, requires_a_connection_address_for_every_enabled_stream) {
  const std::string noSessionC = "v=0\r\no=- 1 1 IN IP4 h\r\ns=-\r\nt=0 0\r\n";
  EXPECT_EQ(errorOf(noSessionC + "m=audio 4000 RTP/AVP 0\r\nc=IN IP4 10.0.0.1\r\nm=audio 4002 RTP/AVP 0\r\n"),
            "m= section 2 has no connection address (c=)");
}

TEST(SdpParseErrors, refuses_malformed_media_lines) {
  EXPECT_EQ(errorOf(withMedia("m=audio 4000\r\n")), "line 6: m= needs media, port, proto and formats");
  EXPECT_EQ(errorOf(withMedia("m=audio 4000 RTP/AVP\r\n")), "line 6: m= line lists no formats");
  EXPECT_EQ(errorOf(withMedia("m=audio port RTP/AVP 0\r\n")), "line 6: m= port is not a number");
  EXPECT_EQ(errorOf(withMedia("m=audio -1 RTP/AVP 0\r\n")), "line 6: m= port is not a number");
  EXPECT_EQ(errorOf(withMedia("m=audio 65536 RTP/AVP 0\r\n")), "line 6: m= port out of range");
  EXPECT_EQ(errorOf(withMedia("m=audio 99999999999 RTP/AVP 0\r\n")), "line 6: m= port is not a number");
  EXPECT_EQ(errorOf(withMedia("m=audio 4000/0 RTP/AVP 0\r\n")), "line 6: bad m= port count");
  EXPECT_EQ(errorOf(withMedia("m=audio 4000/ RTP/AVP 0\r\n")), "line 6: bad m= port count");
  EXPECT_EQ(errorOf(withMedia("m=aud:io 4000 RTP/AVP 0\r\n")), "line 6: bad m= media type");
  EXPECT_EQ(errorOf(withMedia("m=audio 4000 RTP//AVP 0\r\n")), "line 6: bad m= proto");
  EXPECT_EQ(errorOf(withMedia("m=audio 4000 RTP/AVP 128\r\n")), "line 6: RTP payload type out of range");
  EXPECT_EQ(errorOf(withMedia("m=audio 4000 RTP/AVP 0 PCMU\r\n")),
            "line 6: RTP payload type is not a number");
  EXPECT_EQ(errorOf(withMedia("m=audio 4000 RTP/AVP 0 \x01\r\n")),
            "line 6: control character in the m= line");
}

TEST(SdpParseErrors, refuses_session_lines_inside_a_media_section) {
  for (char type : std::string("ostrzuep")) {
    const std::string text = withMedia("m=audio 4000 RTP/AVP 0\r\n") + type + "=x\r\n";
    EXPECT_EQ(errorOf(text), "line 7: " + std::string(1, type) + "= inside a media section") << type;
  }
}

TEST(SdpParseErrors, refuses_malformed_bandwidth_timing_and_attribute_lines) {
  EXPECT_EQ(errorOf(withMedia("b=AS\r\n")), "line 6: b= needs <type>:<value>");
  EXPECT_EQ(errorOf(withMedia("b=AS:lots\r\n")), "line 6: b= value is not a number");
  EXPECT_EQ(errorOf(withMedia("t=0\r\n")), "line 6: t= needs start and stop times");
  EXPECT_EQ(errorOf(withMedia("t=now later\r\n")), "line 6: t= needs start and stop times");
  EXPECT_EQ(errorOf("v=0\r\no=- 1 1 IN IP4 h\r\ns=-\r\nr=7d 1h 0\r\n"), "line 4: r= without a t= before it");
  EXPECT_EQ(errorOf(withMedia("a=\r\n")), "line 6: bad attribute name");
  EXPECT_EQ(errorOf(withMedia("a=:value\r\n")), "line 6: bad attribute name");
  EXPECT_EQ(errorOf(withMedia("a=rtp map:0 PCMU/8000\r\n")), "line 6: bad attribute name");
}

TEST(SdpParseErrors, refuses_lines_that_are_not_type_equals_value) {
  EXPECT_EQ(errorOf(withMedia("garbage\r\n")), "line 6: not a <type>=<value> line");
  EXPECT_EQ(errorOf(withMedia("A=sendrecv\r\n")), "line 6: not a <type>=<value> line");
  EXPECT_EQ(errorOf(withMedia(" a=sendrecv\r\n")), "line 6: not a <type>=<value> line");
  EXPECT_EQ(errorOf(withMedia("a\r\n")), "line 6: not a <type>=<value> line");
}

TEST(SdpParseErrors, refuses_nul_and_stray_carriage_returns_inside_lines) {
  EXPECT_EQ(errorOf(withMedia(std::string("s=a\0b\r\n", 7))), "line 6: control character inside the line");
  EXPECT_EQ(errorOf(withMedia("a=x\ry\r\n")), "line 6: control character inside the line");
}

TEST(SdpParseErrors, refuses_bodies_past_the_size_limit) {
  std::string text = withMedia("m=audio 4000 RTP/AVP 0\r\n");
  text += std::string(16 * 1024 - text.size() + 1, '\n');
  EXPECT_EQ(errorOf(text), "SDP larger than 16384 bytes");
}

TEST(SdpParseErrors, refuses_over_long_lines) {
  EXPECT_EQ(errorOf(withMedia("a=x:" + std::string(2045, 'y') + "\r\n")),
            "line 6: line longer than 2048 bytes");
  EXPECT_TRUE(parse(withMedia("a=x:" + std::string(2044, 'y') + "\r\n")).ok());
}

TEST(SdpParseErrors, refuses_too_many_media_sections) {
  std::string text = kHead;
  for (int i = 0; i < 17; ++i) text += "m=audio 4000 RTP/AVP 0\r\n";
  EXPECT_EQ(errorOf(text), "line 22: too many m= sections");
}

TEST(SdpParseErrors, refuses_too_many_formats) {
  std::string mline = "m=audio 4000 RTP/AVP";
  for (int i = 0; i < 65; ++i) mline += " 0";
  EXPECT_EQ(errorOf(withMedia(mline + "\r\n")), "line 6: too many formats on the m= line");
}

TEST(SdpParseErrors, refuses_too_many_attributes_in_one_section) {
  std::string text = withMedia("m=audio 4000 RTP/AVP 0\r\n");
  for (int i = 0; i < 129; ++i) text += "a=x\r\n";
  EXPECT_EQ(errorOf(text), "line 135: too many a= lines in a section");
  // The limit is per section: 128 at session level and 128 in a media section are fine.
  std::string ok = kHead;
  for (int i = 0; i < 128; ++i) ok += "a=x\r\n";
  ok += "m=audio 4000 RTP/AVP 0\r\n";
  for (int i = 0; i < 128; ++i) ok += "a=x\r\n";
  EXPECT_TRUE(parse(ok).ok());
}

TEST(SdpParseErrors, refuses_too_many_other_lines) {
  std::string text = kHead;
  for (int i = 0; i < 32; ++i) text += "b=AS:1\r\n";
  EXPECT_EQ(errorOf(text), "line 37: too many b=, e=, p=, t= or r= lines");
}

TEST(SdpParseErrors, errors_never_echo_the_input) {
  const std::string hostile = "v=0\r\no=- 1 <script> IN IP4 h\r\ns=-\r\n";
  EXPECT_EQ(errorOf(hostile).find("script"), std::string::npos);
}

}  // namespace sb::sdp
