// SPDX-License-Identifier: MIT
#pragma once
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"

namespace sb::storage {

class Database;

// A registrar binding as saved: enough to rebuild the registrar's table after a restart.
struct BindingRecord {
  std::string aor;
  std::string contactUri;
  std::string flow;  // e.g. "udp:1.2.3.4:5060|local=127.0.0.1:5060|conn=0"; opaque to storage
  std::string userAgent;
  std::string callId;
  std::uint32_t cseq = 0;
  std::int64_t expiresAt = 0;     // unix seconds
  std::int64_t registeredAt = 0;  // unix seconds
  double q = 1.0;

  bool operator==(const BindingRecord&) const = default;
};

// Saves registrar bindings, keyed by (aor, contactUri). Every method runs one cached statement,
// so the registrar can group many upserts in one Database::transaction() and pay one commit.
// It does not decide expiry or limits; the registrar does.
class BindingRepository {
 public:
  explicit BindingRepository(Database& db) : db_(db) {}

  Result<std::vector<BindingRecord>> loadAll();  // ordered by aor, then contactUri
  Status upsert(const BindingRecord& record);
  Status remove(std::string_view aor, std::string_view contactUri);
  Status removeAllFor(std::string_view aor);
  // Deletes every binding with expiresAt <= nowUnix; returns how many went.
  Result<std::size_t> removeExpired(std::int64_t nowUnix);

 private:
  Database& db_;
};

}  // namespace sb::storage
