// SPDX-License-Identifier: MIT
#include "telephony/voicemail/message_waiting_lamp.h"

#include <gtest/gtest.h>

#include <filesystem>

#include "sip/transaction/transaction_test_support.h"
#include "storage/database.h"
#include "storage/voicemail_repository.h"
#include "telephony/voicemail/mailbox_store.h"

namespace sb::voicemail {
namespace {

net::Flow phoneFlow(std::string_view remote) {
  return net::Flow{net::TransportKind::Udp, *net::SocketAddress::parse(remote),
                   *net::SocketAddress::parse("192.0.2.1:5060"), 0};
}

// Mailbox 100 with two registered phones, extension 101 without a mailbox, one registered phone.
class MessageWaitingLampTest : public sip::test::TransactionLayerTest {
 protected:
  MessageWaitingLampTest() {
    dir_ = std::filesystem::temp_directory_path() /
           ("sb-lamp-" + std::to_string(::getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::remove_all(dir_);
    auto opened = storage::Database::openInDirectory(dir_);
    EXPECT_TRUE(opened.ok()) << opened.error();
    db_ = std::move(opened.value());
    repository_ = std::make_unique<storage::VoicemailRepository>(*db_);
    store_ = std::make_unique<MailboxStore>(*repository_, dir_ / "voicemail", clock);
    voicemail_ = std::make_unique<Voicemail>(*store_, VoicemailSettings{});
    voicemail_->setMailboxes({"100"});
    subscriptions_ = std::make_unique<MwiSubscriptions>(layer, timers, counts_, "pbx.test", "Switchboard-test");
    lamp_ = std::make_unique<MessageWaitingLamp>(layer, bindings_, *subscriptions_, *voicemail_, counts_, "pbx.test",
                                                 "Switchboard-test");
    bind("100", "sip:100@192.0.2.10:5060", "192.0.2.10:5060");
    bind("100", "sip:100@192.0.2.11:5070", "192.0.2.11:5070");
    bind("101", "sip:101@192.0.2.12:5060", "192.0.2.12:5060");
  }
  ~MessageWaitingLampTest() override {
    lamp_.reset();
    subscriptions_.reset();
    std::filesystem::remove_all(dir_);
  }

  void bind(const std::string& aor, std::string_view contact, std::string_view remote) {
    registrar::Binding b;
    b.aor = aor;
    b.flow = phoneFlow(remote);
    bindings_.insert(std::move(b), contact);
  }

  std::vector<const sip::Message*> notifies() const {
    std::vector<const sip::Message*> out;
    for (const auto& s : sent) {
      if (s.msg.isRequest() && s.msg.methodName() == "NOTIFY") out.push_back(&s.msg);
    }
    return out;
  }

  storage::VoicemailCounts counts{};
  MwiSubscriptions::CountsOf counts_ = [this](const std::string& mailbox) {
    return mailbox == "100" ? counts : storage::VoicemailCounts{};
  };
  std::filesystem::path dir_;
  std::unique_ptr<storage::Database> db_;
  std::unique_ptr<storage::VoicemailRepository> repository_;
  std::unique_ptr<MailboxStore> store_;
  std::unique_ptr<Voicemail> voicemail_;
  registrar::BindingTable bindings_;
  std::unique_ptr<MwiSubscriptions> subscriptions_;
  std::unique_ptr<MessageWaitingLamp> lamp_;
};

TEST_F(MessageWaitingLampTest, notifies_every_registered_contact_of_the_mailbox_with_its_summary) {
  counts.unheard = 2;
  counts.heard = 1;
  EXPECT_EQ(lamp_->show("100"), 2u);
  const auto sentNotifies = notifies();
  ASSERT_EQ(sentNotifies.size(), 2u);
  EXPECT_EQ(sentNotifies[0]->requestUri().toString(), "sip:100@192.0.2.10:5060");
  EXPECT_EQ(sentNotifies[1]->requestUri().toString(), "sip:100@192.0.2.11:5070");
  for (const auto* n : sentNotifies) {
    EXPECT_EQ(n->header("Event").value_or(""), "message-summary");
    EXPECT_EQ(n->header("Subscription-State").value_or(""), "active");
    EXPECT_EQ(n->header("Content-Type").value_or(""), "application/simple-message-summary");
    EXPECT_EQ(n->body(),
              "Messages-Waiting: yes\r\nMessage-Account: sip:*97@pbx.test\r\nVoice-Message: 2/1 (0/0)\r\n");
  }
  EXPECT_EQ(sent[0].to.remote.toString(), "192.0.2.10:5060");  // along the binding's flow
}

TEST_F(MessageWaitingLampTest, darkens_the_lamp_when_nothing_new_waits) {
  counts.heard = 3;
  EXPECT_EQ(lamp_->show("100"), 2u);
  ASSERT_FALSE(notifies().empty());
  EXPECT_EQ(notifies()[0]->body().substr(0, 22), "Messages-Waiting: no\r\n");
}

TEST_F(MessageWaitingLampTest, leaves_out_a_contact_that_watches_the_mailbox_in_a_subscription) {
  layer.setRequestHandler([this](sip::ServerTransaction tx) { subscriptions_->subscribe(tx, "100"); });
  auto subscribe = sip::test::request(sip::Method::Subscribe, "z9hG4bK-sub");
  subscribe.addHeader("Event", "message-summary");
  subscribe.addHeader("Contact", "<sip:100@192.0.2.10:5060>");
  auto parsed = sip::parse(subscribe.serialize());  // as from the wire: Contact read into its typed view
  ASSERT_TRUE(parsed.message.has_value()) << parsed.error;
  layer.onRequest(std::move(*parsed.message), sip::test::udpFlow());  // from 192.0.2.10:5060
  ASSERT_EQ(subscriptions_->size(), 1u);
  sent.clear();
  counts.unheard = 1;
  EXPECT_EQ(lamp_->show("100"), 1u);
  ASSERT_EQ(notifies().size(), 1u);
  EXPECT_EQ(notifies()[0]->requestUri().toString(), "sip:100@192.0.2.11:5070");
}

TEST_F(MessageWaitingLampTest, relights_a_registering_phone_only_while_new_messages_wait) {
  lamp_->onRegistered("100");
  EXPECT_TRUE(notifies().empty());
  counts.unheard = 1;
  lamp_->onRegistered("101");  // no mailbox
  EXPECT_TRUE(notifies().empty());
  lamp_->onRegistered("100");
  EXPECT_EQ(notifies().size(), 2u);
}

}  // namespace
}  // namespace sb::voicemail
