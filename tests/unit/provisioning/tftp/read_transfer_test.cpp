// SPDX-License-Identifier: MIT
// The sending side of a read transfer: RFC 1350 lock-step, RFC 2347 OACK, RFC 7440 windows.
#include "provisioning/tftp/read_transfer.h"

#include <gtest/gtest.h>

namespace sb::tftp {
namespace {

using Blocks = std::vector<std::uint64_t>;

ReadTransfer make(std::size_t size, std::uint16_t block, std::uint16_t window, bool options) {
  TransferSettings s;
  s.blockSize = block;
  s.windowSize = window;
  if (options) s.acknowledged = {{"blksize", std::to_string(block)}};
  return ReadTransfer(std::make_shared<const std::string>(size, 'x'), s, 3);
}

TEST(ReadTransfer, sends_in_lock_step_and_ends_with_a_short_block) {
  auto t = make(1000, 512, 1, false);
  EXPECT_EQ(t.blockCount(), 2u);
  EXPECT_EQ(t.start().blocks, Blocks{1});
  EXPECT_EQ(t.payload(1).size(), 512u);
  EXPECT_EQ(t.onAck(1).blocks, Blocks{2});
  EXPECT_EQ(t.payload(2).size(), 488u);
  EXPECT_TRUE(t.onAck(2).blocks.empty());
  EXPECT_EQ(t.state(), ReadTransfer::State::Complete);
  EXPECT_EQ(t.bytesAcknowledged(), 1000u);
}

TEST(ReadTransfer, a_file_of_whole_blocks_ends_with_an_empty_one) {
  auto t = make(1024, 512, 1, false);
  EXPECT_EQ(t.blockCount(), 3u);
  EXPECT_EQ(t.payload(3).size(), 0u);
  auto empty = make(0, 512, 1, false);
  EXPECT_EQ(empty.start().blocks, Blocks{1});
  EXPECT_EQ(empty.payload(1).size(), 0u);
}

TEST(ReadTransfer, waits_for_ack_0_after_an_oack) {
  auto t = make(100, 512, 1, true);
  const auto first = t.start();
  EXPECT_TRUE(first.oack);
  EXPECT_TRUE(first.blocks.empty());
  EXPECT_TRUE(t.onAck(1).blocks.empty());  // not what an OACK is answered with
  EXPECT_TRUE(t.onTimeout().oack);         // the OACK again
  EXPECT_EQ(t.onAck(0).blocks, Blocks{1});
}

TEST(ReadTransfer, never_answers_a_duplicate_ack_with_data) {
  // RFC 1350 errata, "Sorcerer's Apprentice": a repeated ACK must not double the traffic.
  auto t = make(5000, 512, 1, false);
  t.start();
  EXPECT_EQ(t.onAck(1).blocks, Blocks{2});
  EXPECT_TRUE(t.onAck(1).blocks.empty());
  EXPECT_EQ(t.onTimeout().blocks, Blocks{2});
}

TEST(ReadTransfer, sends_windows_and_resumes_after_the_last_block_acknowledged) {
  auto t = make(10 * 512 + 1, 512, 4, false);  // 11 blocks
  EXPECT_EQ(t.start().blocks, (Blocks{1, 2, 3, 4}));
  EXPECT_EQ(t.onAck(4).blocks, (Blocks{5, 6, 7, 8}));
  // RFC 7440 §4: block 7 was lost, the client acknowledges 6.
  EXPECT_EQ(t.onAck(6).blocks, (Blocks{7, 8, 9, 10}));
  EXPECT_TRUE(t.onAck(5).blocks.empty());  // older than what was acknowledged
  EXPECT_EQ(t.onAck(10).blocks, (Blocks{11}));
  EXPECT_TRUE(t.onAck(11).blocks.empty());
  EXPECT_EQ(t.state(), ReadTransfer::State::Complete);
}

TEST(ReadTransfer, block_numbers_wrap_after_65535) {
  auto t = make(70000 * 8, 8, 1, false);
  t.start();
  for (std::uint64_t i = 1; i < 65535; ++i) ASSERT_EQ(t.onAck(ReadTransfer::wireNumber(i)).blocks, Blocks{i + 1});
  EXPECT_EQ(t.onAck(65535).blocks, Blocks{65536});
  EXPECT_EQ(ReadTransfer::wireNumber(65536), 0);
  EXPECT_EQ(t.onAck(0).blocks, Blocks{65537});
}

TEST(ReadTransfer, gives_up_after_the_retries) {
  auto t = make(100, 512, 1, false);
  t.start();
  for (int i = 0; i < 3; ++i) EXPECT_EQ(t.onTimeout().blocks, Blocks{1});
  EXPECT_TRUE(t.onTimeout().blocks.empty());
  EXPECT_EQ(t.state(), ReadTransfer::State::Failed);
  EXPECT_TRUE(t.onAck(1).blocks.empty());
}

}  // namespace
}  // namespace sb::tftp
