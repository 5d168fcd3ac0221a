// SPDX-License-Identifier: MIT
#include "app/phone_commands.h"

#include <nlohmann/json.hpp>

#include "admin/text_table.h"
#include "app/config/value_syntax.h"
#include "app/ctl_commands.h"
#include "base/log.h"
#include "base/text.h"
#include "telephony/registrar/check_sync.h"

namespace sb::app {

using nlohmann::json;

namespace {

std::int64_t unixMillis(SystemTime t) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(t.time_since_epoch()).count();
}

admin::CtlReply phones(const PhoneContext& c, const admin::CtlRequest& request) {
  json data = json::array();
  std::string text;
  for (const auto& phone : c.config.phones) {
    json lines = json::array();
    std::string lineText;
    for (const auto& number : phone.lines) {
      json contacts = json::array();
      bool reachable = false;
      for (const registrar::Binding* b : c.registrar.table().bindingsOf(number)) {
        contacts.push_back({{"contact", std::string(b->contactUri)},
                            {"source", b->flow.toString()},
                            {"reachability", text::lower(registrar::reachabilityName(b->reachability))}});
        reachable = reachable || b->reachability == registrar::Reachability::Reachable;
      }
      const bool registered = !contacts.empty();
      lines.push_back({{"number", number}, {"registered", registered}, {"reachable", reachable}, {"contacts", contacts}});
      lineText += "  line " + number + ": " + (registered ? (reachable ? "registered, reachable" : "registered") : "not registered") + "\n";
    }
    json fetched = json::array();
    std::string fetchText;
    const PhoneActivity::Phone* activity = c.activity.phone(phone.mac);
    if (activity) {
      for (const auto& f : activity->fetches) {
        fetched.push_back({{"file", f.file}, {"at_ms", unixMillis(f.at)}, {"result", f.result}, {"bytes", f.bytes}});
        fetchText += "  " + formatLocalTime(unixMillis(f.at)) + "  " + f.file + " " + f.result + "\n";
      }
    }
    data.push_back({{"mac", phone.mac},
                    {"model", phone.model},
                    {"label", phone.label},
                    {"address", activity && activity->address ? json(activity->address->toString()) : json(nullptr)},
                    {"lines", lines},
                    {"fetched", fetched}});
    text += phone.mac + "  " + phone.model + "  \"" + phone.label + "\"" +
            (activity && activity->address ? "  at " + activity->address->ipString() : "") + "\n" + lineText +
            (fetchText.empty() ? "  no TFTP fetch since the start\n" : fetchText);
  }
  if (text.empty()) text = "No [[phone]] in the configuration.\n";
  return admin::CtlReply{0, request.json ? data.dump(2) + "\n" : text};
}

admin::CtlReply resync(const PhoneContext& c, const admin::CtlRequest& request,
                       registrar::CheckSyncNotifier& checkSync) {
  if (request.args.size() != 2 || request.args[0] != "resync") {
    return admin::CtlReply{2, "usage: switchboard ctl phone resync MAC|all\n"};
  }
  std::vector<const config::PhoneConfig*> targets;
  if (request.args[1] == "all") {
    for (const auto& p : c.config.phones) targets.push_back(&p);
  } else {
    const auto mac = config::normalizeMac(request.args[1]);
    const auto* phone = mac ? c.config.findPhone(*mac) : nullptr;
    if (!phone) return admin::CtlReply{1, "no [[phone]] with MAC " + request.args[1] + "\n"};
    targets.push_back(phone);
  }
  json data = json::array();
  std::string text;
  for (const auto* phone : targets) {
    // Cisco phones take check-sync on their first line (Asterisk's cisco-check-cfg does the same).
    const std::size_t sent = phone->lines.empty() ? 0 : checkSync.notify(phone->lines.front());
    SB_LOG_NOTICE("Resync of phone {}: check-sync sent to {} contact(s)", phone->mac, sent);
    data.push_back({{"mac", phone->mac}, {"notified_contacts", sent}});
    text += phone->mac + ": " + (sent ? "check-sync sent to " + std::to_string(sent) + " contact(s)"
                                      : "not registered, nothing sent (it reads its files at its next boot)") + "\n";
  }
  return admin::CtlReply{0, request.json ? data.dump(2) + "\n" : text};
}

}  // namespace

void registerPhoneCommands(admin::CtlServer& ctl, PhoneContext context) {
  auto checkSync = std::make_shared<registrar::CheckSyncNotifier>(context.transactions, context.registrar.table(),
                                                                  context.config.pbx.domain,
                                                                  context.config.sip.userAgent);
  ctl.addCommand("phones", "each [[phone]]: its lines' registrations and the files it fetched",
                 [context](const admin::CtlRequest& r) { return phones(context, r); });
  ctl.addCommand("phone", "phone resync MAC|all: make phones re-read their configuration",
                 [context, checkSync](const admin::CtlRequest& r) { return resync(context, r, *checkSync); });
}

}  // namespace sb::app
