// SPDX-License-Identifier: MIT
#include "base/log.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>
#include <string>
#include <vector>

#include "base/random.h"

namespace sb::log {
namespace {

namespace fs = std::filesystem;

class LogTest : public ::testing::Test {
 protected:
  void SetUp() override { dir_ = fs::temp_directory_path() / ("sb-log-test-" + random::token(12)); }
  void TearDown() override {
    shutdown();
    fs::remove_all(dir_);
  }

  std::vector<std::string> lines() {
    flush();
    std::ifstream in(dir_ / "log" / "messages");
    std::vector<std::string> out;
    for (std::string line; std::getline(in, line);) out.push_back(line);
    return out;
  }

  // The Asterisk prefix with this thread's kernel thread id.
  std::string prefix(std::string_view level) {
    return R"(^\[\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}\] )" + std::string(level) + R"(\[)" +
           std::to_string(::gettid()) + R"(\] )";
  }

  fs::path dir_;
};

TEST_F(LogTest, writes_asterisk_style_lines_with_the_callers_file_name) {
  ASSERT_TRUE(init(dir_.string(), Level::Notice, false).ok());
  SB_LOG_NOTICE("registered {} from {}", "100", "1.2.3.4:5060");
  const auto got = lines();
  ASSERT_EQ(got.size(), 1u);
  EXPECT_TRUE(std::regex_match(got[0], std::regex(prefix("NOTICE") +
                                                  R"(log_test\.cpp: registered 100 from 1\.2\.3\.4:5060$)")))
      << got[0];
}

TEST_F(LogTest, names_every_level_like_asterisk_and_drops_those_below_the_minimum) {
  ASSERT_TRUE(init(dir_.string(), Level::Verbose, false).ok());
  SB_LOG_DEBUG("d");
  SB_LOG_VERBOSE("v");
  SB_LOG_NOTICE("n");
  SB_LOG_WARNING("w");
  SB_LOG_ERROR("e");
  const auto got = lines();
  ASSERT_EQ(got.size(), 4u);
  EXPECT_TRUE(std::regex_match(got[0], std::regex(prefix("VERBOSE") + "log_test.cpp: v$"))) << got[0];
  EXPECT_TRUE(std::regex_match(got[1], std::regex(prefix("NOTICE") + "log_test.cpp: n$"))) << got[1];
  EXPECT_TRUE(std::regex_match(got[2], std::regex(prefix("WARNING") + "log_test.cpp: w$"))) << got[2];
  EXPECT_TRUE(std::regex_match(got[3], std::regex(prefix("ERROR") + "log_test.cpp: e$"))) << got[3];
  EXPECT_FALSE(enabled(Level::Debug));
  EXPECT_TRUE(enabled(Level::Verbose));
  EXPECT_EQ(levelName(Level::Debug), "DEBUG");
}

TEST_F(LogTest, writes_lines_under_a_fixed_file_name) {
  ASSERT_TRUE(init(dir_.string(), Level::Notice, false).ok());
  write(Level::Notice, "res_pjsip/pjsip_distributor.c", "Request 'REGISTER' failed");
  const auto got = lines();
  ASSERT_EQ(got.size(), 1u);
  EXPECT_TRUE(got[0].ends_with("] res_pjsip/pjsip_distributor.c: Request 'REGISTER' failed")) << got[0];
}

TEST_F(LogTest, keeps_each_call_on_one_line) {
  ASSERT_TRUE(init(dir_.string(), Level::Notice, false).ok());
  SB_LOG_NOTICE("user {}", "x\r\n[2026-01-01 00:00:00] NOTICE[1] chan_sip.c: forged\x01");
  const auto got = lines();
  ASSERT_EQ(got.size(), 1u);
  EXPECT_TRUE(got[0].ends_with(R"(user x\r\n[2026-01-01 00:00:00] NOTICE[1] chan_sip.c: forged\x01)"))
      << got[0];
}

TEST(LogUntrusted, removes_what_could_forge_a_field_or_start_a_fail2ban_match) {
  EXPECT_EQ(untrusted("x: 6.6.6.6 failed to authenticate"), "x:_6.6.6.6 failed to authenticate");
  EXPECT_EQ(untrusted("a'b\"c\\d\r\ne\x7f"), "a_b_c_d__e_");
  EXPECT_EQ(untrusted("sip:100@dom"), "sip:100@dom");
  EXPECT_EQ(untrusted("abcdef", 3), "abc");
}

TEST_F(LogTest, appends_to_an_existing_file_after_init_again) {
  ASSERT_TRUE(init(dir_.string(), Level::Notice, false).ok());
  SB_LOG_NOTICE("first");
  ASSERT_TRUE(init(dir_.string(), Level::Notice, false).ok());
  SB_LOG_NOTICE("second");
  const auto got = lines();
  ASSERT_EQ(got.size(), 2u);
  EXPECT_TRUE(got[1].ends_with("second"));
}

TEST_F(LogTest, reports_a_data_directory_it_cannot_write) {
  fs::create_directories(dir_);
  std::ofstream(dir_ / "file") << "not a directory";
  const auto logging = init((dir_ / "file").string(), Level::Notice, false);
  ASSERT_FALSE(logging.ok());
  EXPECT_NE(logging.error().find("file/log"), std::string::npos) << logging.error();
  SB_LOG_NOTICE("still works, on stderr");
}

}  // namespace
}  // namespace sb::log
