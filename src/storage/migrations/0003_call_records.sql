-- SPDX-License-Identifier: MIT
-- Call detail records: one row per finished call, written when the call ends (never updated).
-- Vocabulary follows Asterisk's CDR so people and tools that know it read these without a key.
CREATE TABLE call_records (
  id             INTEGER PRIMARY KEY,
  call_id        TEXT NOT NULL,                -- Switchboard's own call id
  started_at     INTEGER NOT NULL,             -- unix ms, when the INVITE arrived
  answered_at    INTEGER,                      -- unix ms; NULL when nobody answered
  ended_at       INTEGER NOT NULL,             -- unix ms
  caller         TEXT NOT NULL DEFAULT '',     -- extension or number
  caller_name    TEXT NOT NULL DEFAULT '',
  callee         TEXT NOT NULL DEFAULT '',     -- who answered, e.g. extension '101'
  dialled        TEXT NOT NULL DEFAULT '',     -- what the caller dialled
  disposition    TEXT NOT NULL
                 CHECK (disposition IN ('ANSWERED', 'NO ANSWER', 'BUSY', 'FAILED', 'CANCELLED')),
  duration_ms    INTEGER NOT NULL,             -- start to end
  billable_ms    INTEGER NOT NULL,             -- answer to end; 0 when not answered
  caller_codec   TEXT NOT NULL DEFAULT '',
  callee_codec   TEXT NOT NULL DEFAULT '',
  hangup_side    TEXT NOT NULL CHECK (hangup_side IN ('caller', 'callee', 'system')),
  hangup_cause   TEXT NOT NULL DEFAULT '',     -- 'BYE', '486 Busy Here', 'rtp timeout', ...
  source_address TEXT NOT NULL DEFAULT ''      -- where the caller's INVITE came from
);

-- recent(), since() and retention scan by start time; `ctl cdr` by one extension scans by caller.
CREATE INDEX call_records_started_at ON call_records (started_at);
CREATE INDEX call_records_caller ON call_records (caller, started_at);
