// SPDX-License-Identifier: MIT
#include "storage/binding_repository.h"

#include "storage/database.h"

namespace sb::storage {

Result<std::vector<BindingRecord>> BindingRepository::loadAll() {
  auto s = db_.cached(
      "SELECT aor, contact_uri, flow, user_agent, call_id, cseq, expires_at, registered_at, q"
      " FROM bindings ORDER BY aor, contact_uri");
  std::vector<BindingRecord> records;
  Statement::Step step;
  while ((step = s->step()) == Statement::Step::Row) {
    BindingRecord r;
    r.aor = s->columnText(0);
    r.contactUri = s->columnText(1);
    r.flow = s->columnText(2);
    r.userAgent = s->columnText(3);
    r.callId = s->columnText(4);
    r.cseq = static_cast<std::uint32_t>(s->columnInt(5));
    r.expiresAt = s->columnInt(6);
    r.registeredAt = s->columnInt(7);
    r.q = s->columnReal(8);
    records.push_back(std::move(r));
  }
  if (step == Statement::Step::Error) return fail("loading bindings: " + s->error());
  return records;
}

Status BindingRepository::upsert(const BindingRecord& r) {
  auto s = db_.cached(
      "INSERT INTO bindings (aor, contact_uri, flow, user_agent, call_id, cseq, expires_at,"
      " registered_at, q) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)"
      " ON CONFLICT (aor, contact_uri) DO UPDATE SET flow = excluded.flow,"
      " user_agent = excluded.user_agent, call_id = excluded.call_id, cseq = excluded.cseq,"
      " expires_at = excluded.expires_at, registered_at = excluded.registered_at,"
      " q = excluded.q");
  s->bindText(1, r.aor).bindText(2, r.contactUri).bindText(3, r.flow).bindText(4, r.userAgent);
  s->bindText(5, r.callId).bindInt(6, r.cseq).bindInt(7, r.expiresAt).bindInt(8, r.registeredAt);
  s->bindReal(9, r.q);
  if (auto result = s->run(); !result)
    return fail("saving binding " + r.aor + " -> " + r.contactUri + ": " + result.error());
  return {};
}

Status BindingRepository::remove(std::string_view aor, std::string_view contactUri) {
  auto s = db_.cached("DELETE FROM bindings WHERE aor = ?1 AND contact_uri = ?2");
  s->bindText(1, aor).bindText(2, contactUri);
  if (auto result = s->run(); !result)
    return fail("removing binding " + std::string(aor) + ": " + result.error());
  return {};
}

Status BindingRepository::removeAllFor(std::string_view aor) {
  auto s = db_.cached("DELETE FROM bindings WHERE aor = ?1");
  s->bindText(1, aor);
  if (auto result = s->run(); !result)
    return fail("removing bindings of " + std::string(aor) + ": " + result.error());
  return {};
}

Result<std::size_t> BindingRepository::removeExpired(std::int64_t nowUnix) {
  auto s = db_.cached("DELETE FROM bindings WHERE expires_at <= ?1");
  s->bindInt(1, nowUnix);
  if (auto result = s->run(); !result) return fail("removing expired bindings: " + result.error());
  return static_cast<std::size_t>(db_.changes());
}

}  // namespace sb::storage
