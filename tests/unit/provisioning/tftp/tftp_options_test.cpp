// SPDX-License-Identifier: MIT
// RFC 2347 negotiation of blksize (RFC 2348), tsize and timeout (RFC 2349), windowsize (RFC 7440).
#include "provisioning/tftp/tftp_options.h"

#include <gtest/gtest.h>

namespace sb::tftp {
namespace {

using Options = std::vector<std::pair<std::string, std::string>>;

TEST(TftpOptions, without_options_the_transfer_is_plain_rfc_1350) {
  const auto n = negotiate({}, 1000);
  ASSERT_TRUE(n.settings);
  EXPECT_EQ(n.settings->blockSize, 512);
  EXPECT_EQ(n.settings->windowSize, 1);
  EXPECT_TRUE(n.settings->acknowledged.empty());
}

TEST(TftpOptions, accepts_options_in_range_and_answers_tsize_with_the_file_size) {
  const auto n = negotiate({{"blksize", "1428"}, {"tsize", "0"}, {"timeout", "3"}, {"windowsize", "16"},
                            {"multicast", ""}},
                           5000000);
  ASSERT_TRUE(n.settings);
  EXPECT_EQ(n.settings->blockSize, 1428);
  EXPECT_EQ(n.settings->windowSize, 16);
  EXPECT_EQ(n.settings->timeout, std::chrono::seconds(3));
  EXPECT_EQ(n.settings->acknowledged, (Options{{"blksize", "1428"}, {"tsize", "5000000"}, {"timeout", "3"},
                                               {"windowsize", "16"}}));  // unknown ones left out
}

TEST(TftpOptions, lowers_block_and_window_size_to_our_limits) {
  NegotiationLimits limits;
  limits.maxBlockSize = 8192;
  limits.maxWindowSize = 8;
  const auto n = negotiate({{"blksize", "65464"}, {"windowsize", "65535"}}, 1, limits);
  ASSERT_TRUE(n.settings);
  EXPECT_EQ(n.settings->blockSize, 8192);
  EXPECT_EQ(n.settings->acknowledged, (Options{{"blksize", "8192"}, {"windowsize", "8"}}));
}

TEST(TftpOptions, refuses_absurd_values_with_error_8) {
  for (const auto& option : {Options{{"blksize", "0"}}, Options{{"blksize", "7"}}, Options{{"blksize", "100000"}},
                             Options{{"blksize", "12x"}}, Options{{"timeout", "0"}}, Options{{"timeout", "256"}},
                             Options{{"windowsize", "0"}}, Options{{"windowsize", "70000"}},
                             Options{{"tsize", "-1"}}, Options{{"blksize", "99999999999999999999999"}}}) {
    const auto n = negotiate(option, 10);
    EXPECT_FALSE(n.settings) << option[0].first << "=" << option[0].second;
    EXPECT_EQ(n.refusal.code, ErrorCode::OptionNegotiation);
  }
}

TEST(TftpOptions, a_repeated_option_counts_once) {
  const auto n = negotiate({{"blksize", "1024"}, {"blksize", "0"}}, 10);
  ASSERT_TRUE(n.settings);
  EXPECT_EQ(n.settings->blockSize, 1024);
  EXPECT_EQ(n.settings->acknowledged.size(), 1u);
}

}  // namespace
}  // namespace sb::tftp
