-- SPDX-License-Identifier: MIT
-- The voicemail index: one row per message; the recording itself is a WAV file under
-- DATA/voicemail/<mailbox>/ named by `file` (relative to DATA/voicemail). A row is written only
-- after its file is on disk, and the file is deleted only after its row is gone.
CREATE TABLE voicemail_messages (
  id           INTEGER PRIMARY KEY,
  mailbox      TEXT NOT NULL,
  caller       TEXT NOT NULL,
  caller_name  TEXT NOT NULL DEFAULT '',
  received_at  INTEGER NOT NULL,          -- unix milliseconds
  duration_ms  INTEGER NOT NULL,
  file         TEXT NOT NULL,
  heard        INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX voicemail_messages_by_mailbox ON voicemail_messages (mailbox, heard, received_at);
