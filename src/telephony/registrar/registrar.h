// SPDX-License-Identifier: MIT
#pragma once
#include <chrono>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "base/timer_queue.h"
#include "net/socket_address.h"
#include "sip/message/message.h"
#include "sip/message/response_builder.h"
#include "storage/binding_repository.h"
#include "storage/database.h"
#include "telephony/registrar/binding_table.h"

namespace sb::registrar {

struct RegistrarSettings {
  std::uint32_t minExpires = 60;
  std::uint32_t maxExpires = 3600;
  std::uint32_t defaultExpires = 3600;
  std::size_t maxContactsPerAor = 10;
  std::chrono::seconds qualifyFrequency{45};
};

// Sends one keepalive OPTIONS to a binding and reports back. Implemented by Qualifier; an
// interface here so the registrar can be tested without a transaction layer.
class Prober {
 public:
  virtual ~Prober() = default;
  virtual void probe(const Binding& binding) = 0;
};

// The registrar of RFC 3261 §10.3 for already authenticated REGISTER requests: adds, refreshes and
// removes bindings, answers with the current contact set, expires bindings and schedules their
// keepalive probes. Bindings are written to the database in one transaction per loop turn (group
// commit) and restored at start. Authentication and transport are not its business.
class Registrar {
 public:
  Registrar(RegistrarSettings settings, Timers& timers, storage::Database& db,
            storage::BindingRepository& store, Prober& prober);
  ~Registrar();
  Registrar(const Registrar&) = delete;
  Registrar& operator=(const Registrar&) = delete;

  // Loads persisted bindings (dropping those that expired while we were down).
  void restore();

  // `aor` is the extension the request authenticated as; the caller checked it owns the To URI.
  // The answer comes in wire form; the caller may add headers (Server) before finishing it.
  sip::ResponseWriter handleRegister(const sip::Message& request, const net::Flow& flow,
                                     std::string_view aor);

  // Qualify results, matched to the probe by sequence number.
  void onProbeResult(std::uint64_t bindingId, std::uint32_t probeSeq, bool answered,
                     std::chrono::microseconds rtt);

  BindingTable& table() { return table_; }
  const BindingTable& table() const { return table_; }
  std::int64_t nowUnix() const;

  // Writes pending changes now (also done automatically right after each change's loop turn).
  void flush();

 private:
  struct ContactUpdate {
    std::string uri;
    std::uint32_t expires;
    float q;
  };
  std::optional<sip::ResponseWriter> collectUpdates(const sip::Message& request,
                                             std::vector<ContactUpdate>& updates);
  void applyUpdate(const ContactUpdate& update, const sip::Message& request, const net::Flow& flow,
                   std::string_view aor, std::uint64_t callIdHash);
  void removeBinding(Binding& binding, std::string_view why);
  void scheduleNext(Binding& binding);
  void onTimer(std::uint64_t bindingId);
  void markDirty(Binding& binding, std::string_view callId);
  void markRemoved(const Binding& binding);
  sip::ResponseWriter okResponse(const sip::Message& request, std::string_view aor);

  RegistrarSettings settings_;
  Timers& timers_;
  storage::Database& db_;
  storage::BindingRepository& store_;
  Prober& prober_;
  BindingTable table_;
  std::vector<storage::BindingRecord> pendingUpserts_;
  std::vector<std::pair<std::string, std::string>> pendingRemovals_;
  bool flushScheduled_ = false;
  TimerId flushTimer_{};
};

// The persisted form of a flow: "udp:1.2.3.4:5060|127.0.0.1:5060" (remote, then local socket).
std::string flowToRecord(const net::Flow& flow);
std::optional<net::Flow> flowFromRecord(std::string_view text);

}  // namespace sb::registrar
