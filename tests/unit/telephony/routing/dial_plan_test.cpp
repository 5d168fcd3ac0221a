// SPDX-License-Identifier: MIT
#include "telephony/routing/dial_plan.h"

#include <gtest/gtest.h>

namespace sb::routing {
namespace {

class DialPlanTest : public ::testing::Test {
 protected:
  DialPlanTest() {
    accounts.add({"101", "Kitchen", "s1"});
    accounts.add({"102", "Office", "s2"});
    accounts.add({"600", "Also a group number", "s3"});
  }
  DialPlan plan(std::vector<FeatureCodeEntry> codes = defaultFeatureCodes()) {
    return DialPlan(accounts, {{"600", {"101", "102"}, false, std::chrono::seconds(20), ""}}, std::move(codes));
  }
  static Origin fromExtension() { return Origin::extension("101", "Kitchen"); }
  static Origin fromTrunk() { return Origin{Origin::Kind::Trunk, "+12065550100", "", "voipms"}; }

  accounts::AccountDirectory accounts;
};

TEST_F(DialPlanTest, AnExtensionNumberRingsThatExtension) {
  const auto route = plan().route(fromExtension(), "102");
  ASSERT_EQ(route.size(), 1u);
  EXPECT_EQ(route[0].kind, Destination::Kind::Extension);
  EXPECT_EQ(route[0].target, "102");
}

TEST_F(DialPlanTest, ARingGroupsNumberWinsOverAnExtensionOfTheSameNumber) {
  const auto route = plan().route(fromExtension(), "600");
  ASSERT_EQ(route.size(), 1u);
  EXPECT_EQ(route[0].kind, Destination::Kind::RingGroup);
  ASSERT_NE(plan().ringGroup("600"), nullptr);
}

TEST_F(DialPlanTest, AnUnknownNumberLeadsNowhere) {
  EXPECT_TRUE(plan().route(fromExtension(), "999").empty());
  EXPECT_TRUE(plan().route(fromExtension(), "").empty());
}

TEST_F(DialPlanTest, FeatureCodesAreServices) {
  const auto p = plan();
  const auto service = [&](std::string_view dialled) {
    const auto route = p.route(fromExtension(), dialled);
    EXPECT_EQ(route.size(), 1u) << dialled;
    EXPECT_EQ(route.empty() ? Destination::Kind::Extension : route[0].kind, Destination::Kind::Feature) << dialled;
    return route.empty() ? Destination{} : route[0];
  };
  EXPECT_EQ(service("*43").feature, Feature::EchoTest);
  EXPECT_EQ(service("*97").feature, Feature::ListenToMailbox);
  EXPECT_EQ(service("*8").feature, Feature::PickUpAny);
  const auto directed = service("**102");
  EXPECT_EQ(directed.feature, Feature::PickUpExtension);
  EXPECT_EQ(directed.target, "102");
}

TEST_F(DialPlanTest, APrefixCodeNeedsSomethingAfterIt) {
  EXPECT_TRUE(plan().route(fromExtension(), "**").empty());
}

TEST_F(DialPlanTest, CallSettingCodesCarryWhatToSet) {
  const auto p = plan();
  auto route = p.route(fromExtension(), "*78");
  ASSERT_EQ(route.size(), 1u);
  EXPECT_EQ(route[0].feature, Feature::CallSetting);
  ASSERT_TRUE(route[0].setting.has_value());
  EXPECT_EQ(route[0].setting->kind, feature::FeatureCode::Kind::DndOn);

  route = p.route(fromExtension(), "*72102");
  ASSERT_EQ(route.size(), 1u);
  ASSERT_TRUE(route[0].setting.has_value());
  EXPECT_EQ(route[0].setting->kind, feature::FeatureCode::Kind::ForwardAllOn);
  EXPECT_EQ(route[0].setting->target, "102");

  route = p.route(fromExtension(), "*72");  // the number to forward to is missing: 484
  ASSERT_EQ(route.size(), 1u);
  EXPECT_TRUE(route[0].incomplete);
  EXPECT_FALSE(route[0].setting.has_value());
}

TEST_F(DialPlanTest, ACallFromATrunkReachesNoFeatureCode) {
  const auto p = plan();
  EXPECT_TRUE(p.route(fromTrunk(), "*97").empty());
  EXPECT_TRUE(p.route(fromTrunk(), "*72" "5551234").empty());
  EXPECT_TRUE(p.route(fromTrunk(), "**101").empty());
  const auto route = p.route(fromTrunk(), "101");
  ASSERT_EQ(route.size(), 1u);
  EXPECT_EQ(route[0].kind, Destination::Kind::Extension);
}

TEST_F(DialPlanTest, ForwardsResolveToNumbersOnly) {
  const auto p = plan();
  EXPECT_FALSE(p.resolve("*43").has_value());
  ASSERT_TRUE(p.resolve("102").has_value());
  EXPECT_EQ(p.resolve("600")->kind, Destination::Kind::RingGroup);
}

TEST_F(DialPlanTest, TheCodesAreData) {
  const auto p = plan({{"*500", Feature::EchoTest, false}});
  const auto route = p.route(fromExtension(), "*500");
  ASSERT_EQ(route.size(), 1u);
  EXPECT_EQ(route[0].feature, Feature::EchoTest);
  EXPECT_TRUE(p.route(fromExtension(), "*43").empty());
}

}  // namespace
}  // namespace sb::routing
