// SPDX-License-Identifier: MIT
#include "sip/transport/stream_framer.h"

#include <gtest/gtest.h>

#include <string>

namespace sb::sip {
namespace {

using Kind = StreamFrame::Kind;

const std::string kOptions =
    "OPTIONS sip:100@192.0.2.10 SIP/2.0\r\n"
    "Via: SIP/2.0/TCP 192.0.2.20:5060;branch=z9hG4bK1\r\n"
    "Max-Forwards: 70\r\n"
    "To: <sip:100@192.0.2.10>\r\n"
    "From: <sip:200@192.0.2.10>;tag=1\r\n"
    "Call-ID: framer-1\r\n"
    "CSeq: 1 OPTIONS\r\n"
    "Content-Length: 5\r\n"
    "\r\n"
    "hello";

TEST(StreamFramer, double_crlf_is_a_ping) {
  const auto frame = nextStreamFrame("\r\n\r\nOPTIONS", {});
  EXPECT_EQ(frame.kind, Kind::Ping);
  EXPECT_EQ(frame.length, 4u);
}

TEST(StreamFramer, lone_crlf_waits_for_the_next_byte) {
  EXPECT_EQ(nextStreamFrame("\r\n", {}).kind, Kind::NeedMore);
  EXPECT_EQ(nextStreamFrame("\r\n\r", {}).kind, Kind::NeedMore);
}

TEST(StreamFramer, stray_crlf_before_a_start_line_is_skipped) {
  const auto frame = nextStreamFrame("\r\nOPTIONS sip:x SIP/2.0\r\n", {});
  EXPECT_EQ(frame.kind, Kind::Skip);
  EXPECT_EQ(frame.length, 2u);
}

TEST(StreamFramer, whole_message_with_body_is_one_frame) {
  const auto frame = nextStreamFrame(kOptions + "INVITE", {});
  EXPECT_EQ(frame.kind, Kind::Message);
  EXPECT_EQ(frame.length, kOptions.size());
}

TEST(StreamFramer, message_without_its_whole_body_needs_more) {
  EXPECT_EQ(nextStreamFrame(std::string_view(kOptions).substr(0, kOptions.size() - 2), {}).kind,
            Kind::NeedMore);
}

TEST(StreamFramer, endless_header_section_is_oversize) {
  std::string headers = "OPTIONS sip:100@192.0.2.10 SIP/2.0\r\n";
  while (headers.size() <= 16384) headers += "X-Filler: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\r\n";
  EXPECT_EQ(nextStreamFrame(headers, {}).kind, Kind::Oversize);
}

TEST(StreamFramer, body_beyond_the_message_limit_cuts_the_connection) {
  TransportLimits limits;
  limits.maxMessageBytes = 300;
  std::string message = kOptions;
  message.replace(message.find("Content-Length: 5"), 17, "Content-Length: 500");
  message += std::string(100, 'x');  // past the limit, still short of the announced body
  const auto kind = nextStreamFrame(message, limits).kind;
  // frameLength may refuse the announced length itself (Invalid) or leave it to the size guard.
  EXPECT_TRUE(kind == Kind::Oversize || kind == Kind::Invalid) << static_cast<int>(kind);
}

TEST(StreamFramer, only_line_breaks_is_recognised) {
  EXPECT_TRUE(onlyLineBreaks(""));
  EXPECT_TRUE(onlyLineBreaks("\r\n"));
  EXPECT_FALSE(onlyLineBreaks("\r\nO"));
}

}  // namespace
}  // namespace sb::sip
