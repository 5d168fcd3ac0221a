// SPDX-License-Identifier: MIT
// RFC 3891 Replaces, as phones send it inside a REFER's Refer-To URI.
#include "sip/message/replaces.h"

#include <gtest/gtest.h>

#include "sip/message/uri.h"

namespace sb::sip {
namespace {

TEST(Replaces, reads_the_call_id_and_both_tags_in_any_order) {
  const auto r = Replaces::parse("425928@bobster.example.org;to-tag=7743;from-tag=6472");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->callId, "425928@bobster.example.org");
  EXPECT_EQ(r->toTag, "7743");
  EXPECT_EQ(r->fromTag, "6472");
  EXPECT_FALSE(r->earlyOnly);
  const auto swapped = Replaces::parse("abc ; from-tag=1 ; early-only ; To-Tag=2");
  ASSERT_TRUE(swapped);
  EXPECT_EQ(swapped->toTag, "2");
  EXPECT_EQ(swapped->fromTag, "1");
  EXPECT_TRUE(swapped->earlyOnly);
}

TEST(Replaces, refuses_a_value_without_both_tags_or_call_id) {
  EXPECT_FALSE(Replaces::parse(""));
  EXPECT_FALSE(Replaces::parse("abc"));
  EXPECT_FALSE(Replaces::parse("abc;to-tag=1"));
  EXPECT_FALSE(Replaces::parse("abc;from-tag=1"));
  EXPECT_FALSE(Replaces::parse("abc;to-tag=;from-tag=1"));
  EXPECT_FALSE(Replaces::parse(";to-tag=1;from-tag=2"));
}

TEST(Replaces, comes_escaped_in_a_refer_to_uri_header) {
  // RFC 5589 §7.2: Refer-To: <sips:Carol@...?Replaces=090459243588173445%3Bto-tag%3D7553452%3Bfrom-tag%3D31431>
  const auto target = NameAddr::parse(
      "<sip:102@voip.example?Replaces=0904%40host%3Bto-tag%3D7553452%3Bfrom-tag%3D31431&Require=replaces>");
  ASSERT_TRUE(target);
  const auto value = target->uri.header("replaces");
  ASSERT_TRUE(value);
  EXPECT_EQ(*value, "0904@host;to-tag=7553452;from-tag=31431");
  EXPECT_EQ(target->uri.header("Require").value_or("?"), "replaces");
  EXPECT_FALSE(target->uri.header("Accept-Contact"));
  const auto r = Replaces::parse(*value);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->callId, "0904@host");
}

}  // namespace
}  // namespace sb::sip
