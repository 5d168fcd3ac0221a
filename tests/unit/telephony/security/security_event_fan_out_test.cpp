// SPDX-License-Identifier: MIT
#include "telephony/security/security_event_fan_out.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace sb::security {
namespace {

// Writes each event it hears as one line naming the listener, the event and its fields, into a
// journal shared by all listeners, so order across listeners is checked too.
class JournalListener final : public SecurityEvents {
 public:
  JournalListener(std::string name, std::vector<std::string>& journal) : name_(std::move(name)), journal_(journal) {}

  void invalidAccountId(const SecurityEventContext& c) override { note("InvalidAccountID", c, ""); }
  void challengeResponseFailed(const SecurityEventContext& c, std::string_view challenge,
                               std::string_view response) override {
    note("ChallengeResponseFailed", c, std::string(challenge) + "/" + std::string(response));
  }
  void challengeSent(const SecurityEventContext& c, std::string_view challenge) override {
    note("ChallengeSent", c, std::string(challenge));
  }
  void successfulAuth(const SecurityEventContext& c, bool usingPassword) override {
    note("SuccessfulAuth", c, usingPassword ? "password" : "other");
  }
  void failedAcl(const SecurityEventContext& c, std::string_view aclName) override {
    note("FailedACL", c, std::string(aclName));
  }

 private:
  void note(std::string_view event, const SecurityEventContext& c, const std::string& extra) {
    journal_.push_back(name_ + " " + std::string(event) + " " + std::string(c.service) + " " +
                       std::string(c.accountId) + " " + std::string(c.sessionId) + " " +
                       c.flow.remote.toString() + " " + extra);
  }
  std::string name_;
  std::vector<std::string>& journal_;
};

SecurityEventContext context() {
  return {"SIP", "100", "call-1",
          net::Flow{net::TransportKind::Udp, *net::SocketAddress::parse("198.51.100.9:5062"),
                    *net::SocketAddress::parse("192.0.2.1:5060"), 0}};
}

TEST(SecurityEventFanOut, hands_every_event_to_each_listener_in_the_order_added) {
  std::vector<std::string> journal;
  JournalListener log("log", journal);
  JournalListener bans("bans", journal);
  SecurityEventFanOut fanOut;
  fanOut.add(log);
  fanOut.add(bans);
  ASSERT_EQ(fanOut.size(), 2u);

  SecurityEvents& events = fanOut;
  events.invalidAccountId(context());
  events.challengeResponseFailed(context(), "nonce-1", "resp-1");
  events.challengeSent(context(), "nonce-2");
  events.successfulAuth(context(), true);
  events.failedAcl(context(), "lan-only");

  const std::string who = " SIP 100 call-1 198.51.100.9:5062 ";
  EXPECT_EQ(journal, (std::vector<std::string>{
                         "log InvalidAccountID" + who,
                         "bans InvalidAccountID" + who,
                         "log ChallengeResponseFailed" + who + "nonce-1/resp-1",
                         "bans ChallengeResponseFailed" + who + "nonce-1/resp-1",
                         "log ChallengeSent" + who + "nonce-2",
                         "bans ChallengeSent" + who + "nonce-2",
                         "log SuccessfulAuth" + who + "password",
                         "bans SuccessfulAuth" + who + "password",
                         "log FailedACL" + who + "lan-only",
                         "bans FailedACL" + who + "lan-only",
                     }));
}

}  // namespace
}  // namespace sb::security
