// SPDX-License-Identifier: MIT
#pragma once
#include <cstdint>
#include <functional>
#include <filesystem>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>

#include "storage/migration.h"
#include "base/result.h"
#include "storage/statement.h"

struct sqlite3;

namespace sb::storage {

class Transaction;

// Owns one SQLite connection, set up for a long-running server: WAL journal (readers never block
// the writer), synchronous=NORMAL (durable at checkpoints, never corrupt), foreign keys on and a
// busy timeout. It prepares and caches statements and opens transactions; what the tables mean
// belongs to the repositories. Used from one thread, the one that owns it.
class Database {
 public:
  static constexpr std::string_view kFileName = "switchboard.db";

  // Opens or creates `file` and applies `migrations` (by default those built into the binary).
  // Fails with a message naming the file when it cannot be opened, is not a database, or the
  // directory is not writable.
  static Result<std::unique_ptr<Database>> open(const std::filesystem::path& file);
  static Result<std::unique_ptr<Database>> open(const std::filesystem::path& file,
                                                 std::span<const Migration> migrations);
  // Creates `dataDir` if needed and opens dataDir/switchboard.db in it.
  static Result<std::unique_ptr<Database>> openInDirectory(const std::filesystem::path& dataDir);

  Database(const Database&) = delete;
  Database& operator=(const Database&) = delete;
  ~Database();

  // Runs one or more statements that return no rows (schema scripts, pragmas).
  Status exec(std::string_view sql);
  // A fresh statement, finalised when it goes away. For one-off queries.
  Statement prepare(std::string_view sql);
  // A statement prepared once per connection and reused: for hot paths. Not re-entrant: the same
  // SQL must not be borrowed twice at once.
  ScopedStatement cached(std::string_view sql);
  // Starts a transaction (or a savepoint inside an open one); see Transaction.
  Transaction transaction();

  // Rows changed by the last INSERT, UPDATE or DELETE.
  std::int64_t changes() const;
  const std::filesystem::path& path() const { return path_; }
  sqlite3* handle() { return db_; }

 private:
  Database(sqlite3* db, std::filesystem::path path) : db_(db), path_(std::move(path)) {}
  friend class Transaction;

  // Lets cached() look SQL up by string_view without allocating on the hot path.
  struct SqlHash {
    using is_transparent = void;
    std::size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
  };

  sqlite3* db_;
  std::filesystem::path path_;
  std::unordered_map<std::string, std::unique_ptr<Statement>, SqlHash, std::equal_to<>> cache_;
  int savepointDepth_ = 0;
};

// A unit of work that commits all or nothing. The outermost one is BEGIN IMMEDIATE (takes the
// write lock up front, so it cannot deadlock upgrading later); nested ones are savepoints. If it is
// destroyed without commit() it rolls back, so an early return cannot leave half a change.
class Transaction {
 public:
  Transaction(Transaction&& other) noexcept;
  Transaction& operator=(Transaction&&) = delete;
  Transaction(const Transaction&) = delete;
  ~Transaction();

  // False if BEGIN itself failed (database busy past the timeout, disk error); then commit()
  // returns that failure.
  bool began() const { return began_.ok(); }
  Status commit();
  void rollback();

 private:
  friend class Database;
  explicit Transaction(Database& db);

  Database* db_;
  Status began_;
  int depth_ = 0;  // 1 = outermost
  bool open_ = false;
};

}  // namespace sb::storage
