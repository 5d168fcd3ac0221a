// SPDX-License-Identifier: MIT
#include "telephony/registrar/registrar.h"

#include <gtest/gtest.h>

#include <filesystem>

#include "storage/binding_repository.h"
#include "storage/database.h"

using namespace std::chrono_literals;

namespace sb::registrar {
namespace {

class RecordingProber final : public Prober {
 public:
  void probe(const Binding& binding) override { probed.push_back(binding.id); }
  std::vector<std::uint64_t> probed;
};

std::string registerText(std::string_view contacts, std::string_view expiresHeader,
                         std::uint32_t cseq = 1, std::string_view callId = "call-1") {
  std::string s = "REGISTER sip:pbx.test SIP/2.0\r\n"
                  "Via: SIP/2.0/UDP 10.0.0.5:5060;branch=z9hG4bK-" + std::to_string(cseq) + std::string(callId) + "\r\n"
                  "From: <sip:100@pbx.test>;tag=abc\r\n"
                  "To: <sip:100@pbx.test>\r\n"
                  "Call-ID: " + std::string(callId) + "\r\n"
                  "CSeq: " + std::to_string(cseq) + " REGISTER\r\n";
  if (!contacts.empty()) s += "Contact: " + std::string(contacts) + "\r\n";
  if (!expiresHeader.empty()) s += "Expires: " + std::string(expiresHeader) + "\r\n";
  s += "User-Agent: TestPhone/1.0\r\nContent-Length: 0\r\n\r\n";
  return s;
}

sip::Message parsed(const std::string& text) {
  auto result = sip::parse(text);
  EXPECT_EQ(result.kind, sip::ParseResult::Kind::Ok) << result.error;
  return std::move(*result.message);
}

net::Flow natFlow(std::uint16_t port = 40000) {
  return net::Flow{net::TransportKind::Udp, *net::SocketAddress::parse("203.0.113.7:" + std::to_string(port)),
                   *net::SocketAddress::parse("127.0.0.1:5060"), 0};
}

class RegistrarTest : public ::testing::Test {
 protected:
  RegistrarTest() {
    dir_ = std::filesystem::temp_directory_path() / ("sb-registrar-" + std::to_string(::getpid()) + "-" +
                                                    ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::remove_all(dir_);
    reopen();
  }
  ~RegistrarTest() override {
    registrar_.reset();
    repo_.reset();
    db_.reset();
    std::filesystem::remove_all(dir_);
  }
  void reopen() {
    registrar_.reset();
    repo_.reset();
    db_.reset();
    auto opened = storage::Database::openInDirectory(dir_);
    ASSERT_TRUE(opened.ok()) << opened.error();
    db_ = std::move(opened.value());
    repo_ = std::make_unique<storage::BindingRepository>(*db_);
    RegistrarSettings settings;
    settings.qualifyFrequency = 45s;
    settings.maxContactsPerAor = 3;
    registrar_ = std::make_unique<Registrar>(settings, timers_, *db_, *repo_, prober_);
  }
  sip::Message reg(std::string_view contacts, std::string_view expires = "", std::uint32_t cseq = 1,
                   std::string_view callId = "call-1", net::Flow flow = natFlow()) {
    // The registrar writes its answer straight to wire form; reading it back checks that too.
    return parsed(std::move(registrar_->handleRegister(
                                 parsed(registerText(contacts, expires, cseq, callId)), flow, "100"))
                      .finish());
  }

  std::filesystem::path dir_;
  ManualClock clock_;
  TimerQueue timers_{clock_};
  RecordingProber prober_;
  std::unique_ptr<storage::Database> db_;
  std::unique_ptr<storage::BindingRepository> repo_;
  std::unique_ptr<Registrar> registrar_;
};

TEST_F(RegistrarTest, adds_a_binding_and_answers_with_its_remaining_expires) {
  auto response = reg("<sip:100@192.168.1.20:5060>", "600");
  EXPECT_EQ(response.statusCode(), 200);
  ASSERT_EQ(response.contacts().size(), 1u);
  EXPECT_EQ(response.contacts()[0].address.params.get("expires"), "600");
  auto bindings = registrar_->table().bindingsOf("100");
  ASSERT_EQ(bindings.size(), 1u);
  // The NAT path is remembered, not the private address the phone wrote.
  EXPECT_EQ(bindings[0]->flow.remote.toString(), "203.0.113.7:40000");
  EXPECT_EQ(*bindings[0]->userAgent, "TestPhone/1.0");
}

TEST_F(RegistrarTest, refuses_too_brief_expires_with_423_and_min_expires) {
  auto response = reg("<sip:100@192.168.1.20:5060>", "30");
  EXPECT_EQ(response.statusCode(), 423);
  EXPECT_EQ(response.header("Min-Expires"), "60");
  EXPECT_EQ(registrar_->table().size(), 0u);
}

TEST_F(RegistrarTest, cuts_long_expires_down_to_the_maximum) {
  auto response = reg("<sip:100@192.168.1.20:5060>;expires=99999");
  ASSERT_EQ(response.contacts().size(), 1u);
  EXPECT_EQ(response.contacts()[0].address.params.get("expires"), "3600");
}

TEST_F(RegistrarTest, keeps_several_contacts_and_replaces_the_oldest_past_the_limit) {
  reg("<sip:100@10.0.0.1:5060>", "600", 1, "a");
  clock_.advance(1s);
  reg("<sip:100@10.0.0.2:5060>", "600", 1, "b");
  clock_.advance(1s);
  reg("<sip:100@10.0.0.3:5060>", "600", 1, "c");
  EXPECT_EQ(registrar_->table().countOf("100"), 3u);
  clock_.advance(1s);
  auto response = reg("<sip:100@10.0.0.4:5060>", "600", 1, "d");
  EXPECT_EQ(response.contacts().size(), 3u);
  EXPECT_EQ(registrar_->table().find("100", "sip:100@10.0.0.1:5060"), nullptr);
  EXPECT_NE(registrar_->table().find("100", "sip:100@10.0.0.4:5060"), nullptr);
}

TEST_F(RegistrarTest, wildcard_with_expires_zero_removes_every_contact) {
  reg("<sip:100@10.0.0.1:5060>, <sip:100@10.0.0.2:5060>", "600", 1);
  EXPECT_EQ(registrar_->table().countOf("100"), 2u);
  auto response = reg("*", "0", 2);
  EXPECT_EQ(response.statusCode(), 200);
  EXPECT_TRUE(response.contacts().empty());
  EXPECT_EQ(registrar_->table().size(), 0u);
}

TEST_F(RegistrarTest, wildcard_without_expires_zero_is_a_bad_request) {
  EXPECT_EQ(reg("*", "600").statusCode(), 400);
  EXPECT_EQ(reg("*", "").statusCode(), 400);
}

TEST_F(RegistrarTest, out_of_order_cseq_on_the_same_call_id_is_refused) {
  reg("<sip:100@10.0.0.1:5060>", "600", 5);
  EXPECT_EQ(reg("<sip:100@10.0.0.1:5060>", "0", 4).statusCode(), 500);
  EXPECT_EQ(registrar_->table().size(), 1u);
  EXPECT_EQ(reg("<sip:100@10.0.0.1:5060>", "0", 6).statusCode(), 200);
  EXPECT_EQ(registrar_->table().size(), 0u);
}

TEST_F(RegistrarTest, a_register_without_contact_only_lists_the_bindings) {
  reg("<sip:100@10.0.0.1:5060>", "600");
  auto response = reg("", "", 2);
  EXPECT_EQ(response.statusCode(), 200);
  EXPECT_EQ(response.contacts().size(), 1u);
}

TEST_F(RegistrarTest, a_binding_expires_when_its_time_has_passed) {
  reg("<sip:100@10.0.0.1:5060>", "60");
  clock_.advance(59s);
  timers_.runDue();
  EXPECT_EQ(registrar_->table().size(), 1u);
  clock_.advance(2s);
  timers_.runDue();
  EXPECT_EQ(registrar_->table().size(), 0u);
}

TEST_F(RegistrarTest, probes_soon_after_registering_then_every_qualify_interval) {
  reg("<sip:100@10.0.0.1:5060>", "3600");
  clock_.advance(1s);
  timers_.runDue();
  EXPECT_EQ(prober_.probed.size(), 1u);
  clock_.advance(44s);
  timers_.runDue();
  EXPECT_EQ(prober_.probed.size(), 1u);
  clock_.advance(1s);
  timers_.runDue();
  EXPECT_EQ(prober_.probed.size(), 2u);
  clock_.advance(45s);
  timers_.runDue();
  EXPECT_EQ(prober_.probed.size(), 3u);
}

TEST_F(RegistrarTest, probe_results_set_reachability_and_ignore_stale_answers) {
  reg("<sip:100@10.0.0.1:5060>", "3600");
  clock_.advance(1s);
  timers_.runDue();
  Binding* b = registrar_->table().bindingsOf("100").front();
  registrar_->onProbeResult(b->id, b->probeSeq, true, 2500us);
  EXPECT_EQ(b->reachability, Reachability::Reachable);
  EXPECT_EQ(b->rttUs, 2500u);
  registrar_->onProbeResult(b->id, b->probeSeq - 1, false, 0us);  // an older probe's timeout
  EXPECT_EQ(b->reachability, Reachability::Reachable);
  registrar_->onProbeResult(b->id, b->probeSeq, false, 0us);
  EXPECT_EQ(b->reachability, Reachability::Unreachable);
}

TEST_F(RegistrarTest, bindings_survive_a_restart) {
  reg("<sip:100@10.0.0.1:5060>", "600", 1, "a", natFlow(41000));
  clock_.advance(20ms);
  timers_.runDue();  // the group commit runs 20 ms later
  reopen();
  registrar_->restore();
  auto bindings = registrar_->table().bindingsOf("100");
  ASSERT_EQ(bindings.size(), 1u);
  EXPECT_EQ(bindings[0]->contactUri, "sip:100@10.0.0.1:5060");
  EXPECT_EQ(bindings[0]->flow.remote.toString(), "203.0.113.7:41000");
  // The restored Call-ID and CSeq still order later requests.
  EXPECT_EQ(reg("<sip:100@10.0.0.1:5060>", "0", 1, "a").statusCode(), 500);
}

TEST_F(RegistrarTest, a_refresh_changing_only_the_expiry_is_written_once_half_the_interval_has_passed) {
  auto storedExpiry = [&] {
    registrar_->flush();
    auto rows = repo_->loadAll();
    EXPECT_TRUE(rows.ok());
    return rows.value().empty() ? std::int64_t{0} : rows.value().front().expiresAt;
  };
  reg("<sip:100@10.0.0.1:5060>", "600", 1);
  const auto first = storedExpiry();
  ASSERT_GT(first, 0);
  // A keep-alive re-registration 30 s later: the stored expiry still lies 570 s ahead.
  clock_.advance(30s);
  reg("<sip:100@10.0.0.1:5060>", "600", 2);
  EXPECT_EQ(storedExpiry(), first);
  // Past half the interval it is written.
  clock_.advance(280s);
  reg("<sip:100@10.0.0.1:5060>", "600", 3);
  EXPECT_EQ(storedExpiry(), first + 310);
  // Any other change is written at once: a new NAT port.
  clock_.advance(10s);
  reg("<sip:100@10.0.0.1:5060>", "600", 4, "call-1", natFlow(40001));
  EXPECT_EQ(storedExpiry(), first + 320);
  // And what was stored outlives the phone's next refresh after a crash.
  clock_.advance(10s);
  reg("<sip:100@10.0.0.1:5060>", "600", 5, "call-1", natFlow(40001));
  reopen();
  registrar_->restore();
  ASSERT_EQ(registrar_->table().size(), 1u);
}

TEST_F(RegistrarTest, bindings_that_expired_while_stopped_are_not_restored) {
  reg("<sip:100@10.0.0.1:5060>", "60");
  registrar_->flush();
  clock_.advance(120s);
  reopen();
  registrar_->restore();
  EXPECT_EQ(registrar_->table().size(), 0u);
  auto rows = repo_->loadAll();
  ASSERT_TRUE(rows.ok());
  EXPECT_TRUE(rows.value().empty());
}

TEST(FlowRecord, round_trips_udp_and_ipv6_tcp) {
  net::Flow udp{net::TransportKind::Udp, *net::SocketAddress::parse("1.2.3.4:5060"),
                *net::SocketAddress::parse("0.0.0.0:5060"), 0};
  EXPECT_EQ(flowToRecord(udp), "udp:1.2.3.4:5060|0.0.0.0:5060");
  auto back = flowFromRecord(flowToRecord(udp));
  ASSERT_TRUE(back);
  EXPECT_EQ(back->remote, udp.remote);
  net::Flow tcp{net::TransportKind::Tcp, *net::SocketAddress::parse("[2001:db8::1]:5061"),
                *net::SocketAddress::parse("[::]:5060"), 7};
  auto tcpBack = flowFromRecord(flowToRecord(tcp));
  ASSERT_TRUE(tcpBack);
  EXPECT_EQ(tcpBack->transport, net::TransportKind::Tcp);
  EXPECT_EQ(tcpBack->remote, tcp.remote);
  EXPECT_FALSE(flowFromRecord("garbage"));
}

}  // namespace
}  // namespace sb::registrar
