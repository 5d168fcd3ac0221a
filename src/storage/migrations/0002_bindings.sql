-- SPDX-License-Identifier: MIT
-- Registrar bindings (RFC 3261 §10.3), saved so that phones stay reachable across a restart
-- without waiting for them to register again.
CREATE TABLE bindings (
  aor           TEXT NOT NULL,
  contact_uri   TEXT NOT NULL,
  flow          TEXT NOT NULL,        -- where the REGISTER came from; opaque to storage
  user_agent    TEXT NOT NULL DEFAULT '',
  call_id       TEXT NOT NULL,
  cseq          INTEGER NOT NULL,
  expires_at    INTEGER NOT NULL,     -- unix seconds
  registered_at INTEGER NOT NULL,     -- unix seconds
  q             REAL NOT NULL DEFAULT 1.0,
  PRIMARY KEY (aor, contact_uri)
) WITHOUT ROWID;

CREATE INDEX bindings_expires_at ON bindings (expires_at);
