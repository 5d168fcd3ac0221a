// SPDX-License-Identifier: MIT
#include "storage/secret_repository.h"

#include <gtest/gtest.h>

#include "storage/database.h"
#include "temp_dir.h"

namespace sb::storage {
namespace {

using testing::TempDir;

TEST(SecretRepository, get_of_an_unknown_secret_is_empty) {
  TempDir dir;
  auto db = Database::open(dir / "s.db");
  ASSERT_TRUE(db) << db.error();
  SecretRepository repo(**db);
  auto got = repo.get("extension", "100");
  ASSERT_TRUE(got) << got.error();
  EXPECT_FALSE(got->has_value());
}

TEST(SecretRepository, put_then_get_returns_the_record_and_put_again_replaces_it) {
  TempDir dir;
  auto db = Database::open(dir / "s.db");
  ASSERT_TRUE(db) << db.error();
  SecretRepository repo(**db);
  ASSERT_TRUE(repo.put({"extension", "100", "first", 1000}));
  ASSERT_TRUE(repo.put({"extension", "100", "second", 2000}));
  auto got = repo.get("extension", "100");
  ASSERT_TRUE(got) << got.error();
  ASSERT_TRUE(got->has_value());
  EXPECT_EQ((*got)->value, "second");
  EXPECT_EQ((*got)->createdAt, 2000);
  // Same name, other kind: a different secret.
  auto phone = repo.get("phone", "100");
  ASSERT_TRUE(phone);
  EXPECT_FALSE(phone->has_value());
}

TEST(SecretRepository, all_lists_by_kind_then_name_and_survives_reopening) {
  TempDir dir;
  {
    auto db = Database::open(dir / "s.db");
    ASSERT_TRUE(db) << db.error();
    SecretRepository repo(**db);
    ASSERT_TRUE(repo.put({"server", "nonce_key", "k", 1}));
    ASSERT_TRUE(repo.put({"extension", "200", "b", 1}));
    ASSERT_TRUE(repo.put({"extension", "100", "a", 1}));
  }
  auto db = Database::open(dir / "s.db");
  ASSERT_TRUE(db) << db.error();
  SecretRepository repo(**db);
  auto all = repo.all();
  ASSERT_TRUE(all) << all.error();
  ASSERT_EQ(all->size(), 3u);
  EXPECT_EQ((*all)[0].name, "100");
  EXPECT_EQ((*all)[1].name, "200");
  EXPECT_EQ((*all)[2].kind, "server");
}

}  // namespace
}  // namespace sb::storage
