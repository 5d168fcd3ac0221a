-- SPDX-License-Identifier: MIT
-- The registrar keeps every binding in memory and expires them on its own timers; nothing reads
-- bindings by expiry but a rare cleanup that may scan the table. The index cost a second B-tree
-- update (delete and insert) on every refresh, the registrar's most frequent write.
DROP INDEX IF EXISTS bindings_expires_at;
