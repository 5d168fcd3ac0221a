// SPDX-License-Identifier: MIT
#include "storage/database.h"

#include <gtest/gtest.h>

#include <fstream>

#include "temp_dir.h"

namespace sb::storage {
namespace {

using testing::TempDir;

std::string pragma(Database& db, const char* sql) {
  Statement s = db.prepare(sql);
  EXPECT_EQ(s.step(), Statement::Step::Row) << s.error();
  return s.columnText(0);
}

std::int64_t count(Database& db, const char* sql) {
  Statement s = db.prepare(sql);
  EXPECT_EQ(s.step(), Statement::Step::Row) << s.error();
  return s.columnInt(0);
}

TEST(Database, opens_in_wal_mode_with_normal_sync_and_foreign_keys) {
  TempDir dir;
  auto db = Database::open(dir / "test.db");
  ASSERT_TRUE(db) << db.error();
  EXPECT_EQ(pragma(**db, "PRAGMA journal_mode"), "wal");
  EXPECT_EQ(pragma(**db, "PRAGMA synchronous"), "1");  // NORMAL
  EXPECT_EQ(pragma(**db, "PRAGMA foreign_keys"), "1");
  EXPECT_NE(pragma(**db, "PRAGMA busy_timeout"), "0");
}

TEST(Database, creates_the_data_directory_and_the_database_file_in_it) {
  TempDir dir;
  const auto dataDir = dir / "var" / "nested";
  auto db = Database::openInDirectory(dataDir);
  ASSERT_TRUE(db) << db.error();
  EXPECT_TRUE(std::filesystem::exists(dataDir / "switchboard.db"));
  EXPECT_EQ((*db)->path(), dataDir / "switchboard.db");
}

TEST(Database, unwritable_data_dir_gives_an_error_naming_the_path) {
  TempDir dir;
  // A regular file where a directory should be: fails for every user, root included.
  const auto blocker = dir / "not-a-dir";
  std::ofstream(blocker) << "x";
  const auto dataDir = blocker / "var";
  auto db = Database::openInDirectory(dataDir);
  ASSERT_FALSE(db);
  EXPECT_NE(db.error().find(dataDir.string()), std::string::npos) << db.error();
}

TEST(Database, unopenable_file_gives_an_error_naming_the_path) {
  TempDir dir;
  const auto blocker = dir / "file";
  std::ofstream(blocker) << "x";
  const auto file = blocker / "switchboard.db";
  auto db = Database::open(file);
  ASSERT_FALSE(db);
  EXPECT_NE(db.error().find(file.string()), std::string::npos) << db.error();
}

TEST(Database, a_file_that_is_not_a_database_is_refused_with_its_path) {
  TempDir dir;
  const auto file = dir / "switchboard.db";
  std::ofstream(file) << std::string(4096, 'z');
  auto db = Database::open(file);
  ASSERT_FALSE(db);
  EXPECT_NE(db.error().find(file.string()), std::string::npos) << db.error();
}

TEST(Database, transaction_dropped_without_commit_rolls_back) {
  TempDir dir;
  auto db = Database::open(dir / "t.db");
  ASSERT_TRUE(db) << db.error();
  ASSERT_TRUE((*db)->exec("CREATE TABLE t (x INTEGER)"));
  {
    Transaction tx = (*db)->transaction();
    ASSERT_TRUE(tx.began());
    ASSERT_TRUE((*db)->exec("INSERT INTO t VALUES (1)"));
  }
  EXPECT_EQ(count(**db, "SELECT COUNT(*) FROM t"), 0);
  {
    Transaction tx = (*db)->transaction();
    ASSERT_TRUE((*db)->exec("INSERT INTO t VALUES (2)"));
    ASSERT_TRUE(tx.commit());
  }
  EXPECT_EQ(count(**db, "SELECT COUNT(*) FROM t"), 1);
}

TEST(Database, nested_transaction_rolls_back_only_its_own_work) {
  TempDir dir;
  auto db = Database::open(dir / "t.db");
  ASSERT_TRUE(db) << db.error();
  ASSERT_TRUE((*db)->exec("CREATE TABLE t (x INTEGER)"));
  Transaction outer = (*db)->transaction();
  ASSERT_TRUE((*db)->exec("INSERT INTO t VALUES (1)"));
  {
    Transaction inner = (*db)->transaction();
    ASSERT_TRUE(inner.began());
    ASSERT_TRUE((*db)->exec("INSERT INTO t VALUES (2)"));
  }
  {
    Transaction inner = (*db)->transaction();
    ASSERT_TRUE((*db)->exec("INSERT INTO t VALUES (3)"));
    ASSERT_TRUE(inner.commit());
  }
  ASSERT_TRUE(outer.commit());
  EXPECT_EQ(count(**db, "SELECT COUNT(*) FROM t"), 2);
  EXPECT_EQ(count(**db, "SELECT SUM(x) FROM t"), 4);
}

TEST(Database, committed_work_survives_reopening) {
  TempDir dir;
  {
    auto db = Database::open(dir / "t.db");
    ASSERT_TRUE(db) << db.error();
    ASSERT_TRUE((*db)->exec("CREATE TABLE t (x INTEGER); INSERT INTO t VALUES (7);"));
  }
  auto db = Database::open(dir / "t.db");
  ASSERT_TRUE(db) << db.error();
  EXPECT_EQ(count(**db, "SELECT x FROM t"), 7);
}

TEST(Database, cached_statement_is_reused_and_comes_back_reset) {
  TempDir dir;
  auto db = Database::open(dir / "t.db");
  ASSERT_TRUE(db) << db.error();
  ASSERT_TRUE((*db)->exec("CREATE TABLE t (x INTEGER); INSERT INTO t VALUES (1), (2), (3);"));
  Statement* first = nullptr;
  {
    auto s = (*db)->cached("SELECT x FROM t ORDER BY x");
    first = &*s;
    ASSERT_EQ(s->step(), Statement::Step::Row);  // leave it half read
    EXPECT_EQ(s->columnInt(0), 1);
  }
  auto s = (*db)->cached("SELECT x FROM t ORDER BY x");
  EXPECT_EQ(&*s, first);
  ASSERT_EQ(s->step(), Statement::Step::Row);
  EXPECT_EQ(s->columnInt(0), 1);
}

TEST(Database, bad_sql_reports_an_error_instead_of_throwing) {
  TempDir dir;
  auto db = Database::open(dir / "t.db");
  ASSERT_TRUE(db) << db.error();
  auto s = (*db)->cached("SELEKT nonsense");
  EXPECT_FALSE(s->valid());
  EXPECT_EQ(s->step(), Statement::Step::Error);
  EXPECT_NE(s->error().find("SELEKT"), std::string::npos);
  EXPECT_FALSE((*db)->exec("DROP TABLE missing_table"));
}

}  // namespace
}  // namespace sb::storage
