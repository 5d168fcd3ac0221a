// SPDX-License-Identifier: MIT
#pragma once
#include <cstddef>
#include <string>

#include "net/route_source.h"
#include "sip/transaction/transaction_layer.h"
#include "telephony/registrar/binding_table.h"

namespace sb::registrar {

// Asks a phone to re-read its configuration: NOTIFY with Event: check-sync and
// Subscription-State: terminated to each registered contact of an AOR, outside any subscription
// (the Cisco and Broadsoft convention Asterisk's cisco-check-cfg uses; a Cisco phone re-reads
// syncinfo.xml and reboots into its new files if the sync value changed).
class CheckSyncNotifier {
 public:
  CheckSyncNotifier(sip::TransactionLayer& transactions, BindingTable& bindings, std::string domain,
                    std::string userAgent)
      : transactions_(transactions), bindings_(bindings), domain_(std::move(domain)), userAgent_(std::move(userAgent)) {}

  // How many contacts of `aor` were sent the NOTIFY (0: not registered).
  std::size_t notify(const std::string& aor);

 private:
  sip::TransactionLayer& transactions_;
  BindingTable& bindings_;
  std::string domain_;
  std::string userAgent_;
  net::RouteSource routes_;
};

}  // namespace sb::registrar
