// SPDX-License-Identifier: MIT
// [[ring_group]]: one number ringing several extensions, all at once (ringall) or one after
// another for its ring time each (hunt), then its no-answer destination.
#include "engine_harness.h"

namespace sb::call::testing {
namespace {

using sip::Method;

class CallEngineRingGroup : public EngineHarness {
 protected:
  FakePhone& alice = addPhone("100");
  FakePhone& bob = addPhone("101");
  FakePhone& carol = addPhone("102");
  FakePhone& dave = addPhone("103");

  void group(bool hunt, std::string noAnswer) {
    ringGroups.push_back(routing::RingGroup{"600", {"101", "102"}, hunt, 10s, std::move(noAnswer)});
  }
};

TEST_F(CallEngineRingGroup, ringall_rings_every_member_and_the_first_answer_wins) {
  group(false, "");
  const auto invite = alice.call("600");
  const auto toBob = bob.last(Method::Invite);
  const auto toCarol = carol.last(Method::Invite);
  bob.ring(toBob);
  carol.ring(toCarol);
  carol.answer(toCarol);
  EXPECT_EQ(alice.finalTo(invite).statusCode(), 200);
  EXPECT_TRUE(bob.got(Method::Cancel));
  EXPECT_FALSE(carol.got(Method::Cancel));
}

TEST_F(CallEngineRingGroup, ringall_gives_480_after_its_ring_time_without_a_no_answer_destination) {
  group(false, "");
  const auto invite = alice.call("600");
  bob.ring(bob.last(Method::Invite));
  carol.ring(carol.last(Method::Invite));
  advance(10s);
  EXPECT_TRUE(bob.got(Method::Cancel));
  EXPECT_TRUE(carol.got(Method::Cancel));
  EXPECT_EQ(alice.finalTo(invite).statusCode(), 480);
}

TEST_F(CallEngineRingGroup, hunt_rings_members_one_after_another_then_the_no_answer_destination) {
  group(true, "103");
  const auto invite = alice.call("600");
  ASSERT_EQ(bob.requests(Method::Invite).size(), 1u);
  EXPECT_TRUE(carol.requests(Method::Invite).empty()) << "hunting rings one member at a time";
  bob.ring(bob.last(Method::Invite));
  advance(10s);
  EXPECT_TRUE(bob.got(Method::Cancel));
  ASSERT_EQ(carol.requests(Method::Invite).size(), 1u);
  carol.ring(carol.last(Method::Invite));
  EXPECT_TRUE(dave.requests(Method::Invite).empty());
  advance(10s);
  EXPECT_TRUE(carol.got(Method::Cancel));
  ASSERT_EQ(dave.requests(Method::Invite).size(), 1u);
  dave.answer(dave.last(Method::Invite));
  EXPECT_EQ(alice.finalTo(invite).statusCode(), 200);
}

TEST_F(CallEngineRingGroup, hunt_moves_on_at_once_when_a_member_is_busy_and_skips_dnd_members) {
  group(true, "");
  ringGroups.back().members = {"103", "101", "102"};
  // Dave sets do not disturb from his phone.
  const auto dnd = dave.call("*78");
  dave.ack(dnd);
  const auto invite = alice.call("600");
  EXPECT_TRUE(dave.requests(Method::Invite).empty());
  bob.respond(bob.last(Method::Invite), 486);
  ASSERT_EQ(carol.requests(Method::Invite).size(), 1u);
  carol.respond(carol.last(Method::Invite), 486);
  EXPECT_EQ(alice.finalTo(invite).statusCode(), 486);
}

}  // namespace
}  // namespace sb::call::testing
