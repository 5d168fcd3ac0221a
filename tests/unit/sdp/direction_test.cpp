// SPDX-License-Identifier: MIT
#include "sdp/direction.h"

#include <gtest/gtest.h>

#include "samples.h"
#include "sdp/sdp_parser.h"

namespace sb::sdp {
namespace {

constexpr Direction kSendRecv = Direction::SendRecv;
constexpr Direction kSendOnly = Direction::SendOnly;
constexpr Direction kRecvOnly = Direction::RecvOnly;
constexpr Direction kInactive = Direction::Inactive;

SessionDescription parsed(std::string_view text) {
  ParseResult r = parse(text);
  EXPECT_TRUE(r.ok()) << r.error;
  return r.ok() ? std::move(*r.description) : SessionDescription{};
}

// One audio stream with the given session- and media-level lines.
Direction effective(std::string_view sessionLines, std::string_view mediaLines,
                    std::string_view port = "4000") {
  const SessionDescription sdp =
      parsed("v=0\r\no=- 1 1 IN IP4 h\r\ns=-\r\n" + std::string(sessionLines) + "t=0 0\r\nm=audio " +
             std::string(port) + " RTP/AVP 0\r\n" + std::string(mediaLines));
  return effectiveDirection(sdp.media.at(0), sdp);
}

}  // namespace

TEST(DirectionNames, read_and_write_the_four_attributes) {
  for (Direction d : {kSendRecv, kSendOnly, kRecvOnly, kInactive})
    EXPECT_EQ(directionFromName(toString(d)), d);
  EXPECT_EQ(directionFromName("SendOnly"), kSendOnly);
  EXPECT_FALSE(directionFromName("rtpmap").has_value());
}

TEST(DirectionAlgebra, reverses_and_intersects) {
  EXPECT_EQ(reversed(kSendOnly), kRecvOnly);
  EXPECT_EQ(reversed(kRecvOnly), kSendOnly);
  EXPECT_EQ(reversed(kSendRecv), kSendRecv);
  EXPECT_EQ(reversed(kInactive), kInactive);
  EXPECT_EQ(intersect(kSendOnly, kRecvOnly), kInactive);
  EXPECT_EQ(intersect(kSendRecv, kRecvOnly), kRecvOnly);
}

TEST(AnswerDirection, follows_rfc_3264_section_6_1) {
  // Offered sendonly -> recvonly, recvonly -> sendonly, inactive -> inactive, sendrecv -> ours.
  EXPECT_EQ(answerDirection(kSendOnly, kSendRecv), kRecvOnly);
  EXPECT_EQ(answerDirection(kRecvOnly, kSendRecv), kSendOnly);
  EXPECT_EQ(answerDirection(kInactive, kSendRecv), kInactive);
  EXPECT_EQ(answerDirection(kSendRecv, kSendRecv), kSendRecv);
  // We hold the peer (sendonly from us): a sendonly offer leaves nothing to do.
  EXPECT_EQ(answerDirection(kSendRecv, kSendOnly), kSendOnly);
  EXPECT_EQ(answerDirection(kSendOnly, kSendOnly), kInactive);
  EXPECT_EQ(answerDirection(kRecvOnly, kInactive), kInactive);
}

TEST(EffectiveDirection, defaults_to_sendrecv) {
  EXPECT_EQ(effective("c=IN IP4 10.0.0.1\r\n", ""), kSendRecv);
}

TEST(EffectiveDirection, takes_the_session_level_attribute_as_default) {
  EXPECT_EQ(effective("c=IN IP4 10.0.0.1\r\na=sendonly\r\n", ""), kSendOnly);
}

TEST(EffectiveDirection, lets_the_media_attribute_override_the_session) {
  EXPECT_EQ(effective("c=IN IP4 10.0.0.1\r\na=sendonly\r\n", "a=recvonly\r\n"), kRecvOnly);
}

TEST(EffectiveDirection, reads_a_disabled_stream_as_inactive) {
  EXPECT_EQ(effective("c=IN IP4 10.0.0.1\r\n", "a=sendrecv\r\n", "0"), kInactive);
}

TEST(EffectiveDirection, reads_rfc_2543_hold_as_no_receiving) {
  // RFC 3264 §8.4: c=0.0.0.0 means send nothing to this party, so only its send half is left.
  EXPECT_EQ(effective("c=IN IP4 0.0.0.0\r\n", ""), kSendOnly);
  EXPECT_EQ(effective("c=IN IP4 0.0.0.0\r\n", "a=sendrecv\r\n"), kSendOnly);
  EXPECT_EQ(effective("c=IN IP4 0.0.0.0\r\n", "a=sendonly\r\n"), kSendOnly);
  EXPECT_EQ(effective("c=IN IP4 0.0.0.0\r\n", "a=recvonly\r\n"), kInactive);
  EXPECT_EQ(effective("c=IN IP4 0.0.0.0\r\n", "a=inactive\r\n"), kInactive);
  EXPECT_EQ(effective("c=IN IP6 ::\r\n", ""), kSendOnly);
  // The media-level address is the one that counts.
  EXPECT_EQ(effective("c=IN IP4 0.0.0.0\r\n", "c=IN IP4 10.0.0.1\r\n"), kSendRecv);
  EXPECT_EQ(effective("c=IN IP4 10.0.0.1\r\n", "c=IN IP4 0.0.0.0\r\n"), kSendOnly);
}

TEST(EffectiveDirection, sees_the_cisco_7960_hold_as_sendonly) {
  const SessionDescription held = parsed(samples::kCisco7960Hold);
  EXPECT_EQ(held.media.at(0).direction(), kSendRecv);  // as written
  EXPECT_EQ(effectiveDirection(held.media.at(0), held), kSendOnly);
  const SessionDescription talking = parsed(samples::kCisco7960Offer);
  EXPECT_EQ(effectiveDirection(talking.media.at(0), talking), kSendRecv);
}

TEST(EffectiveDirection, sees_the_baresip_hold_as_sendonly) {
  const SessionDescription held = parsed(samples::kBaresipHold);
  EXPECT_EQ(effectiveDirection(held.media.at(0), held), kSendOnly);
}

}  // namespace sb::sdp
