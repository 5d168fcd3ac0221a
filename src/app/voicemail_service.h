// SPDX-License-Identifier: MIT
#pragma once
#include <memory>
#include <string>
#include <unordered_map>

#include "admin/ctl_server.h"
#include "app/config/config.h"
#include "base/clock.h"
#include "sip/transaction/transaction_layer.h"
#include "storage/database.h"
#include "storage/voicemail_repository.h"
#include "telephony/registrar/registrar.h"
#include "telephony/voicemail/mailbox_store.h"
#include "telephony/voicemail/mailbox_subscribe_rules.h"
#include "telephony/voicemail/message_waiting_lamp.h"
#include "telephony/voicemail/mwi_subscriptions.h"
#include "telephony/voicemail/voicemail.h"

namespace sb::app {

// Voicemail put together: a mailbox for every extension with `voicemail = true`, its messages
// under DATA/voicemail, the sessions the call engine runs, and the message lamps: phones that
// SUBSCRIBE to message-summary are told in their subscription (MwiSubscriptions), every other
// registered contact by MessageWaitingLamp. It keeps each mailbox's counts in memory and gives
// every store change to both; and it answers `ctl voicemail`.
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
  void onRegistered(const std::string& aor) { lamp_.onRegistered(aor); }
  // Who may SUBSCRIBE to which mailbox; the request router hands it message-summary SUBSCRIBEs.
  voicemail::MailboxSubscribeRules& subscribeRules() { return subscribeRules_; }
  // `voicemail [EXT]`: the mailboxes and their counts, or one mailbox's messages.
  void registerCommands(admin::CtlServer& ctl);

 private:
  void onChange(const std::string& mailbox);
  admin::CtlReply list(const admin::CtlRequest& request);

  const config::Config& config_;
  storage::VoicemailRepository repository_;
  voicemail::MailboxStore store_;
  voicemail::Voicemail voicemail_;
  voicemail::MwiSubscriptions subscriptions_;
  voicemail::MailboxSubscribeRules subscribeRules_;
  voicemail::MessageWaitingLamp lamp_;
  std::unordered_map<std::string, storage::VoicemailCounts> counts_;
};

}  // namespace sb::app
