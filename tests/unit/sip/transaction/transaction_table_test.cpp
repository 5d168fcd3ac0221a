// SPDX-License-Identifier: MIT
#include "sip/transaction/transaction_table.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace sb::sip {
namespace {

// "b17", appended: "b" + std::to_string(i) makes GCC 12 at -O3 report a bogus overlap
// (-Wrestrict, GCC bug 105651) in the Release build.
std::string key(char prefix, int i) {
  std::string out(1, prefix);
  out += std::to_string(i);
  return out;
}

}  // namespace

TEST(TransactionTable, trim_frees_the_blocks_a_finished_burst_left_behind) {
  TransactionTable table;
  const auto keeper = table.reserve(TransactionTable::Side::Server, "keeper");
  std::vector<TransactionTable::Reservation> burst;
  for (int i = 0; i < 10000; ++i) {
    burst.push_back(table.reserve(TransactionTable::Side::Server, "branch-" + std::to_string(i)));
  }
  EXPECT_GE(table.slotCount(), 10001u);
  for (const auto& r : burst) table.release(r.slot);
  table.settle();
  table.trim();

  EXPECT_EQ(table.live(), 1u);
  EXPECT_LE(table.slotCount(), 4096u);  // only the block the keeper lives in
  EXPECT_NE(table.find(keeper.id), nullptr);
  EXPECT_EQ(table.find(burst.back().id), nullptr);
  EXPECT_EQ(table.find(TransactionTable::Side::Server, "branch-9999"), nullptr);
}

TEST(TransactionTable, an_id_from_before_trim_never_finds_the_transaction_that_reuses_its_slot) {
  TransactionTable table;
  std::vector<TransactionTable::Reservation> burst;
  for (int i = 0; i < 5000; ++i) {
    burst.push_back(table.reserve(TransactionTable::Side::Client, key('b', i)));
  }
  const auto stale = burst.back();
  for (const auto& r : burst) table.release(r.slot);
  table.settle();
  table.trim();
  EXPECT_EQ(table.slotCount(), 0u);

  std::vector<std::uint64_t> fresh;
  for (int i = 0; i < 5000; ++i) {
    fresh.push_back(table.reserve(TransactionTable::Side::Client, key('n', i)).id);
  }
  EXPECT_EQ(table.find(stale.id), nullptr);
  EXPECT_NE(table.find(fresh.back()), nullptr);
}

}  // namespace sb::sip
