// SPDX-License-Identifier: MIT
#pragma once
#include "admin/ctl_server.h"
#include "app/config/config.h"
#include "app/phone_activity.h"
#include "net/event_loop.h"
#include "sip/transaction/transaction_layer.h"
#include "telephony/registrar/registrar.h"

namespace sb::app {

struct PhoneContext {
  const config::Config& config;
  net::EventLoop& loop;
  sip::TransactionLayer& transactions;
  registrar::Registrar& registrar;
  const PhoneActivity& activity;
};

// Registers `phones` (each [[phone]]: what it fetched over TFTP and when, which lines are
// registered and reachable) and `phone resync MAC|all` (NOTIFY Event: check-sync to the phone's
// registered contacts: it re-reads syncinfo.xml and reboots into its new files if `sync` changed).
void registerPhoneCommands(admin::CtlServer& ctl, PhoneContext context);

}  // namespace sb::app
