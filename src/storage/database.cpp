// SPDX-License-Identifier: MIT
#include "storage/database.h"

#include <sqlite3.h>

#include <cassert>
#include <cstring>
#include <system_error>

namespace sb::storage {
namespace {

// Long enough to ride out a checkpoint or a `sqlite3` shell someone left open; short enough that
// a stuck lock shows up as an error instead of a hung signalling thread.
constexpr int kBusyTimeoutMs = 2000;

std::string describeOpenError(sqlite3* db, int rc) {
  std::string message = db ? sqlite3_errmsg(db) : sqlite3_errstr(rc);
  const int sysErrno = db ? sqlite3_system_errno(db) : 0;
  if (sysErrno != 0) message += " (" + std::string(std::strerror(sysErrno)) + ")";
  return message;
}

Result<std::string> queryText(sqlite3* db, const char* sql) {
  Statement statement(db, sql);
  if (statement.step() != Statement::Step::Row) return fail(sqlite3_errmsg(db));
  return statement.columnText(0);
}

}  // namespace

Result<std::unique_ptr<Database>> Database::open(const std::filesystem::path& file) {
  return open(file, embeddedMigrations());
}

Result<std::unique_ptr<Database>> Database::open(const std::filesystem::path& file,
                                                  std::span<const Migration> migrations) {
  // SQLite keeps memory statistics under a global mutex taken on every allocation; nothing here
  // reads them, and they were a fifth of the cost of saving a registration. This must happen
  // before SQLite initialises, i.e. before the first connection of the process; it is
  // refused (harmlessly) once SQLite is running.
  static const bool statisticsOff = [] {
    sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
    return true;
  }();
  (void)statisticsOff;
  const std::string name = file.string();
  sqlite3* raw = nullptr;
  const int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX;
  const int rc = sqlite3_open_v2(name.c_str(), &raw, flags, nullptr);
  if (rc != SQLITE_OK) {
    const std::string why = describeOpenError(raw, rc);
    sqlite3_close_v2(raw);
    return fail("cannot open database " + name + ": " + why);
  }
  std::unique_ptr<Database> db(new Database(raw, file));
  // SQLITE_OPEN_READWRITE quietly falls back to read-only on a read-only file; a server that
  // cannot save registrations or secrets must say so at start, not at the first write.
  if (sqlite3_db_readonly(raw, "main") == 1)
    return fail("cannot open database " + name + ": the file is read-only");
  sqlite3_busy_timeout(raw, kBusyTimeoutMs);
  sqlite3_extended_result_codes(raw, 1);

  // The first statement reads the file header: "file is not a database" shows up here.
  const auto mode = queryText(raw, "PRAGMA journal_mode=WAL");
  if (!mode) return fail("cannot open database " + name + ": " + mode.error());
  if (*mode != "wal" && *mode != "memory")
    return fail("cannot open database " + name + ": cannot switch to WAL mode (journal mode is " +
                *mode + ")");
  // The page cache is kept small (512 KiB instead of SQLite's 2 MiB): the server writes far more
  // than it reads back (bindings are read once, at start), and the operating system caches the
  // file anyway; the cache's memory would otherwise count against every registered phone.
  if (auto s = db->exec("PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON; PRAGMA cache_size=-512;");
      !s)
    return fail("cannot open database " + name + ": " + s.error());

  auto applied = applyMigrations(*db, migrations);
  if (!applied) return fail("cannot prepare database " + name + ": " + applied.error());
  return db;
}

Result<std::unique_ptr<Database>> Database::openInDirectory(const std::filesystem::path& dataDir) {
  std::error_code ec;
  std::filesystem::create_directories(dataDir, ec);
  if (ec) return fail("cannot create data directory " + dataDir.string() + ": " + ec.message());
  if (!std::filesystem::is_directory(dataDir, ec))
    return fail("data directory " + dataDir.string() + " is not a directory");
  return open(dataDir / kFileName);
}

Database::~Database() {
  cache_.clear();  // statements must be finalised before the connection closes
  sqlite3_close_v2(db_);
}

Status Database::exec(std::string_view sql) {
  const std::string text(sql);
  char* message = nullptr;
  if (sqlite3_exec(db_, text.c_str(), nullptr, nullptr, &message) != SQLITE_OK) {
    std::string error = message ? message : sqlite3_errmsg(db_);
    sqlite3_free(message);
    return fail(error);
  }
  return {};
}

Statement Database::prepare(std::string_view sql) { return Statement(db_, sql); }

ScopedStatement Database::cached(std::string_view sql) {
  auto it = cache_.find(sql);
  if (it == cache_.end()) {
    it = cache_.emplace(std::string(sql), std::make_unique<Statement>(db_, sql)).first;
  } else if (!it->second->valid()) {
    *it->second = Statement(db_, sql);  // a failed preparation may succeed now (e.g. after NOMEM)
  }
  return ScopedStatement(*it->second);
}

Transaction Database::transaction() { return Transaction(*this); }

std::int64_t Database::changes() const { return sqlite3_changes64(db_); }

Transaction::Transaction(Database& db) : db_(&db) {
  depth_ = ++db.savepointDepth_;
  // The outermost transaction is the registrar's group commit, every 20 ms under load: its
  // statements stay prepared (sqlite3_exec would parse them every time).
  began_ = depth_ == 1 ? db.cached("BEGIN IMMEDIATE")->run()
                       : db.exec("SAVEPOINT sb_" + std::to_string(depth_));
  if (began_) {
    open_ = true;
  } else {
    --db.savepointDepth_;
  }
}

Transaction::Transaction(Transaction&& other) noexcept
    : db_(other.db_), began_(std::move(other.began_)), depth_(other.depth_), open_(other.open_) {
  other.open_ = false;
}

Transaction::~Transaction() {
  if (open_) rollback();
}

Status Transaction::commit() {
  if (!began_) return began_;
  if (!open_) return fail("transaction already finished");
  assert(depth_ == db_->savepointDepth_ && "transactions must end in reverse order");
  const Status s = depth_ == 1 ? db_->cached("COMMIT")->run()
                               : db_->exec("RELEASE sb_" + std::to_string(depth_));
  if (!s) {
    rollback();
    return s;
  }
  open_ = false;
  --db_->savepointDepth_;
  return {};
}

void Transaction::rollback() {
  if (!open_) return;
  assert(depth_ == db_->savepointDepth_ && "transactions must end in reverse order");
  if (depth_ == 1) {
    (void)db_->exec("ROLLBACK");
  } else {
    const std::string name = "sb_" + std::to_string(depth_);
    (void)db_->exec("ROLLBACK TO " + name + "; RELEASE " + name);
  }
  open_ = false;
  --db_->savepointDepth_;
}

}  // namespace sb::storage
