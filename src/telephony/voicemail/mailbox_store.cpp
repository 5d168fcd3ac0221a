// SPDX-License-Identifier: MIT
#include "telephony/voicemail/mailbox_store.h"

#include <algorithm>
#include <system_error>

#include "base/log.h"
#include "base/random.h"
#include "media/endpoint/sound_file.h"

namespace sb::voicemail {
namespace {

// Mailboxes are extension numbers, but a folder name must never be a path: anything but letters,
// digits, '-' and '_' is refused.
bool safeFolderName(const std::string& name) {
  return !name.empty() && name.size() <= 64 && std::all_of(name.begin(), name.end(), [](char c) {
           return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '-' || c == '_';
         });
}

}  // namespace

MailboxStore::MailboxStore(storage::VoicemailRepository& repository, std::filesystem::path directory,
                           const Clock& clock)
    : repository_(repository), directory_(std::move(directory)), clock_(clock) {}

Result<std::int64_t> MailboxStore::deposit(const std::string& mailbox, const std::string& caller,
                                           const std::string& callerName, std::span<const std::int16_t> pcm) {
  if (!safeFolderName(mailbox)) return fail("unusable mailbox name");
  const auto receivedAt = std::chrono::duration_cast<Millis>(clock_.systemNow().time_since_epoch()).count();
  const std::string relative = mailbox + "/" + std::to_string(receivedAt) + "-" + random::token(8) + ".wav";
  std::error_code ec;
  std::filesystem::create_directories(directory_ / mailbox, ec);
  if (ec) return fail("cannot create " + (directory_ / mailbox).string() + ": " + ec.message());
  if (auto written = media::writeWavAtomically(directory_ / relative, pcm, kRate); !written) return written.failure();
  storage::VoicemailRecord record{0, mailbox, caller, callerName, receivedAt,
                                  static_cast<std::int64_t>(pcm.size()) * 1000 / kRate, relative, false};
  auto id = repository_.insert(record);
  if (!id.ok()) {
    std::filesystem::remove(directory_ / relative, ec);
    return id.failure();
  }
  changed(mailbox);
  return *id;
}

storage::VoicemailCounts MailboxStore::counts(const std::string& mailbox) {
  auto counts = repository_.counts(mailbox);
  if (!counts.ok()) {
    SB_LOG_ERROR("Voicemail: {}", counts.error());
    return {};
  }
  return *counts;
}

std::vector<storage::VoicemailRecord> MailboxStore::messages(const std::string& mailbox) {
  auto messages = repository_.inMailbox(mailbox);
  if (!messages.ok()) {
    SB_LOG_ERROR("Voicemail: {}", messages.error());
    return {};
  }
  return std::move(*messages);
}

Clip MailboxStore::audio(const storage::VoicemailRecord& message) {
  auto sound = media::loadSound(directory_ / message.file, kRate);
  if (!sound.pcm) SB_LOG_ERROR("Voicemail message {} of {}: {}", message.id, message.mailbox, sound.error);
  return sound.pcm;
}

void MailboxStore::markHeard(const storage::VoicemailRecord& message) {
  if (message.heard) return;
  if (auto done = repository_.markHeard(message.id); !done.ok()) {
    SB_LOG_ERROR("Voicemail: {}", done.error());
    return;
  }
  changed(message.mailbox);
}

void MailboxStore::remove(const storage::VoicemailRecord& message) {
  if (auto done = repository_.remove(message.id); !done.ok()) {
    SB_LOG_ERROR("Voicemail: {}", done.error());
    return;
  }
  std::error_code ec;
  std::filesystem::remove(directory_ / message.file, ec);
  if (ec) SB_LOG_WARNING("Voicemail: cannot delete {}: {}", (directory_ / message.file).string(), ec.message());
  changed(message.mailbox);
}

std::vector<std::string> MailboxStore::mailboxes() {
  auto names = repository_.mailboxes();
  if (!names.ok()) {
    SB_LOG_ERROR("Voicemail: {}", names.error());
    return {};
  }
  return std::move(*names);
}

}  // namespace sb::voicemail
