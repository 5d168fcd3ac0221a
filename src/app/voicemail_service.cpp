// SPDX-License-Identifier: MIT
#include "app/voicemail_service.h"

#include <nlohmann/json.hpp>

#include "admin/text_table.h"
#include "app/ctl_commands.h"
#include "app/part_settings.h"

namespace sb::app {

using nlohmann::json;

VoicemailService::VoicemailService(const config::Config& config, storage::Database& db, Timers& timers,
                                   sip::TransactionLayer& transactions, registrar::Registrar& registrar)
    : config_(config),
      repository_(db),
      store_(repository_, config.pbx.dataDir / "voicemail", timers.clock()),
      voicemail_(store_, voicemailSettings(config)),
      subscriptions_(transactions, timers, [this](const std::string& mailbox) { return counts(mailbox); },
                     config.pbx.domain, config.sip.userAgent),
      subscribeRules_(subscriptions_, voicemail_),
      lamp_(transactions, registrar.table(), subscriptions_, voicemail_,
            [this](const std::string& mailbox) { return counts(mailbox); }, config.pbx.domain, config.sip.userAgent) {
  voicemail_.setMailboxes(mailboxesOf(config));
  for (const auto& mailbox : store_.mailboxes()) counts_[mailbox] = store_.counts(mailbox);
  store_.setChangeListener([this](const std::string& mailbox) { onChange(mailbox); });
}

storage::VoicemailCounts VoicemailService::counts(const std::string& mailbox) const {
  const auto it = counts_.find(mailbox);
  return it == counts_.end() ? storage::VoicemailCounts{} : it->second;
}

void VoicemailService::onChange(const std::string& mailbox) {
  counts_[mailbox] = store_.counts(mailbox);
  lamp_.show(mailbox);
  subscriptions_.changed(mailbox);
}

void VoicemailService::registerCommands(admin::CtlServer& ctl) {
  ctl.addCommand("voicemail", "voicemail [EXT]: the mailboxes and their messages",
                 [this](const admin::CtlRequest& r) { return list(r); });
}

admin::CtlReply VoicemailService::list(const admin::CtlRequest& request) {
  if (request.args.size() > 1) return admin::CtlReply{2, "usage: switchboard ctl voicemail [EXT] [--json]\n"};
  if (request.args.empty()) {
    json data = json::array();
    admin::TextTable table({"MAILBOX", "NEW", "OLD"});
    for (const auto& e : config_.extensions) {
      if (!hasMailbox(e.number)) continue;
      const auto c = counts(e.number);
      data.push_back({{"mailbox", e.number}, {"new", c.unheard}, {"old", c.heard}});
      table.add({e.number, std::to_string(c.unheard), std::to_string(c.heard)});
    }
    return admin::CtlReply{0, request.json ? data.dump(2) + "\n" : table.render()};
  }
  const std::string& mailbox = request.args.front();
  if (!hasMailbox(mailbox)) return admin::CtlReply{1, "no mailbox " + mailbox + " (extension with voicemail = true)\n"};
  json data = json::array();
  admin::TextTable table({"ID", "RECEIVED", "FROM", "SECONDS", "STATE", "FILE"});
  for (const auto& m : store_.messages(mailbox)) {
    const std::string file = (store_.directory() / m.file).string();
    data.push_back({{"id", m.id}, {"received_at_ms", m.receivedAtMs}, {"caller", m.caller},
                    {"caller_name", m.callerName}, {"duration_ms", m.durationMs}, {"heard", m.heard},
                    {"file", file}});
    table.add({std::to_string(m.id), formatLocalTime(m.receivedAtMs), m.callerName.empty() ? m.caller : m.callerName + " <" + m.caller + ">",
                  std::to_string(m.durationMs / 1000), m.heard ? "old" : "new", file});
  }
  return admin::CtlReply{0, request.json ? data.dump(2) + "\n" : table.render()};
}

}  // namespace sb::app
