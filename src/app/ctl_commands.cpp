// SPDX-License-Identifier: MIT
#include "app/ctl_commands.h"

#include <ifaddrs.h>
#include <net/if.h>

#include <nlohmann/json.hpp>

#include "admin/text_table.h"
#include "app/call_list_read_model.h"
#include "app/registration_list_read_model.h"
#include "app/status_read_model.h"

namespace sb::app {

using nlohmann::json;

namespace {

admin::CtlReply reply(const admin::CtlRequest& request, const json& data, const std::string& text) {
  return admin::CtlReply{0, request.json ? data.dump(2) + "\n" : text};
}

// `status`, `registrations` and `calls` render a read model (a plain struct read once from the
// live parts), so that another console can show exactly what ctl shows.
admin::CtlReply status(const CtlContext& c, const admin::CtlRequest& request) {
  const auto model = readStatus(c);
  return reply(request, statusJson(model), statusText(model));
}

admin::CtlReply registrations(const CtlContext& c, const admin::CtlRequest& request) {
  const auto model = readRegistrations(c);
  return reply(request, registrationsJson(model), registrationsText(model));
}

admin::CtlReply calls(const CtlContext& c, const admin::CtlRequest& request) {
  const auto model = readCalls(c);
  return reply(request, callsJson(model), callsText(model));
}

admin::CtlReply cdr(const CtlContext& c, const admin::CtlRequest& request) {
  constexpr std::size_t kRecent = 50;
  auto records = c.callRecords.recent(kRecent);
  if (!records) return admin::CtlReply{1, "cannot read call records: " + records.error() + "\n"};
  json data = json::array();
  admin::TextTable table({"Start", "Caller", "Dialled", "Callee", "Disposition", "Duration", "Billable",
                          "Hung up by", "Cause"});
  for (const auto& r : records.value()) {
    data.push_back({{"call_id", r.callId}, {"started_at_ms", r.startedAtMs},
                    {"answered_at_ms", r.answeredAtMs ? json(*r.answeredAtMs) : json(nullptr)},
                    {"ended_at_ms", r.endedAtMs}, {"caller", r.caller}, {"caller_name", r.callerName},
                    {"callee", r.callee}, {"dialled", r.dialled},
                    {"disposition", storage::dispositionName(r.disposition)},
                    {"duration_ms", r.durationMs}, {"billable_ms", r.billableMs},
                    {"caller_codec", r.callerCodec}, {"callee_codec", r.calleeCodec},
                    {"hangup_side", storage::hangupSideName(r.hangupSide)},
                    {"hangup_cause", r.hangupCause}, {"source", r.sourceAddress}});
    table.add({formatLocalTime(r.startedAtMs), r.caller, r.dialled, r.callee.empty() ? "-" : r.callee,
               std::string(storage::dispositionName(r.disposition)), std::to_string(r.durationMs / 1000) + " s",
               std::to_string(r.billableMs / 1000) + " s", std::string(storage::hangupSideName(r.hangupSide)),
               r.hangupCause});
  }
  return reply(request, data, table.render() + std::to_string(data.size()) + " records (newest first)\n");
}

admin::CtlReply secrets(const CtlContext& c, const admin::CtlRequest& request) {
  json data = json::array();
  admin::TextTable table({"Kind", "Name", "Secret"});
  for (const auto& s : c.secrets) {
    data.push_back({{"kind", s.kind}, {"name", s.name}, {"value", s.value}});
    table.add({s.kind, s.name, s.value});
  }
  return reply(request, data, table.render());
}

// The addresses a phone on the LAN could use to reach us: every up, non-loopback IPv4 address.
std::vector<std::string> lanAddresses() {
  std::vector<std::string> out;
  ifaddrs* list = nullptr;
  if (getifaddrs(&list) != 0) return out;
  for (ifaddrs* i = list; i; i = i->ifa_next) {
    if (!i->ifa_addr || i->ifa_addr->sa_family != AF_INET) continue;
    if ((i->ifa_flags & IFF_UP) == 0 || (i->ifa_flags & IFF_LOOPBACK) != 0) continue;
    char buf[INET_ADDRSTRLEN];
    inet_ntop(AF_INET, &reinterpret_cast<sockaddr_in*>(i->ifa_addr)->sin_addr, buf, sizeof buf);
    out.emplace_back(buf);
  }
  freeifaddrs(list);
  return out;
}

admin::CtlReply howto(const CtlContext& c, const admin::CtlRequest& request) {
  std::vector<std::string> servers;
  std::string transports;
  for (const auto& flow : c.transport.listeners()) {
    const auto name = std::string(net::transportName(flow.transport));
    if (transports.find(name) == std::string::npos) transports += (transports.empty() ? "" : "/") + name;
    if (flow.local.ip.is_unspecified()) {
      for (const auto& a : lanAddresses()) servers.push_back(a + ":" + std::to_string(flow.local.port));
      servers.push_back("127.0.0.1:" + std::to_string(flow.local.port));
    } else {
      servers.push_back(flow.local.toString());
    }
  }
  std::sort(servers.begin(), servers.end());
  servers.erase(std::unique(servers.begin(), servers.end()), servers.end());
  json data = json::array();
  std::string text = "To register a phone, set it up with:\n";
  text += "  registrar / proxy: " ;
  for (std::size_t i = 0; i < servers.size(); ++i) text += (i ? " or " : "") + servers[i];
  text += " (" + transports + ")\n  domain / realm:    " + c.config.pbx.domain + "\n";
  for (const auto& e : c.config.extensions) {
    text += "  extension " + e.number + (e.name.empty() ? "" : " (" + e.name + ")") +
            ": username " + e.number + ", password " + e.secret + "\n";
    data.push_back({{"extension", e.number}, {"name", e.name}, {"username", e.number},
                    {"password", e.secret}, {"domain", c.config.pbx.domain}, {"servers", servers}});
  }
  if (!c.config.extensions.empty()) {
    const auto& e = c.config.extensions.front();
    const std::string server = servers.empty() ? "127.0.0.1:5060" : servers.back();
    text += "\nFor example with baresip, one line in ~/.baresip/accounts:\n  <sip:" + e.number + "@" +
            c.config.pbx.domain + ">;auth_pass=" + e.secret + ";outbound=\"sip:" + server + "\"\n";
  }
  if (!c.config.extensions.empty()) {
    text += "\nThen dial another extension, *43 for the echo test, or *97 for your voicemail (a call nobody\n"
            "takes goes to the mailbox of an extension with voicemail = true).\n";
  }
  if (!c.config.phones.empty()) {
    // Cisco phones need no typing: they find the TFTP server by DHCP and fetch their files.
    text += "\nCisco phones ([[phone]]) configure themselves: ";
    if (c.config.provisioning.tftpListen) {
      text += "point your DHCP server's option 66 (TFTP server) at this machine (TFTP " +
              c.config.provisioning.tftpListen->toString() + ") and power them on:\n";
      for (const auto& p : c.config.phones) {
        std::string lines;
        for (const auto& l : p.lines) lines += (lines.empty() ? "" : ", ") + l;
        text += "  " + p.mac + " (" + p.model + (p.label.empty() ? "" : ", \"" + p.label + "\"") + "): lines " + lines +
                ", files SEP" + p.mac + ".cnf.xml and SIP" + p.mac + ".cnf\n";
      }
      text += "  `switchboard ctl phones` shows what they fetched and which lines registered.\n";
    } else {
      text += "not now: [provisioning] tftp_listen is off.\n";
    }
  }
  return reply(request, data, text);
}

}  // namespace

std::string formatLocalTime(std::int64_t unixMs) {
  const std::time_t t = static_cast<std::time_t>(unixMs / 1000);
  std::tm tm{};
  localtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%d %H:%M:%S", &tm);
  return buf;
}

void registerCtlCommands(admin::CtlServer& ctl, CtlContext context) {
  ctl.addCommand("status", "uptime, listeners and counters", [context](const admin::CtlRequest& r) {
    return status(context, r);
  });
  ctl.addCommand("registrations", "registered contacts with reachability and round-trip time",
                 [context](const admin::CtlRequest& r) { return registrations(context, r); });
  ctl.addCommand("calls", "calls in progress", [context](const admin::CtlRequest& r) {
    return calls(context, r);
  });
  ctl.addCommand("cdr", "the 50 most recent call records", [context](const admin::CtlRequest& r) {
    return cdr(context, r);
  });
  ctl.addCommand("secrets", "secrets Switchboard generated (extension passwords, phone passwords)",
                 [context](const admin::CtlRequest& r) { return secrets(context, r); });
  ctl.addCommand("howto", "how to register each extension's phone",
                 [context](const admin::CtlRequest& r) { return howto(context, r); });
}

}  // namespace sb::app
