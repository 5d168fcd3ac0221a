// SPDX-License-Identifier: MIT
#pragma once
#include <cstdint>
#include <string>
#include <string_view>

#include "base/result.h"

struct sqlite3;
struct sqlite3_stmt;

namespace sb::storage {

// One prepared SQL statement: binds parameters (1-based, as SQLite counts), steps through rows
// and reads columns. A statement whose preparation failed stays usable: binding does nothing and
// step() reports the preparation error, so callers check one place. It knows nothing of caching
// (Database::cached) or transactions.
class Statement {
 public:
  enum class Step { Row, Done, Error };

  Statement() = default;
  Statement(sqlite3* db, std::string_view sql);
  Statement(Statement&& other) noexcept;
  Statement& operator=(Statement&& other) noexcept;
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;
  ~Statement();

  bool valid() const { return stmt_ != nullptr; }

  Statement& bindInt(int index, std::int64_t value);
  Statement& bindReal(int index, double value);
  Statement& bindText(int index, std::string_view value);
  Statement& bindNull(int index);

  // Advances to the next row. On Error, error() says why.
  Step step();
  // Steps until done (for statements that return no rows), then resets.
  Status run();
  // Rewinds for another execution and clears the bindings.
  void reset();

  std::int64_t columnInt(int column) const;
  double columnReal(int column) const;
  std::string columnText(int column) const;
  bool columnIsNull(int column) const;

  const std::string& error() const { return error_; }
  const std::string& sql() const { return sql_; }

 private:
  void setError();

  sqlite3* db_ = nullptr;
  sqlite3_stmt* stmt_ = nullptr;
  std::string sql_;
  std::string error_;
};

// Lends a cached statement and resets it when the borrower is done, so a half-read SELECT never
// keeps its read snapshot (and with it the WAL from being checkpointed) alive.
class ScopedStatement {
 public:
  explicit ScopedStatement(Statement& statement) : statement_(&statement) {}
  ScopedStatement(const ScopedStatement&) = delete;
  ScopedStatement& operator=(const ScopedStatement&) = delete;
  ~ScopedStatement() { statement_->reset(); }

  Statement* operator->() { return statement_; }
  Statement& operator*() { return *statement_; }

 private:
  Statement* statement_;
};

}  // namespace sb::storage
