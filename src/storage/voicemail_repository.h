// SPDX-License-Identifier: MIT
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "base/result.h"

namespace sb::storage {

class Database;

// One voicemail message as the voicemail_messages table keeps it.
struct VoicemailRecord {
  std::int64_t id = 0;  // assigned by insert(); ignored when inserting
  std::string mailbox;  // the extension it was left for
  std::string caller;
  std::string callerName;
  std::int64_t receivedAtMs = 0;  // unix milliseconds
  std::int64_t durationMs = 0;
  std::string file;  // relative to the voicemail directory
  bool heard = false;

  bool operator==(const VoicemailRecord&) const = default;
};

struct VoicemailCounts {
  int unheard = 0;
  int heard = 0;
  bool operator==(const VoicemailCounts&) const = default;
};

// The voicemail index; every change is committed at once (a message is never lost to a crash
// once its caller has heard it saved).
class VoicemailRepository {
 public:
  explicit VoicemailRepository(Database& db) : db_(db) {}
  Result<std::int64_t> insert(const VoicemailRecord& record);
  // A mailbox's messages: unheard first, then heard, each oldest first.
  Result<std::vector<VoicemailRecord>> inMailbox(const std::string& mailbox);
  Result<std::optional<VoicemailRecord>> find(std::int64_t id);
  Result<VoicemailCounts> counts(const std::string& mailbox);
  Status markHeard(std::int64_t id);
  Status remove(std::int64_t id);
  // Every mailbox with at least one message.
  Result<std::vector<std::string>> mailboxes();

 private:
  Database& db_;
};

}  // namespace sb::storage
