// SPDX-License-Identifier: MIT
#include "telephony/registrar/registrar.h"

#include <algorithm>
#include <cmath>

#include "base/log.h"
#include "base/text.h"
#include "sip/message/response_builder.h"

namespace sb::registrar {

using namespace std::chrono_literals;

namespace {

std::uint64_t hashCallId(std::string_view callId) {
  // FNV-1a: stable across runs, so persisted hashes stay comparable after a restart.
  std::uint64_t h = 1469598103934665603ull;
  for (unsigned char c : callId) {
    h ^= c;
    h *= 1099511628211ull;
  }
  return h;
}

// RFC 3261 §19.1.4 compares URIs component-wise; the parts that decide "the same contact" for a
// registrar are scheme, user, host, port and transport. The normalised text is the binding's key.
std::string normaliseContact(const sip::Uri& uri) {
  sip::Uri key = uri;
  key.host = text::lower(key.host);
  return key.toString();
}

constexpr auto kFirstProbeDelay = 1s;
// Changes wait this long to be written together: one SQLite transaction for every REGISTER of
// those milliseconds (docs/decisions/0003).
constexpr auto kGroupCommitDelay = 20ms;

}  // namespace

Registrar::Registrar(RegistrarSettings settings, Timers& timers, storage::Database& db,
                     storage::BindingRepository& store, Prober& prober)
    : settings_(settings), timers_(timers), db_(db), store_(store), prober_(prober) {}

Registrar::~Registrar() {
  flush();
  table_.forEach([this](const Binding& b) { timers_.cancel(b.timer); });
  if (flushScheduled_) timers_.cancel(flushTimer_);
}

std::int64_t Registrar::nowUnix() const {
  return std::chrono::duration_cast<std::chrono::seconds>(
             timers_.clock().systemNow().time_since_epoch())
      .count();
}

void Registrar::restore() {
  const auto now = nowUnix();
  std::size_t restored = 0;
  std::size_t dropped = 0;
  auto records = store_.loadAll();
  if (!records) {
    SB_LOG_ERROR("Could not load registrations: {}", records.error());
    return;
  }
  // After a restart every phone needs a probe soon (its NAT mapping may have gone while we were
  // down), but ten thousand OPTIONS in the same millisecond are a burst of our own making: the
  // first probes are spread evenly over the first qualify period (at most 30 s).
  const auto spread = std::chrono::duration_cast<Millis>(
      std::min<std::chrono::seconds>(settings_.qualifyFrequency, std::chrono::seconds(30)));
  const auto count = std::max<std::size_t>(records.value().size(), 1);
  std::size_t index = 0;
  for (auto& record : records.value()) {
    const auto offset = spread * static_cast<std::int64_t>(index++) / static_cast<std::int64_t>(count);
    auto flow = flowFromRecord(record.flow);
    if (!flow || record.expiresAt <= now) {
      pendingRemovals_.emplace_back(record.aor, record.contactUri);
      ++dropped;
      continue;
    }
    Binding b;
    b.aor = record.aor;
    b.flow = *flow;
    b.userAgent = table_.intern(record.userAgent);
    b.callIdHash = hashCallId(record.callId);
    b.cseq = record.cseq;
    b.expiresAt = record.expiresAt;
    b.registeredAt = record.registeredAt;
    b.storedExpiresAt = record.expiresAt;
    b.q = static_cast<float>(record.q);
    b.nextProbe = timers_.clock().steadyNow() + kFirstProbeDelay + offset;
    scheduleNext(table_.insert(std::move(b), record.contactUri));
    ++restored;
  }
  if (dropped > 0) flush();
  SB_LOG_NOTICE("Restored {} registrations ({} expired while stopped)", restored, dropped);
}

std::optional<sip::ResponseWriter> Registrar::collectUpdates(const sip::Message& request,
                                                             std::vector<ContactUpdate>& updates) {
  const auto& contacts = request.contacts();
  const auto headerExpires = request.expires();
  const bool hasWildcard =
      std::any_of(contacts.begin(), contacts.end(), [](const auto& c) { return c.wildcard; });
  if (hasWildcard) {
    // RFC 3261 §10.3 step 6: "*" only alone and only with Expires: 0.
    if (contacts.size() != 1 || headerExpires.value_or(1) != 0)
      return sip::ResponseWriter(request, 400, "Wildcard Contact requires Expires: 0 and no other Contact");
    return std::nullopt;
  }
  for (const auto& contact : contacts) {
    std::uint32_t expires = settings_.defaultExpires;
    if (auto p = contact.address.params.get("expires")) {
      // A malformed expires parameter is treated as absent (RFC 3261 §10.3 step 6 is silent).
      if (auto v = text::parseUnsigned<std::uint32_t>(*p)) expires = *v;
      else if (headerExpires) expires = *headerExpires;
    } else if (headerExpires) {
      expires = *headerExpires;
    }
    if (expires != 0 && expires < settings_.minExpires) {
      // RFC 3261 §10.3 step 6: too brief -> 423 with Min-Expires.
      sip::ResponseWriter r(request, 423, "Interval Too Brief");
      r.header("Min-Expires", std::to_string(settings_.minExpires));
      return r;
    }
    expires = std::min(expires, settings_.maxExpires);
    float q = 1.0f;
    if (auto p = contact.address.params.get("q")) {
      char* end = nullptr;
      const std::string qs(*p);
      const float v = std::strtof(qs.c_str(), &end);
      if (end != qs.c_str() && *end == '\0' && v >= 0.0f && v <= 1.0f) q = v;
    }
    if (!contact.address.uri.isSip())
      return sip::ResponseWriter(request, 400, "Contact must be a SIP URI");
    updates.push_back({normaliseContact(contact.address.uri), expires, q});
  }
  return std::nullopt;
}

sip::ResponseWriter Registrar::handleRegister(const sip::Message& request, const net::Flow& flow,
                                              std::string_view aor) {
  std::vector<ContactUpdate> updates;
  if (auto error = collectUpdates(request, updates)) return std::move(*error);
  const auto callIdHash = hashCallId(request.callId());

  const bool wildcard = !request.contacts().empty() && request.contacts().front().wildcard;
  if (wildcard) {
    for (Binding* b : table_.bindingsOf(aor)) {
      // RFC 3261 §10.3 step 6: same Call-ID with a lower CSeq means an old request; skip it.
      if (b->callIdHash == callIdHash && request.cseq().number <= b->cseq) continue;
      removeBinding(*b, "unregistered");
    }
    return okResponse(request, aor);
  }
  // Step 7: an out-of-order update aborts the whole request.
  for (const auto& update : updates) {
    const Binding* existing = table_.find(aor, update.uri);
    if (existing && existing->callIdHash == callIdHash && request.cseq().number <= existing->cseq)
      return sip::ResponseWriter(request, 500, "Out of order CSeq");
  }
  for (const auto& update : updates) applyUpdate(update, request, flow, aor, callIdHash);
  return okResponse(request, aor);
}

void Registrar::applyUpdate(const ContactUpdate& update, const sip::Message& request,
                            const net::Flow& flow, std::string_view aor, std::uint64_t callIdHash) {
  const auto now = nowUnix();
  Binding* existing = table_.find(aor, update.uri);
  if (update.expires == 0) {
    if (existing) removeBinding(*existing, "unregistered");
    return;
  }
  const auto userAgent = request.header("User-Agent").value_or("");
  if (existing) {
    const bool moved = existing->flow.remote != flow.remote ||
                       existing->flow.transport != flow.transport;
    // A refresh that changes nothing but the expiry (phones that re-register every few seconds
    // to keep a NAT mapping) is written only once the stored expiry is less than half an
    // interval ahead. Until then the stored one outlives the phone's next refresh, so a crash
    // loses no binding; any other change (path, connection, Call-ID, agent, q) is written now.
    const bool sameBinding = !moved && existing->flow.local == flow.local &&
                             existing->flow.connectionId == flow.connectionId &&
                             existing->callIdHash == callIdHash && existing->q == update.q &&
                             existing->userAgent && *existing->userAgent == userAgent;
    const bool storedLongEnough = existing->storedExpiresAt >= now + update.expires / 2;
    existing->flow = flow;
    existing->callIdHash = callIdHash;
    existing->cseq = request.cseq().number;
    existing->expiresAt = now + update.expires;
    existing->q = update.q;
    if (!existing->userAgent || *existing->userAgent != userAgent)
      existing->userAgent = table_.intern(userAgent);
    if (moved) existing->nextProbe = timers_.clock().steadyNow() + kFirstProbeDelay;
    timers_.cancel(existing->timer);
    scheduleNext(*existing);
    if (!(sameBinding && storedLongEnough)) markDirty(*existing, request.callId());
    return;
  }
  // A phone behind NAT that changed its port leaves its old contact behind; past the limit the
  // oldest binding makes way rather than refusing the phone that is really there.
  auto current = table_.bindingsOf(aor);
  if (current.size() >= settings_.maxContactsPerAor) {
    auto oldest = std::min_element(current.begin(), current.end(), [](auto* a, auto* b) {
      return a->registeredAt < b->registeredAt;
    });
    removeBinding(**oldest, "replaced by a newer contact");
  }
  Binding b;
  b.aor = std::string(aor);
  b.flow = flow;
  b.userAgent = table_.intern(userAgent);
  b.callIdHash = callIdHash;
  b.cseq = request.cseq().number;
  b.expiresAt = now + update.expires;
  b.registeredAt = now;
  b.q = update.q;
  b.nextProbe = timers_.clock().steadyNow() + kFirstProbeDelay;
  Binding& added = table_.insert(std::move(b), update.uri);
  SB_LOG_VERBOSE("Added contact '{}' to AOR '{}' with expiration of {} seconds",
                 log::untrusted(added.contactUri), added.aor, update.expires);
  scheduleNext(added);
  markDirty(added, request.callId());
}

void Registrar::removeBinding(Binding& binding, std::string_view why) {
  SB_LOG_VERBOSE("Removed contact '{}' from AOR '{}' ({})", log::untrusted(binding.contactUri),
                 binding.aor, why);
  timers_.cancel(binding.timer);
  markRemoved(binding);
  table_.remove(binding.id);
}

sip::ResponseWriter Registrar::okResponse(const sip::Message& request, std::string_view aor) {
  sip::ResponseWriter response(request, 200, "OK");
  const auto now = nowUnix();
  // RFC 3261 §10.3 step 8: every current binding with its remaining time. The stored URIs were
  // normalised (printed by our own URI grammar) when they were bound, so they go out as stored.
  std::string value;
  for (const Binding* b : table_.bindingsOf(aor)) {
    // clear() and push_back, not assign("<"): GCC 12 at -O3 warns of a bogus overlap in a
    // one-character assign (-Wrestrict, GCC bugs 105329 and 105651, fixed in 12.4).
    value.clear();
    value.push_back('<');
    value.append(b->contactUri).append(">;expires=");
    value.append(std::to_string(std::max<std::int64_t>(0, b->expiresAt - now)));
    response.header("Contact", value);
  }
  return response;
}

void Registrar::scheduleNext(Binding& binding) {
  const auto nowSteady = timers_.clock().steadyNow();
  const auto untilExpiry = std::chrono::seconds(std::max<std::int64_t>(0, binding.expiresAt - nowUnix()));
  const auto untilProbe = std::max(std::chrono::steady_clock::duration::zero(), binding.nextProbe - nowSteady);
  const auto delay = std::chrono::duration_cast<Millis>(std::min<std::chrono::steady_clock::duration>(untilExpiry, untilProbe));
  const auto id = binding.id;
  binding.timer = timers_.schedule(delay, [this, id] { onTimer(id); });
}

void Registrar::onTimer(std::uint64_t bindingId) {
  Binding* b = table_.find(bindingId);
  if (!b) return;
  if (b->expiresAt <= nowUnix()) {
    removeBinding(*b, "expired");
    return;
  }
  if (timers_.clock().steadyNow() >= b->nextProbe) {
    ++b->probeSeq;
    b->nextProbe = timers_.clock().steadyNow() + settings_.qualifyFrequency;
    prober_.probe(*b);
  }
  scheduleNext(*b);
}

void Registrar::onProbeResult(std::uint64_t bindingId, std::uint32_t probeSeq, bool answered,
                              std::chrono::microseconds rtt) {
  Binding* b = table_.find(bindingId);
  if (!b || b->probeSeq != probeSeq) return;  // gone, or an answer to an older probe
  const auto before = b->reachability;
  b->reachability = answered ? Reachability::Reachable : Reachability::Unreachable;
  if (answered) b->rttUs = static_cast<std::uint32_t>(std::min<std::int64_t>(rtt.count(), UINT32_MAX));
  if (before != b->reachability) {
    if (answered) {
      SB_LOG_NOTICE("Contact {}/{} is now Reachable.  RTT: {:.3f} msec", b->aor,
                    log::untrusted(b->contactUri), static_cast<double>(rtt.count()) / 1000.0);
    } else {
      SB_LOG_WARNING("Contact {}/{} is now Unreachable.  RTT: 0.000 msec", b->aor,
                     log::untrusted(b->contactUri));
    }
  }
}

void Registrar::markDirty(Binding& b, std::string_view callId) {
  b.storedExpiresAt = b.expiresAt;
  storage::BindingRecord r;
  r.aor = b.aor;
  r.contactUri = std::string(b.contactUri);
  r.flow = flowToRecord(b.flow);
  r.userAgent = b.userAgent ? *b.userAgent : std::string();
  r.callId = std::string(callId);
  r.cseq = b.cseq;
  r.expiresAt = b.expiresAt;
  r.registeredAt = b.registeredAt;
  r.q = b.q;
  pendingUpserts_.push_back(std::move(r));
  if (!flushScheduled_) {
    flushScheduled_ = true;
    flushTimer_ = timers_.schedule(kGroupCommitDelay, [this] { flush(); });
  }
}

void Registrar::markRemoved(const Binding& b) {
  pendingRemovals_.emplace_back(b.aor, std::string(b.contactUri));
  if (!flushScheduled_) {
    flushScheduled_ = true;
    flushTimer_ = timers_.schedule(kGroupCommitDelay, [this] { flush(); });
  }
}

void Registrar::flush() {
  if (flushScheduled_) {
    timers_.cancel(flushTimer_);
    flushScheduled_ = false;
  }
  if (pendingUpserts_.empty() && pendingRemovals_.empty()) return;
  // Group commit: every change of this loop turn in one transaction. Order matters: a binding
  // removed and re-added in the same turn must end up present, so removals go first only for
  // keys not upserted later.
  auto upserts = std::move(pendingUpserts_);
  auto removals = std::move(pendingRemovals_);
  pendingUpserts_.clear();
  pendingRemovals_.clear();
  auto transaction = db_.transaction();
  Status status;
  for (const auto& [aor, contact] : removals) {
    if (status) status = store_.remove(aor, contact);
  }
  for (const auto& record : upserts) {
    if (status && table_.find(record.aor, record.contactUri)) status = store_.upsert(record);
  }
  if (status) status = transaction.commit();
  else transaction.rollback();
  if (!status) SB_LOG_ERROR("Could not save registrations: {}", status.error());
}

std::string flowToRecord(const net::Flow& flow) {
  return flow.toString() + "|" + flow.local.toString();
}

std::optional<net::Flow> flowFromRecord(std::string_view text) {
  const auto bar = text.find('|');
  if (bar == std::string_view::npos) return std::nullopt;
  const auto remote = text.substr(0, bar);
  const auto colon = remote.find(':');
  if (colon == std::string_view::npos) return std::nullopt;
  auto kind = net::transportFromName(remote.substr(0, colon));
  auto remoteAddress = net::SocketAddress::parse(remote.substr(colon + 1));
  auto localAddress = net::SocketAddress::parse(text.substr(bar + 1));
  if (!kind || !remoteAddress || !localAddress) return std::nullopt;
  return net::Flow{*kind, *remoteAddress, *localAddress, 0};
}

}  // namespace sb::registrar
