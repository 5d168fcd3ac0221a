// SPDX-License-Identifier: MIT
#pragma once
#include <cstdint>
#include <filesystem>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "base/clock.h"
#include "base/result.h"
#include "storage/voicemail_repository.h"
#include "telephony/voicemail/voice_prompts.h"

namespace sb::voicemail {

// The messages of every mailbox: recordings as WAV files under `directory/<mailbox>/`, indexed
// in SQLite. A message is saved file first (written aside, flushed, renamed), then its row; it is
// deleted row first, then file, so a crash at any point never leaves a row without its audio
// (a file without a row is merely unlisted). Every change calls the change listener, which
// updates the phones' message lamps.
class MailboxStore {
 public:
  static constexpr int kRate = 8000;
  using ChangeListener = std::function<void(const std::string& mailbox)>;

  MailboxStore(storage::VoicemailRepository& repository, std::filesystem::path directory, const Clock& clock);

  // Saves `pcm` (8 kHz) as a new unheard message; its id.
  Result<std::int64_t> deposit(const std::string& mailbox, const std::string& caller,
                               const std::string& callerName, std::span<const std::int16_t> pcm);
  storage::VoicemailCounts counts(const std::string& mailbox);
  // Unheard first, then heard, each oldest first.
  std::vector<storage::VoicemailRecord> messages(const std::string& mailbox);
  // The recording, or null (logged) when its file cannot be read.
  Clip audio(const storage::VoicemailRecord& message);
  void markHeard(const storage::VoicemailRecord& message);
  void remove(const storage::VoicemailRecord& message);
  std::vector<std::string> mailboxes();

  void setChangeListener(ChangeListener listener) { changed_ = std::move(listener); }
  const std::filesystem::path& directory() const { return directory_; }

 private:
  void changed(const std::string& mailbox) {
    if (changed_) changed_(mailbox);
  }

  storage::VoicemailRepository& repository_;
  std::filesystem::path directory_;
  const Clock& clock_;
  ChangeListener changed_;
};

}  // namespace sb::voicemail
