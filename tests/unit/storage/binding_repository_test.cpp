// SPDX-License-Identifier: MIT
#include "storage/binding_repository.h"

#include <gtest/gtest.h>

#include "storage/database.h"
#include "temp_dir.h"

namespace sb::storage {
namespace {

using testing::TempDir;

BindingRecord binding(std::string aor, std::string contact, std::int64_t expiresAt) {
  BindingRecord r;
  r.aor = std::move(aor);
  r.contactUri = std::move(contact);
  r.flow = "udp:192.168.1.20:5060|local=192.168.1.2:5060|conn=0";
  r.userAgent = "Cisco-CP7960G/8.0";
  r.callId = "abc@192.168.1.20";
  r.cseq = 101;
  r.expiresAt = expiresAt;
  r.registeredAt = expiresAt - 3600;
  r.q = 0.5;
  return r;
}

class BindingRepositoryTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto opened = Database::open(dir_ / "b.db");
    ASSERT_TRUE(opened) << opened.error();
    db_ = std::move(*opened);
    repo_ = std::make_unique<BindingRepository>(*db_);
  }
  std::vector<BindingRecord> all() {
    auto loaded = repo_->loadAll();
    EXPECT_TRUE(loaded) << loaded.error();
    return loaded ? *loaded : std::vector<BindingRecord>{};
  }

  TempDir dir_;
  std::unique_ptr<Database> db_;
  std::unique_ptr<BindingRepository> repo_;
};

TEST_F(BindingRepositoryTest, upsert_inserts_and_load_all_returns_every_field) {
  const auto r = binding("100", "sip:100@192.168.1.20:5060", 1'800'003'600);
  ASSERT_TRUE(repo_->upsert(r));
  const auto loaded = all();
  ASSERT_EQ(loaded.size(), 1u);
  EXPECT_EQ(loaded[0], r);
}

TEST_F(BindingRepositoryTest, upsert_of_the_same_aor_and_contact_replaces_the_binding) {
  auto r = binding("100", "sip:100@192.168.1.20:5060", 1000);
  ASSERT_TRUE(repo_->upsert(r));
  r.cseq = 102;
  r.expiresAt = 5000;
  r.flow = "tcp:192.168.1.20:40000|local=192.168.1.2:5060|conn=7";
  ASSERT_TRUE(repo_->upsert(r));
  ASSERT_TRUE(repo_->upsert(binding("100", "sip:100@10.0.0.9:5060", 1000)));
  const auto loaded = all();
  ASSERT_EQ(loaded.size(), 2u);
  EXPECT_EQ(loaded[1], r);  // ordered by contact: "sip:100@10..." sorts before "sip:100@19..."
}

TEST_F(BindingRepositoryTest, remove_deletes_one_contact_and_remove_all_for_deletes_an_aor) {
  ASSERT_TRUE(repo_->upsert(binding("100", "sip:a@h", 1000)));
  ASSERT_TRUE(repo_->upsert(binding("100", "sip:b@h", 1000)));
  ASSERT_TRUE(repo_->upsert(binding("200", "sip:c@h", 1000)));
  ASSERT_TRUE(repo_->remove("100", "sip:a@h"));
  auto loaded = all();
  ASSERT_EQ(loaded.size(), 2u);
  EXPECT_EQ(loaded[0].contactUri, "sip:b@h");
  ASSERT_TRUE(repo_->removeAllFor("100"));
  loaded = all();
  ASSERT_EQ(loaded.size(), 1u);
  EXPECT_EQ(loaded[0].aor, "200");
  ASSERT_TRUE(repo_->remove("300", "sip:none@h"));  // removing nothing is not an error
}

TEST_F(BindingRepositoryTest, remove_expired_deletes_bindings_due_at_or_before_now) {
  ASSERT_TRUE(repo_->upsert(binding("100", "sip:past@h", 999)));
  ASSERT_TRUE(repo_->upsert(binding("100", "sip:now@h", 1000)));
  ASSERT_TRUE(repo_->upsert(binding("100", "sip:later@h", 1001)));
  auto removed = repo_->removeExpired(1000);
  ASSERT_TRUE(removed) << removed.error();
  EXPECT_EQ(*removed, 2u);
  const auto loaded = all();
  ASSERT_EQ(loaded.size(), 1u);
  EXPECT_EQ(loaded[0].contactUri, "sip:later@h");
}

TEST_F(BindingRepositoryTest, many_upserts_in_one_transaction_commit_together) {
  {
    Transaction tx = db_->transaction();
    for (int i = 0; i < 500; ++i)
      ASSERT_TRUE(repo_->upsert(binding(std::to_string(1000 + i), "sip:x@h", 1000)));
    ASSERT_TRUE(tx.commit());
  }
  {
    Transaction tx = db_->transaction();
    ASSERT_TRUE(repo_->upsert(binding("9999", "sip:x@h", 1000)));
    // dropped: rolled back
  }
  EXPECT_EQ(all().size(), 500u);
}

TEST_F(BindingRepositoryTest, bindings_survive_reopening_the_database) {
  ASSERT_TRUE(repo_->upsert(binding("100", "sip:a@h", 1000)));
  repo_.reset();
  db_.reset();
  auto reopened = Database::open(dir_ / "b.db");
  ASSERT_TRUE(reopened) << reopened.error();
  BindingRepository repo(**reopened);
  auto loaded = repo.loadAll();
  ASSERT_TRUE(loaded) << loaded.error();
  ASSERT_EQ(loaded->size(), 1u);
  EXPECT_EQ((*loaded)[0].contactUri, "sip:a@h");
}

}  // namespace
}  // namespace sb::storage
