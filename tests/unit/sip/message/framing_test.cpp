// SPDX-License-Identifier: MIT
#include <gtest/gtest.h>

#include "sip/message/message.h"
#include "wire.h"

namespace sb::sip {

namespace {

std::string withBody(std::string_view body, std::string_view lengthLine) {
  std::string w =
      "MESSAGE sip:bob@example.com SIP/2.0\r\n"
      "Via: SIP/2.0/TCP h;branch=z9hG4bK1\r\n"
      "To: <sip:bob@example.com>\r\n"
      "From: <sip:alice@example.com>;tag=1\r\n"
      "Call-ID: c\r\n"
      "CSeq: 1 MESSAGE\r\n";
  w += lengthLine;
  w += "\r\n\r\n";
  w += body;
  return w;
}

}  // namespace

TEST(FrameLength, waits_for_the_rest_of_a_partial_message) {
  const std::string full = withBody("hello", "Content-Length: 5");
  for (std::size_t cut : {std::size_t{0}, std::size_t{10}, full.size() - 8, full.size() - 1})
    EXPECT_EQ(frameLength(std::string_view(full).substr(0, cut)), 0u) << cut;
}

TEST(FrameLength, measures_a_complete_message_and_its_body) {
  const std::string full = withBody("hello", "l: 5");
  EXPECT_EQ(frameLength(full), full.size());
  const std::string folded = withBody("hello", "Content-Length:\r\n 5");
  EXPECT_EQ(frameLength(folded), folded.size());
}

TEST(FrameLength, separates_pipelined_messages) {
  const std::string a = withBody("hello", "Content-Length: 5");
  const std::string b = withBody("", "Content-Length: 0");
  const std::string both = a + b + b.substr(0, 20);
  const auto first = frameLength(both);
  ASSERT_EQ(first, a.size());
  const std::string_view rest = std::string_view(both).substr(*first);
  EXPECT_EQ(frameLength(rest), b.size());
  EXPECT_EQ(frameLength(rest.substr(b.size())), 0u);
  EXPECT_EQ(parse(std::string_view(both).substr(0, *first), true).message->body(), "hello");
}

TEST(FrameLength, counts_leading_keepalive_crlfs_into_the_frame) {
  const std::string msg = "\r\n\r\n" + withBody("", "Content-Length: 0");
  EXPECT_EQ(frameLength(msg), msg.size());
  EXPECT_EQ(frameLength("\r\n\r\n"), 0u);
}

TEST(FrameLength, gives_up_on_what_can_never_frame) {
  EXPECT_FALSE(frameLength(withBody("", "Subject: no length")));
  EXPECT_FALSE(frameLength(withBody("", "Content-Length: -5")));
  EXPECT_FALSE(frameLength(withBody("", "Content-Length: 5\r\nContent-Length: 6")));
  EXPECT_FALSE(frameLength(withBody("", "Content-Length: 70000")));

  ParseLimits limits;
  limits.maxHeaderBytes = 64;
  EXPECT_FALSE(frameLength(withBody("", "Content-Length: 0"), limits));
  // An endless header section is refused before it ends.
  EXPECT_FALSE(frameLength(std::string(200, 'a'), limits));
  limits = {};
  limits.maxHeaders = 3;
  EXPECT_FALSE(frameLength(withBody("", "Content-Length: 0"), limits));
}

}  // namespace sb::sip
