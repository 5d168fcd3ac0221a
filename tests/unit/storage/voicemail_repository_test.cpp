// SPDX-License-Identifier: MIT
#include "storage/voicemail_repository.h"

#include <gtest/gtest.h>

#include "storage/database.h"
#include "temp_dir.h"

namespace sb::storage {
namespace {

using testing::TempDir;

VoicemailRecord message(std::string mailbox, std::int64_t at, bool heard = false) {
  return {0, std::move(mailbox), "100", "Front Desk", at, 4200, "101/" + std::to_string(at) + ".wav", heard};
}

class VoicemailRepositoryTest : public ::testing::Test {
 protected:
  TempDir dir;
  std::unique_ptr<Database> db = std::move(Database::openInDirectory(dir.path()).value());
  VoicemailRepository repo{*db};
};

TEST_F(VoicemailRepositoryTest, lists_unheard_first_then_heard_each_oldest_first) {
  const auto a = *repo.insert(message("101", 3000));
  const auto b = *repo.insert(message("101", 1000, true));
  const auto c = *repo.insert(message("101", 2000));
  ASSERT_TRUE(repo.insert(message("102", 500)).ok());
  const auto listed = *repo.inMailbox("101");
  ASSERT_EQ(listed.size(), 3u);
  EXPECT_EQ(listed[0].id, c);
  EXPECT_EQ(listed[1].id, a);
  EXPECT_EQ(listed[2].id, b);
  auto expected = message("101", 2000);
  expected.id = c;
  EXPECT_EQ(listed[0], expected);
  EXPECT_EQ(*repo.counts("101"), (VoicemailCounts{2, 1}));
  EXPECT_EQ(*repo.counts("103"), (VoicemailCounts{0, 0}));
  EXPECT_EQ(*repo.mailboxes(), (std::vector<std::string>{"101", "102"}));
}

TEST_F(VoicemailRepositoryTest, marks_heard_and_removes) {
  const auto id = *repo.insert(message("101", 1000));
  ASSERT_TRUE(repo.markHeard(id).ok());
  EXPECT_TRUE((*repo.find(id))->heard);
  EXPECT_EQ(*repo.counts("101"), (VoicemailCounts{0, 1}));
  ASSERT_TRUE(repo.remove(id).ok());
  EXPECT_FALSE(repo.find(id)->has_value());
  EXPECT_TRUE(repo.inMailbox("101")->empty());
}

TEST_F(VoicemailRepositoryTest, keeps_messages_across_a_reopen) {
  const auto id = *repo.insert(message("101", 1000));
  db.reset();
  auto reopened = std::move(Database::openInDirectory(dir.path()).value());
  VoicemailRepository again(*reopened);
  ASSERT_TRUE(again.find(id)->has_value());
  EXPECT_EQ((*again.find(id))->file, "101/1000.wav");
}

}  // namespace
}  // namespace sb::storage
