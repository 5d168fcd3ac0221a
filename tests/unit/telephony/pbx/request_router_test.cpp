// SPDX-License-Identifier: MIT
#include "telephony/pbx/request_router.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <regex>

#include "sip/auth/digest_hash.h"
#include "sip/transaction/transaction_test_support.h"
#include "storage/binding_repository.h"
#include "storage/database.h"
#include "storage/extension_settings_repository.h"
#include "storage/voicemail_repository.h"
#include "telephony/voicemail/mailbox_store.h"

namespace sb::pbx {
namespace {

using namespace std::chrono_literals;

class NoProbes final : public registrar::Prober {
 public:
  void probe(const registrar::Binding&) override {}
};

// No relay ports: no test here gets as far as ringing anybody.
class NoMedia final : public call::MediaFactory {
 public:
  Result<std::unique_ptr<call::CallMedia>> open() override { return fail("no ports in this test"); }
};

class CountingSecurityEvents final : public security::SecurityEvents {
 public:
  void invalidAccountId(const security::SecurityEventContext&) override { ++failures; }
  void challengeResponseFailed(const security::SecurityEventContext&, std::string_view, std::string_view) override {
    ++failures;
  }
  void challengeSent(const security::SecurityEventContext&, std::string_view) override { ++challenges; }
  void successfulAuth(const security::SecurityEventContext&, bool) override { ++successes; }
  void failedAcl(const security::SecurityEventContext&, std::string_view) override { ++failures; }
  int challenges = 0, successes = 0, failures = 0;
};

sip::Message parsed(const std::string& text) {
  auto result = sip::parse(text);
  EXPECT_EQ(result.kind, sip::ParseResult::Kind::Ok) << result.error << "\n" << text;
  return result.message ? std::move(*result.message) : sip::Message{};
}

// Every part the router routes to, real, over a transaction layer on a manual clock whose sent
// messages are recorded; a database in a temporary directory. Extension 100 has a mailbox, 101
// has none.
class RequestRouterTest : public sip::test::TransactionLayerTest {
 protected:
  RequestRouterTest() {
    dir_ = std::filesystem::temp_directory_path() /
           ("sb-router-" + std::to_string(::getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::remove_all(dir_);
    auto opened = storage::Database::openInDirectory(dir_);
    EXPECT_TRUE(opened.ok()) << opened.error();
    db_ = std::move(opened.value());
    bindings_ = std::make_unique<storage::BindingRepository>(*db_);
    registrar_ = std::make_unique<registrar::Registrar>(registrar::RegistrarSettings{}, timers, *db_, *bindings_,
                                                        prober_);
    accounts_.add({"100", "Ann", "secret-100"});
    accounts_.add({"101", "Bob", "secret-101"});
    digest_ = std::make_unique<sip::auth::DigestAuthenticator>(std::span<const std::uint8_t>(key_), clock,
                                                               sip::auth::DigestAuthenticator::Options{});
    authenticator_ = std::make_unique<accounts::RequestAuthenticator>("pbx.test", accounts_, *digest_, events_);
    settingsRepository_ = std::make_unique<storage::ExtensionSettingsRepository>(*db_);
    callSettings_ = std::make_unique<feature::CallSettingsBook>(*settingsRepository_, clock);
    call::CallSettings settings;
    settings.domain = "pbx.test";
    dialPlan_ = std::make_unique<routing::DialPlan>(accounts_, std::vector<routing::RingGroup>{});
    calls_ = std::make_unique<call::CallEngine>(
        settings, layer, [](const sip::Message&, const net::Flow&) {}, timers, accounts_, *dialPlan_,
        [](std::string_view) { return std::vector<call::ContactTarget>{}; }, media_, *callSettings_,
        [this](const call::FinishedCall& f) { finished_.push_back(f); });
    voicemailRepository_ = std::make_unique<storage::VoicemailRepository>(*db_);
    store_ = std::make_unique<voicemail::MailboxStore>(*voicemailRepository_, dir_ / "voicemail", clock);
    voicemail_ = std::make_unique<voicemail::Voicemail>(*store_, voicemail::VoicemailSettings{});
    voicemail_->setMailboxes({"100"});
    subscriptions_ = std::make_unique<voicemail::MwiSubscriptions>(
        layer, timers, [](const std::string&) { return storage::VoicemailCounts{}; }, "pbx.test", "Switchboard-test");
    rules_ = std::make_unique<voicemail::MailboxSubscribeRules>(*subscriptions_, *voicemail_);
    router_ = std::make_unique<RequestRouter>(
        "Switchboard-test", RoutedParts{*authenticator_, *registrar_, *calls_, *rules_},
        [this](const std::string& extension) { registered_.push_back(extension); });
    layer.setRequestHandler([this](sip::ServerTransaction tx) { router_->route(std::move(tx)); });
  }

  ~RequestRouterTest() override {
    layer.setRequestHandler({});
    router_.reset();
    calls_.reset();
    subscriptions_.reset();
    registrar_.reset();
    std::filesystem::remove_all(dir_);
  }

  // A request from extension `from` at 192.0.2.10 with a fresh branch; `extra` adds header lines.
  std::string requestText(std::string_view method, std::string_view target, std::string_view from,
                          std::string_view to, std::string_view extra = "", std::string_view toTag = "") {
    const std::string branch = "z9hG4bK-" + std::to_string(++branch_);
    std::string s = std::string(method) + " " + std::string(target) + " SIP/2.0\r\n";
    s += "Via: SIP/2.0/UDP 192.0.2.10:5060;branch=" + branch + "\r\n";
    s += "Max-Forwards: 70\r\n";
    s += "From: <sip:" + std::string(from) + "@pbx.test>;tag=f" + std::to_string(branch_) + "\r\n";
    s += "To: <sip:" + std::string(to) + "@pbx.test>" + (toTag.empty() ? "" : ";tag=" + std::string(toTag)) + "\r\n";
    s += "Call-ID: call-" + std::to_string(branch_) + "@192.0.2.10\r\n";
    s += "CSeq: 1 " + std::string(method) + "\r\n";
    s += "Contact: <sip:" + std::string(from) + "@192.0.2.10:5060>\r\n";
    s += std::string(extra);
    s += "Content-Length: 0\r\n\r\n";
    return s;
  }

  // Sends `text` and returns the first message the router sent for it.
  const sip::Message& send(const std::string& text) {
    const std::size_t before = sent.size();
    layer.onRequest(parsed(text), sip::test::udpFlow());
    EXPECT_GT(sent.size(), before) << "no answer to\n" << text;
    if (sent.size() == before) sent.push_back(Sent{clock.steadyNow(), {}, sip::Message{}});
    return sent[before].msg;
  }

  // Sends `text` without credentials, then again answering the challenge as `user` would.
  const sip::Message& sendAuthenticated(std::string_view method, std::string_view target, std::string_view from,
                                        std::string_view to, std::string_view user, std::string_view secret,
                                        std::string_view extra = "") {
    const auto& challenge = send(requestText(method, target, from, to, extra));
    const bool registrar = challenge.statusCode() == 401;
    EXPECT_TRUE(registrar || challenge.statusCode() == 407) << challenge.statusCode();
    const auto header = challenge.header(registrar ? "WWW-Authenticate" : "Proxy-Authenticate");
    EXPECT_TRUE(header.has_value());
    std::smatch nonce;
    const std::string value(header.value_or(""));
    EXPECT_TRUE(std::regex_search(value, nonce, std::regex("nonce=\"([^\"]+)\"")));
    sip::auth::Credentials c;
    c.username = std::string(user);
    c.realm = "pbx.test";
    c.nonce = nonce[1];
    c.uri = std::string(target);
    c.qop = "auth";
    c.nc = "00000001";
    c.nonceCount = 1;
    c.cnonce = "cn";
    const std::string response = sip::auth::expectedResponse(c, method, secret);
    const std::string credentials = "Digest username=\"" + c.username + "\", realm=\"pbx.test\", nonce=\"" + c.nonce +
                                    "\", uri=\"" + c.uri + "\", response=\"" + response +
                                    "\", algorithm=MD5, qop=auth, nc=00000001, cnonce=\"cn\"";
    return send(requestText(method, target, from, to,
                            std::string(extra) + (registrar ? "Authorization: " : "Proxy-Authorization: ") +
                                credentials + "\r\n"));
  }

  static constexpr std::string_view kAllow = "REGISTER, OPTIONS, INVITE, ACK, CANCEL, BYE, INFO, REFER, SUBSCRIBE";
  static constexpr std::string_view kMessageSummary = "Event: message-summary\r\nExpires: 600\r\n";

  std::filesystem::path dir_;
  std::unique_ptr<storage::Database> db_;
  std::unique_ptr<storage::BindingRepository> bindings_;
  NoProbes prober_;
  std::unique_ptr<registrar::Registrar> registrar_;
  accounts::AccountDirectory accounts_;
  std::vector<std::uint8_t> key_ = std::vector<std::uint8_t>(32, 7);
  std::unique_ptr<sip::auth::DigestAuthenticator> digest_;
  CountingSecurityEvents events_;
  std::unique_ptr<accounts::RequestAuthenticator> authenticator_;
  std::unique_ptr<storage::ExtensionSettingsRepository> settingsRepository_;
  std::unique_ptr<feature::CallSettingsBook> callSettings_;
  NoMedia media_;
  std::unique_ptr<routing::DialPlan> dialPlan_;
  std::vector<call::FinishedCall> finished_;
  std::unique_ptr<call::CallEngine> calls_;
  std::unique_ptr<storage::VoicemailRepository> voicemailRepository_;
  std::unique_ptr<voicemail::MailboxStore> store_;
  std::unique_ptr<voicemail::Voicemail> voicemail_;
  std::unique_ptr<voicemail::MwiSubscriptions> subscriptions_;
  std::unique_ptr<voicemail::MailboxSubscribeRules> rules_;
  std::unique_ptr<RequestRouter> router_;
  std::vector<std::string> registered_;
  int branch_ = 0;
};

TEST_F(RequestRouterTest, answers_options_with_what_we_can_do) {
  const auto& r = send(requestText("OPTIONS", "sip:pbx.test", "100", "100"));
  EXPECT_EQ(r.statusCode(), 200);
  EXPECT_EQ(r.header("Allow").value_or(""), kAllow);
  EXPECT_EQ(r.header("Accept").value_or(""), "application/sdp");
  EXPECT_EQ(r.header("Server").value_or(""), "Switchboard-test");
  EXPECT_EQ(events_.challenges, 0);
}

TEST_F(RequestRouterTest, refuses_methods_it_does_not_serve_with_405_and_the_allow_list) {
  const auto& r = send(requestText("MESSAGE", "sip:101@pbx.test", "100", "101"));
  EXPECT_EQ(r.statusCode(), 405);
  EXPECT_EQ(r.header("Allow").value_or(""), kAllow);
}

TEST_F(RequestRouterTest, answers_bye_and_cancel_outside_any_call_481) {
  EXPECT_EQ(send(requestText("BYE", "sip:101@192.0.2.1", "100", "101", "", "nope")).statusCode(), 481);
  EXPECT_EQ(send(requestText("CANCEL", "sip:101@pbx.test", "100", "101")).statusCode(), 481);
}

TEST_F(RequestRouterTest, challenges_a_register_and_hands_an_authenticated_one_to_the_registrar) {
  const auto& r = sendAuthenticated("REGISTER", "sip:pbx.test", "100", "100", "100", "secret-100");
  EXPECT_EQ(r.statusCode(), 200);
  EXPECT_EQ(r.header("Server").value_or(""), "Switchboard-test");
  EXPECT_EQ(r.contacts().size(), 1u);
  EXPECT_EQ(registrar_->table().bindingsOf("100").size(), 1u);
  EXPECT_EQ(registered_, std::vector<std::string>{"100"});
  EXPECT_EQ(events_.successes, 1);
}

TEST_F(RequestRouterTest, refuses_a_register_for_another_extension_and_one_without_a_user) {
  const auto& r = sendAuthenticated("REGISTER", "sip:pbx.test", "101", "101", "100", "secret-100");
  EXPECT_EQ(r.statusCode(), 401);
  EXPECT_EQ(events_.failures, 1);
  EXPECT_TRUE(registered_.empty());
  auto noUser = requestText("REGISTER", "sip:pbx.test", "100", "100");
  noUser.replace(noUser.find("To: <sip:100@pbx.test>"), 22, "To: <sip:pbx.test>");
  EXPECT_EQ(send(noUser).statusCode(), 404);
}

TEST_F(RequestRouterTest, challenges_an_invite_then_gives_it_to_the_call_engine) {
  const auto& challenge = send(requestText("INVITE", "sip:101@pbx.test", "100", "101"));
  EXPECT_EQ(challenge.statusCode(), 407);
  EXPECT_TRUE(finished_.empty());
  // No offer: the engine itself refuses it (488) and writes the call's record.
  const auto& r = sendAuthenticated("INVITE", "sip:101@pbx.test", "100", "101", "100", "secret-100");
  EXPECT_EQ(r.statusCode(), 488);
  ASSERT_EQ(finished_.size(), 1u);
  EXPECT_EQ(finished_[0].caller, "100");
  EXPECT_EQ(finished_[0].dialled, "101");
}

TEST_F(RequestRouterTest, refuses_other_event_packages_489_before_asking_who_subscribes) {
  const auto& r = send(requestText("SUBSCRIBE", "sip:100@pbx.test", "100", "100", "Event: presence\r\n"));
  EXPECT_EQ(r.statusCode(), 489);
  EXPECT_EQ(r.header("Allow-Events").value_or(""), "message-summary");
  EXPECT_EQ(events_.challenges, 0);
}

TEST_F(RequestRouterTest, subscribes_an_extension_to_its_own_mailbox_after_a_challenge) {
  const auto& r =
      sendAuthenticated("SUBSCRIBE", "sip:100@pbx.test", "100", "100", "100", "secret-100", kMessageSummary);
  EXPECT_EQ(r.statusCode(), 200);
  EXPECT_EQ(subscriptions_->size(), 1u);
  // RFC 6665 §4.2.1.1: the NOTIFY with the current state follows at once.
  ASSERT_FALSE(sent.empty());
  EXPECT_EQ(sent.back().msg.methodName(), "NOTIFY");
}

TEST_F(RequestRouterTest, a_subscription_to_star97_is_to_the_subscribers_own_mailbox) {
  const auto& r =
      sendAuthenticated("SUBSCRIBE", "sip:*97@pbx.test", "100", "100", "100", "secret-100", kMessageSummary);
  EXPECT_EQ(r.statusCode(), 200);
  EXPECT_EQ(subscriptions_->size(), 1u);
}

TEST_F(RequestRouterTest, refuses_another_extensions_mailbox_403) {
  const auto& r =
      sendAuthenticated("SUBSCRIBE", "sip:100@pbx.test", "101", "100", "101", "secret-101", kMessageSummary);
  EXPECT_EQ(r.statusCode(), 403);
  EXPECT_EQ(subscriptions_->size(), 0u);
}

TEST_F(RequestRouterTest, answers_404_to_an_extension_without_a_mailbox) {
  const auto& r =
      sendAuthenticated("SUBSCRIBE", "sip:101@pbx.test", "101", "101", "101", "secret-101", kMessageSummary);
  EXPECT_EQ(r.statusCode(), 404);
  EXPECT_EQ(subscriptions_->size(), 0u);
}

TEST_F(RequestRouterTest, answers_an_unknown_in_dialog_subscribe_481) {
  const auto& r =
      send(requestText("SUBSCRIBE", "sip:100@192.0.2.1", "100", "100", std::string(kMessageSummary), "gone"));
  EXPECT_EQ(r.statusCode(), 481);
}

}  // namespace
}  // namespace sb::pbx
