// SPDX-License-Identifier: MIT
#pragma once
#include <memory>
#include <string>
#include <unordered_map>

#include "admin/ctl_server.h"
#include "app/config/config.h"
#include "base/clock.h"
#include "net/route_source.h"
#include "sip/transaction/transaction_layer.h"
#include "storage/database.h"
#include "storage/voicemail_repository.h"
#include "telephony/registrar/registrar.h"
#include "telephony/voicemail/mailbox_store.h"
#include "telephony/voicemail/mailbox_subscribe_rules.h"
#include "telephony/voicemail/mwi_subscriptions.h"
#include "telephony/voicemail/voicemail.h"

namespace sb::app {

// Voicemail put together: a mailbox for every extension with `voicemail = true`, its messages
// under DATA/voicemail, the sessions the call engine runs, and the message lamps. Phones that
// SUBSCRIBE to message-summary get NOTIFYs in their subscription (MwiSubscriptions); the Cisco
// 79x0 never subscribes, so every other registered contact of the mailbox's extension gets an
// unsolicited NOTIFY (Event: message-summary, RFC 3842 body) whenever the counts change and after
// each REGISTER while new messages wait (a phone that rebooted has forgotten).
class VoicemailService {
 public:
  VoicemailService(const config::Config& config, storage::Database& db, Timers& timers,
                   sip::TransactionLayer& transactions, registrar::Registrar& registrar);

  voicemail::Voicemail& voicemail() { return voicemail_; }
  bool hasMailbox(const std::string& extension) const { return voicemail_.hasMailbox(extension); }
  // From memory (kept up to date on every change), so REGISTER pays no database read.
  storage::VoicemailCounts counts(const std::string& mailbox) const;
  std::vector<storage::VoicemailRecord> messages(const std::string& mailbox) { return store_.messages(mailbox); }
  // `aor` has just registered: light its lamp if it has new messages.
  void onRegistered(const std::string& aor);
  // Who may SUBSCRIBE to which mailbox; the request router hands it message-summary SUBSCRIBEs.
  voicemail::MailboxSubscribeRules& subscribeRules() { return subscribeRules_; }
  // `voicemail [EXT]`: the mailboxes and their counts, or one mailbox's messages.
  void registerCommands(admin::CtlServer& ctl);

 private:
  void onChange(const std::string& mailbox);
  // Sends the lamp's state to each registered contact of `mailbox`; how many were sent.
  std::size_t notifyLamp(const std::string& mailbox);
  admin::CtlReply list(const admin::CtlRequest& request);

  const config::Config& config_;
  sip::TransactionLayer& transactions_;
  registrar::Registrar& registrar_;
  storage::VoicemailRepository repository_;
  voicemail::MailboxStore store_;
  voicemail::Voicemail voicemail_;
  voicemail::MwiSubscriptions subscriptions_;
  voicemail::MailboxSubscribeRules subscribeRules_;
  net::RouteSource routes_;
  std::unordered_map<std::string, storage::VoicemailCounts> counts_;
};

}  // namespace sb::app
