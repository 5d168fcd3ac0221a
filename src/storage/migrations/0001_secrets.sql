-- SPDX-License-Identifier: MIT
-- Secrets Switchboard generated because the configuration left them empty: extension digest
-- passwords, phone admin passwords, the server's nonce key. Kept so a restart hands out the same.
CREATE TABLE secrets (
  kind       TEXT NOT NULL,           -- 'extension', 'phone', 'server'
  name       TEXT NOT NULL,           -- extension number, phone MAC, or key name
  value      TEXT NOT NULL,
  created_at INTEGER NOT NULL,        -- unix seconds
  PRIMARY KEY (kind, name)
) WITHOUT ROWID;
