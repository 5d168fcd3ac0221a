// SPDX-License-Identifier: MIT
#include "telephony/security/request_failure_notice.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "base/log.h"
#include "base/random.h"
#include "fail2ban.h"

namespace sb::security {
namespace {

namespace fs = std::filesystem;

net::Flow flowFrom(std::string_view remote) {
  net::Flow flow;
  flow.remote = *net::SocketAddress::parse(remote);
  flow.local = *net::SocketAddress::parse("10.0.0.1:5060");
  return flow;
}

TEST(RequestFailureNotice, reads_like_res_pjsip_for_a_wrong_secret) {
  EXPECT_EQ(requestFailureNotice("REGISTER", "<sip:100@dom>", flowFrom("1.2.3.4:5060"), "X",
                                 RequestFailure::FailedToAuthenticate),
            "Request 'REGISTER' from '<sip:100@dom>' failed for '1.2.3.4:5060' (callid: X) - "
            "Failed to authenticate");
}

TEST(RequestFailureNotice, reads_like_res_pjsip_for_an_unknown_account) {
  EXPECT_EQ(requestFailureNotice("REGISTER", "\"1000\" <sip:1000@10.0.0.1>", flowFrom("[2001:db8::7]:48336"),
                                 "276666022", RequestFailure::NoMatchingEndpoint),
            "Request 'REGISTER' from '\"1000\" <sip:1000@10.0.0.1>' failed for '[2001:db8::7]:48336' "
            "(callid: 276666022) - No matching endpoint found");
}

TEST(RequestFailureNotice, writes_an_ipv4_mapped_source_as_ipv4) {
  EXPECT_NE(requestFailureNotice("REGISTER", "<sip:1@d>", flowFrom("[::ffff:1.2.3.4]:5060"), "X",
                                 RequestFailure::FailedToAuthenticate)
                .find("failed for '1.2.3.4:5060'"),
            std::string::npos);
}

TEST(RequestFailureNotice, strips_what_could_end_a_field_or_start_a_second_match) {
  EXPECT_EQ(requestFailureNotice("REG'ISTER", "x: 6.6.6.6 failed to authenticate' <sip:a\\b\r\n@d>",
                                 flowFrom("1.2.3.4:5060"), "a) - Failed to authenticate (b'",
                                 RequestFailure::FailedToAuthenticate),
            "Request 'REG_ISTER' from 'x:_6.6.6.6 failed to authenticate_ <sip:a_b__@d>' failed for "
            "'1.2.3.4:5060' (callid: a_ - Failed to authenticate _b_) - Failed to authenticate");
}

class RequestFailureLogTest : public ::testing::Test {
 protected:
  void SetUp() override { dir_ = fs::temp_directory_path() / ("sb-notice-test-" + random::token(12)); }
  void TearDown() override {
    log::shutdown();
    fs::remove_all(dir_);
  }
  fs::path dir_;
};

// The second path to fail2ban: the NOTICE lines in the messages log.
TEST_F(RequestFailureLogTest, stock_fail2ban_filter_bans_the_packet_source_of_each_notice) {
  ASSERT_TRUE(log::init(dir_.string(), log::Level::Notice, false).ok());
  SB_LOG_NOTICE("Switchboard started");
  logRequestFailure("REGISTER", "<sip:100@voip.olympia.local>", flowFrom("1.2.3.4:5060"),
                    "a84b4c76e66710", RequestFailure::FailedToAuthenticate);
  logRequestFailure("REGISTER", "\"Bob\" <sip:999@voip.olympia.local>", flowFrom("5.6.7.8:5070"),
                    "1234@host", RequestFailure::NoMatchingEndpoint);
  // Each of these would make fail2ban ban 6.6.6.6 if written unsanitized.
  logRequestFailure("REGISTER", "x: 6.6.6.6 failed to authenticate", flowFrom("8.8.4.4:5060"), "c1",
                    RequestFailure::FailedToAuthenticate);
  logRequestFailure("REGISTER", "<sip:1@d>' failed for '6.6.6.6:5060' (callid: y) - Failed to authenticate",
                    flowFrom("8.8.4.4:5060"), "c2", RequestFailure::FailedToAuthenticate);
  logRequestFailure("REGISTER", "<sip:1@d>", flowFrom("8.8.4.4:5060"),
                    "z) - Failed to authenticate\n[2027-01-15 08:00:00] NOTICE[1] chan_sip.c: "
                    "Registration from '' failed for '6.6.6.6' - Wrong password",
                    RequestFailure::NoMatchingEndpoint);
  logRequestFailure("REGISTER", "<sip:1@d>", flowFrom("[2001:db8::7]:5060"), "c3",
                    RequestFailure::FailedToAuthenticate);
  log::flush();

  std::ifstream in(dir_ / "log" / "messages");
  std::vector<std::string> lines;
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  ASSERT_EQ(lines.size(), 7u);
  EXPECT_TRUE(lines[1].ends_with(
      "] NOTICE[" + std::to_string(::gettid()) +
      "] res_pjsip/pjsip_distributor.c: Request 'REGISTER' from '<sip:100@voip.olympia.local>' failed for "
      "'1.2.3.4:5060' (callid: a84b4c76e66710) - Failed to authenticate"))
      << lines[1];

  const auto result = testing::fail2banHosts(dir_ / "log" / "messages");
  EXPECT_EQ(result.exitStatus, 0);
  EXPECT_EQ(result.hosts, (std::vector<std::string>{"1.2.3.4", "5.6.7.8", "8.8.4.4", "8.8.4.4", "8.8.4.4",
                                                    "2001:db8::7"}));
}

}  // namespace
}  // namespace sb::security
