// SPDX-License-Identifier: MIT
#include <gtest/gtest.h>

#include <vector>

#include "storage/database.h"
#include "storage/migration.h"
#include "temp_dir.h"

namespace sb::storage {
namespace {

using testing::TempDir;

std::int64_t count(Database& db, const std::string& sql) {
  Statement s = db.prepare(sql);
  EXPECT_EQ(s.step(), Statement::Step::Row) << s.error();
  return s.columnInt(0);
}

const std::vector<Migration> kThree = {
    {1, "0001_a", "CREATE TABLE a (x INTEGER);"},
    {2, "0002_b", "CREATE TABLE b (x INTEGER); INSERT INTO b VALUES (1);"},
    {3, "0003_c", "ALTER TABLE b ADD COLUMN y TEXT;"},
};

TEST(Migrations, embedded_migrations_are_numbered_in_order_from_the_sql_files) {
  const auto migrations = embeddedMigrations();
  ASSERT_GE(migrations.size(), 2u);
  EXPECT_EQ(migrations[0].version, 1);
  EXPECT_EQ(migrations[0].name, "0001_secrets");
  EXPECT_NE(migrations[0].sql.find("CREATE TABLE secrets"), std::string_view::npos);
  for (std::size_t i = 1; i < migrations.size(); ++i)
    EXPECT_LT(migrations[i - 1].version, migrations[i].version);
}

TEST(Migrations, opening_applies_every_embedded_migration_once) {
  TempDir dir;
  const auto file = dir / "s.db";
  {
    auto db = Database::open(file);
    ASSERT_TRUE(db) << db.error();
    EXPECT_EQ(count(**db, "SELECT COUNT(*) FROM schema_migrations"),
              static_cast<std::int64_t>(embeddedMigrations().size()));
  }
  auto db = Database::open(file);  // a second start must not re-run or fail on existing tables
  ASSERT_TRUE(db) << db.error();
  EXPECT_EQ(count(**db, "SELECT COUNT(*) FROM schema_migrations"),
            static_cast<std::int64_t>(embeddedMigrations().size()));
  auto again = applyMigrations(**db, embeddedMigrations());
  ASSERT_TRUE(again) << again.error();
  EXPECT_EQ(*again, 0);
}

TEST(Migrations, a_newer_program_applies_only_the_migrations_it_adds) {
  TempDir dir;
  auto db = Database::open(dir / "s.db", std::span(kThree).first(2));
  ASSERT_TRUE(db) << db.error();
  auto applied = applyMigrations(**db, kThree);
  ASSERT_TRUE(applied) << applied.error();
  EXPECT_EQ(*applied, 1);
  EXPECT_EQ(count(**db, "SELECT COUNT(*) FROM b"), 1);  // 0002 did not run twice
  EXPECT_EQ(count(**db, "SELECT COUNT(*) FROM pragma_table_info('b') WHERE name = 'y'"), 1);
  EXPECT_EQ(count(**db, "SELECT MAX(version) FROM schema_migrations"), 3);
}

TEST(Migrations, a_database_from_a_newer_program_is_refused) {
  TempDir dir;
  const auto file = dir / "s.db";
  {
    auto db = Database::open(file, kThree);
    ASSERT_TRUE(db) << db.error();
  }
  auto db = Database::open(file, std::span(kThree).first(2));
  ASSERT_FALSE(db);
  EXPECT_NE(db.error().find("newer"), std::string::npos) << db.error();
  EXPECT_NE(db.error().find(file.string()), std::string::npos) << db.error();
}

TEST(Migrations, a_failing_migration_names_itself_and_leaves_no_trace) {
  TempDir dir;
  const std::vector<Migration> broken = {
      {1, "0001_a", "CREATE TABLE a (x INTEGER);"},
      {2, "0002_bad", "CREATE TABLE half (x INTEGER); INSERT INTO nowhere VALUES (1);"},
  };
  auto db = Database::open(dir / "s.db", std::span(broken).first(1));
  ASSERT_TRUE(db) << db.error();
  auto applied = applyMigrations(**db, broken);
  ASSERT_FALSE(applied);
  EXPECT_NE(applied.error().find("0002_bad"), std::string::npos) << applied.error();
  EXPECT_EQ(count(**db, "SELECT COUNT(*) FROM sqlite_master WHERE name = 'half'"), 0);
  EXPECT_EQ(count(**db, "SELECT MAX(version) FROM schema_migrations"), 1);
}

}  // namespace
}  // namespace sb::storage
