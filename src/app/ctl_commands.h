// SPDX-License-Identifier: MIT
#pragma once
#include <vector>

#include "admin/ctl_server.h"
#include "app/config/config.h"
#include "app/config/secret_store.h"
#include "base/clock.h"
#include "media/kernel/kernel_forwarder.h"
#include "net/event_loop.h"
#include "sip/stack/sip_stack.h"
#include "sip/transport/transport_layer.h"
#include "storage/call_record_repository.h"
#include "telephony/call/call_engine.h"
#include "telephony/registrar/registrar.h"

namespace sb::app {

// What the ctl commands may look at; all of it lives as long as the server.
struct CtlContext {
  const config::Config& config;
  net::EventLoop& loop;
  sip::TransportLayer& transport;
  sip::SipStack& stack;
  registrar::Registrar& registrar;
  const std::vector<config::GeneratedSecret>& secrets;
  SystemTime startedAt;
  call::CallEngine& calls;
  storage::CallRecordRepository& callRecords;
  const std::string& mediaForwarding;                         // who carries relayed packets
  const media::kernel::KernelForwarder* kernelForwarder = nullptr;  // null: user space only
};

// Registers `status`, `registrations`, `calls`, `cdr`, `secrets` and `howto` (interface.md and
// docs/interface-additions.md list their fields).
void registerCtlCommands(admin::CtlServer& ctl, CtlContext context);

// "2026-11-27 02:30:00", local time, for the text form of ctl replies.
std::string formatLocalTime(std::int64_t unixMs);

}  // namespace sb::app
