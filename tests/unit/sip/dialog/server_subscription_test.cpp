// SPDX-License-Identifier: MIT
#include "sip/dialog/server_subscription.h"

#include <gtest/gtest.h>

#include <optional>
#include <string>

#include "../transaction/transaction_test_support.h"
#include "sip/message/response_builder.h"

namespace sb::sip::test {
namespace {

// A phone's SUBSCRIBE and the subscription we hold for it, on a layer that records the wire.
class ServerSubscriptionTest : public TransactionLayerTest {
 protected:
  Message subscribeRequest(std::uint32_t cseq) {
    auto subscribe = request(Method::Subscribe, "z9hG4bK-sub-" + std::to_string(cseq));
    subscribe.setCSeq(CSeq{cseq, "SUBSCRIBE"});
    NameAddr contact;
    contact.uri = sipUri("200", "192.0.2.10");
    subscribe.setContacts({Contact{false, contact}});
    return subscribe;
  }

  ServerSubscription& subscription() {
    SubscriptionContext context{layer, timers, [](Message& m, const net::Flow&) { m.setVias({via("")}); }};
    usage_.emplace(Dialog::asUas(subscribeRequest(1), "our-tag", udpFlow()), "message-summary", std::move(context),
                   [this] { return ServerSubscription::Body{state, "application/simple-message-summary"}; },
                   [this](std::string_view reason) {
                     endedWith = std::string(reason);
                     usage_.reset();  // as an owner does: the handler destroys the subscription
                   });
    return *usage_;
  }

  // Each NOTIFY we sent, once (the transaction layer's retransmissions not counted).
  std::vector<const Message*> notifies() {
    std::vector<const Message*> out;
    for (const auto& s : sent) {
      if (!s.msg.isRequest() || s.msg.method() != Method::Notify) continue;
      if (!out.empty() && out.back()->cseq().number == s.msg.cseq().number) continue;
      out.push_back(&s.msg);
    }
    return out;
  }
  std::string stateOf(const Message* notify) { return std::string(notify->header("Subscription-State").value_or("")); }
  void answerLastNotify(int status) {
    const auto all = notifies();
    ASSERT_FALSE(all.empty());
    layer.onResponse(makeResponse(*all.back(), status, reasonPhrase(status), "phone-tag"), udpFlow());
  }

  std::string state = "Messages-Waiting: no\r\n";
  std::optional<ServerSubscription> usage_;
  std::optional<std::string> endedWith;
};

TEST_F(ServerSubscriptionTest, AGrantIsToldAtOnceWithTheStateAndWhatIsLeft) {
  subscription().grant(600);
  const auto sentNotifies = notifies();
  ASSERT_EQ(sentNotifies.size(), 1u);
  EXPECT_EQ(sentNotifies[0]->header("Event").value_or(""), "message-summary");
  EXPECT_EQ(stateOf(sentNotifies[0]), "active;expires=600");
  EXPECT_EQ(sentNotifies[0]->body(), state);
  answerLastNotify(200);
  advance(Millis(99'999));  // a part of a second left counts as a second
  state = "Messages-Waiting: yes\r\n";
  usage_->notify();
  ASSERT_EQ(notifies().size(), 2u);
  EXPECT_EQ(stateOf(notifies()[1]), "active;expires=501");
  EXPECT_EQ(notifies()[1]->body(), state);
  EXPECT_GT(notifies()[1]->cseq().number, notifies()[0]->cseq().number);
}

TEST_F(ServerSubscriptionTest, ItEndsWhenTheGrantRunsOut) {
  subscription().grant(600);
  answerLastNotify(200);
  advance(599s);
  EXPECT_FALSE(endedWith.has_value());
  advance(1s);
  ASSERT_TRUE(endedWith.has_value());
  EXPECT_EQ(*endedWith, "timeout");
  ASSERT_EQ(notifies().size(), 2u);
  EXPECT_EQ(stateOf(notifies()[1]), "terminated;reason=timeout");
  EXPECT_FALSE(usage_.has_value());
}

TEST_F(ServerSubscriptionTest, ARefreshGrantsAgainFromNow) {
  subscription().grant(600);
  answerLastNotify(200);
  advance(300s);
  ASSERT_TRUE(usage_->acceptRefresh(subscribeRequest(2), udpFlow()));
  usage_->grant(600);
  answerLastNotify(200);
  advance(599s);
  EXPECT_FALSE(endedWith.has_value()) << "the refresh moved the end to 900 s";
  advance(1s);
  EXPECT_TRUE(endedWith.has_value());
}

TEST_F(ServerSubscriptionTest, ARefreshOutOfOrderIsRefused) {
  subscription().grant(600);
  ASSERT_TRUE(usage_->acceptRefresh(subscribeRequest(5), udpFlow()));
  EXPECT_FALSE(usage_->acceptRefresh(subscribeRequest(4), udpFlow()));
}

TEST_F(ServerSubscriptionTest, GrantingNothingSendsTheStateOnceAndEnds) {
  subscription().grant(0);  // RFC 6665 §4.4.1: unsubscribe, or a fetch
  ASSERT_EQ(notifies().size(), 1u);
  EXPECT_EQ(stateOf(notifies()[0]), "terminated;reason=timeout");
  EXPECT_EQ(notifies()[0]->body(), "Messages-Waiting: no\r\n");
  EXPECT_TRUE(endedWith.has_value());
}

TEST_F(ServerSubscriptionTest, ASubscriberAnswering481IsGone) {
  subscription().grant(600);
  answerLastNotify(481);
  ASSERT_TRUE(endedWith.has_value());
  EXPECT_EQ(*endedWith, "subscriber gone");
  EXPECT_EQ(notifies().size(), 1u) << "no terminated NOTIFY to a subscriber that is gone";
}

TEST_F(ServerSubscriptionTest, OtherAnswersKeepItRunning) {
  subscription().grant(600);
  answerLastNotify(200);
  usage_->notify();
  answerLastNotify(500);
  EXPECT_FALSE(endedWith.has_value());
}

TEST_F(ServerSubscriptionTest, ANotifyNobodyAnswersEndsIt) {
  subscription().grant(3600);
  advance(33s);  // Timer F: 64*T1
  ASSERT_TRUE(endedWith.has_value());
  EXPECT_EQ(*endedWith, "subscriber gone");
}

TEST_F(ServerSubscriptionTest, TerminatingSaysWhy) {
  subscription().grant(600);
  answerLastNotify(200);
  usage_->terminate("noresource");
  ASSERT_EQ(notifies().size(), 2u);
  EXPECT_EQ(stateOf(notifies()[1]), "terminated;reason=noresource");
  EXPECT_EQ(endedWith.value_or(""), "noresource");
}

TEST_F(ServerSubscriptionTest, AnAnswerAfterItIsGoneIsIgnored) {
  subscription().grant(600);
  usage_.reset();
  answerLastNotify(481);
  EXPECT_FALSE(endedWith.has_value());
}

}  // namespace
}  // namespace sb::sip::test
