-- SPDX-License-Identifier: MIT
-- What users set from their phones with feature codes (*78/*79 do not disturb, *72/*73 forward
-- all, *90/*91 forward on busy, *52/*53 forward on no answer). A row overrides the configuration's
-- values for that extension; '' means "off".
CREATE TABLE extension_settings (
  number             TEXT PRIMARY KEY,
  dnd                INTEGER NOT NULL DEFAULT 0,
  forward_all        TEXT NOT NULL DEFAULT '',
  forward_busy       TEXT NOT NULL DEFAULT '',
  forward_no_answer  TEXT NOT NULL DEFAULT '',
  updated_at         INTEGER NOT NULL
);
