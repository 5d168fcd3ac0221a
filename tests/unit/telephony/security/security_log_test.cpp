// SPDX-License-Identifier: MIT
#include "telephony/security/security_log.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "base/random.h"
#include "fail2ban.h"

namespace sb::security {
namespace {

namespace fs = std::filesystem;
using namespace std::chrono_literals;

net::Flow udpFlow(std::string_view remote, std::string_view local = "10.0.0.1:5060",
                  net::TransportKind transport = net::TransportKind::Udp) {
  net::Flow flow;
  flow.transport = transport;
  flow.remote = *net::SocketAddress::parse(remote);
  flow.local = *net::SocketAddress::parse(local);
  return flow;
}

class SecurityLogTest : public ::testing::Test {
 protected:
  void SetUp() override {
    // Asterisk writes local time; pin the zone so the expected text is exact.
    ::setenv("TZ", "UTC", 1);
    ::tzset();
    dir_ = fs::temp_directory_path() / ("sb-security-test-" + random::token(12));
    clock_.advance(123ms);  // 2027-01-15 08:00:00.123 UTC
    auto opened = SecurityLog::open(dir_.string(), clock_);
    ASSERT_TRUE(opened.ok()) << opened.error();
    log_ = std::move(*opened);
  }
  void TearDown() override {
    log_.reset();
    fs::remove_all(dir_);
  }

  fs::path file() const { return dir_ / "log" / "security"; }

  std::vector<std::string> lines() {
    log_->flush();
    std::ifstream in(file());
    std::vector<std::string> out;
    for (std::string line; std::getline(in, line);) out.push_back(line);
    return out;
  }

  std::string prefix() const {
    return "[2027-01-15 08:00:00] SECURITY[" + std::to_string(::gettid()) + "] res_security_log.c: ";
  }

  static constexpr std::string_view kCommon =
      R"(EventTV="2027-01-15T08:00:00.123+0000",Severity="Error",Service="SIP",EventVersion="1",)"
      R"(AccountID="100",SessionID="a84b4c76e66710@pc33.example",)"
      R"(LocalAddress="IPV4/UDP/10.0.0.1/5060",RemoteAddress="IPV4/UDP/1.2.3.4/5060")";

  SecurityEventContext context(std::string_view remote = "1.2.3.4:5060") const {
    return {.service = "SIP", .accountId = "100", .sessionId = "a84b4c76e66710@pc33.example",
            .flow = udpFlow(remote)};
  }

  fs::path dir_;
  ManualClock clock_;
  std::unique_ptr<SecurityLog> log_;
};

TEST_F(SecurityLogTest, writes_invalid_account_id_in_asterisk_format) {
  log_->invalidAccountId(context());
  const auto got = lines();
  ASSERT_EQ(got.size(), 1u);
  EXPECT_EQ(got[0], prefix() + R"(SecurityEvent="InvalidAccountID",)" + std::string(kCommon));
}

TEST_F(SecurityLogTest, writes_challenge_response_failed_without_the_expected_response) {
  log_->challengeResponseFailed(context(), "nonce123", "6629fae49393a05397450978507c4ef1");
  const auto got = lines();
  ASSERT_EQ(got.size(), 1u);
  EXPECT_EQ(got[0], prefix() + R"(SecurityEvent="ChallengeResponseFailed",)" + std::string(kCommon) +
                        R"(,Challenge="nonce123",Response="6629fae49393a05397450978507c4ef1",)"
                        R"(ExpectedResponse="")");
}

TEST_F(SecurityLogTest, writes_informational_and_acl_events) {
  log_->challengeSent(context(), "nonce123");
  log_->successfulAuth(context(), true);
  log_->failedAcl(context(), "local_networks");
  const auto got = lines();
  ASSERT_EQ(got.size(), 3u);
  std::string informational(kCommon);
  informational.replace(informational.find("Error"), 5, "Informational");
  EXPECT_EQ(got[0], prefix() + R"(SecurityEvent="ChallengeSent",)" + informational +
                        R"(,Challenge="nonce123")");
  EXPECT_EQ(got[1], prefix() + R"(SecurityEvent="SuccessfulAuth",)" + informational +
                        R"(,UsingPassword="1")");
  EXPECT_EQ(got[2], prefix() + R"(SecurityEvent="FailedACL",)" + std::string(kCommon) +
                        R"(,ACLName="local_networks")");
}

TEST_F(SecurityLogTest, writes_ipv6_and_stream_transports_and_unmaps_ipv4_in_ipv6) {
  EXPECT_EQ(securityAddress(net::TransportKind::Tcp, *net::SocketAddress::parse("[2001:db8::1]:5061")),
            "IPV6/TCP/2001:db8::1/5061");
  EXPECT_EQ(securityAddress(net::TransportKind::Tls, *net::SocketAddress::parse("[::ffff:1.2.3.4]:5061")),
            "IPV4/TLS/1.2.3.4/5061");
  EXPECT_EQ(securityAddress(net::TransportKind::Udp, *net::SocketAddress::parse("1.2.3.4:5060")),
            "IPV4/UDP/1.2.3.4/5060");
}

TEST_F(SecurityLogTest, writes_local_time_with_its_offset) {
  ::setenv("TZ", "EST5EDT", 1);
  ::tzset();
  EXPECT_EQ(eventTime(clock_.systemNow()), "2027-01-15T03:00:00.123-0500");
  EXPECT_EQ(logDate(clock_.systemNow()), "2027-01-15 03:00:00");
}

TEST_F(SecurityLogTest, strips_quotes_backslashes_and_control_characters_and_bounds_lengths) {
  const std::string longId(500, 'x');
  SecurityEventContext c = context();
  c.accountId = "100\" ,RemoteAddress=\"IPV4/UDP/6.6.6.6/5060";
  c.sessionId = "abc\r\n\\\"";
  log_->challengeResponseFailed(c, "n", "r\"esp");
  c.accountId = longId;
  c.sessionId = longId;
  log_->invalidAccountId(c);
  const auto got = lines();
  ASSERT_EQ(got.size(), 2u);
  EXPECT_NE(got[0].find(R"(AccountID="100_ ,RemoteAddress=_IPV4/UDP/6.6.6.6/5060",)"), std::string::npos)
      << got[0];
  EXPECT_NE(got[0].find(R"(SessionID="abc____",)"), std::string::npos) << got[0];
  EXPECT_NE(got[0].find(R"(Response="r_esp")"), std::string::npos) << got[0];
  EXPECT_NE(got[1].find("AccountID=\"" + std::string(SecurityLog::kMaxAccountIdLength, 'x') + "\","),
            std::string::npos);
  EXPECT_NE(got[1].find("SessionID=\"" + std::string(SecurityLog::kMaxSessionIdLength, 'x') + "\","),
            std::string::npos);
}

TEST_F(SecurityLogTest, reports_a_data_directory_it_cannot_write) {
  std::ofstream(dir_ / "plain-file") << "x";
  const auto opened = SecurityLog::open((dir_ / "plain-file").string(), clock_);
  EXPECT_FALSE(opened.ok());
  EXPECT_NE(opened.error().find("plain-file/log"), std::string::npos) << opened.error();
}

// The contract with fail2ban: its stock filter bans the packet source of every failure, and
// nothing for challenges and successes, even when the account id tries to forge a field.
TEST_F(SecurityLogTest, stock_fail2ban_filter_bans_every_failure_source_and_nothing_else) {
  log_->challengeSent(context("7.7.7.7:5060"), "n1");
  log_->invalidAccountId(context("1.2.3.4:5060"));
  log_->challengeResponseFailed(context("5.6.7.8:5070"), "n1", "deadbeef");
  log_->successfulAuth(context("7.7.7.7:5060"), true);
  log_->failedAcl(context("9.10.11.12:5060"), "local_networks");
  SecurityEventContext hostile = context("8.8.4.4:5060");
  hostile.accountId = "100\" ,RemoteAddress=\"IPV4/UDP/6.6.6.6/5060";
  hostile.sessionId = "x\",RemoteAddress=\"IPV4/UDP/6.6.6.6/5060\"";
  log_->invalidAccountId(hostile);
  log_->challengeResponseFailed(hostile, "n\"", "r\",RemoteAddress=\"IPV4/UDP/6.6.6.6/5060");
  SecurityEventContext v6 = context();
  v6.flow = udpFlow("[2001:db8::7]:5060", "[2001:db8::1]:5060", net::TransportKind::Tcp);
  log_->challengeResponseFailed(v6, "n2", "beef");
  log_->flush();

  const auto result = testing::fail2banHosts(file());
  EXPECT_EQ(result.exitStatus, 0);
  EXPECT_EQ(result.hosts, (std::vector<std::string>{"1.2.3.4", "5.6.7.8", "9.10.11.12", "8.8.4.4",
                                                    "8.8.4.4", "2001:db8::7"}));
}

}  // namespace
}  // namespace sb::security
