// SPDX-License-Identifier: MIT
#include "app/phone_services.h"

#include <algorithm>

#include "app/config/value_syntax.h"
#include "base/text.h"
#include "provisioning/cisco/xml_services.h"

namespace sb::app {

namespace {

using provisioning::DirectoryEntry;
using provisioning::MenuItem;

http::Response xml(std::string body) { return http::Response{200, "text/xml; charset=ISO-8859-1", std::move(body), {}}; }

http::Response plain(unsigned status, std::string body) { return http::Response{status, "text/plain", std::move(body), {}}; }

// For URLs we write: letters, digits and -._~ as they are, everything else %XX.
std::string urlEncode(std::string_view text) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (char c : text) {
    const auto u = static_cast<unsigned char>(c);
    if (std::isalnum(u) || c == '-' || c == '.' || c == '_' || c == '~') {
      out.push_back(c);
    } else {
      out.push_back('%');
      out.push_back(kHex[u >> 4]);
      out.push_back(kHex[u & 15]);
    }
  }
  return out;
}

std::string param(const http::Request& request, const std::string& name) {
  auto it = request.query.find(name);
  return it == request.query.end() ? std::string{} : it->second;
}

bool digitsOnly(std::string_view s) {
  return !s.empty() && s.size() <= 15 && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

}  // namespace

PhoneServices::PhoneServices(const config::Config& config, registrar::Registrar& registrar,
                             feature::CallSettingsBook& settings, VoicemailService& voicemail, SiteProfiles sites,
                             std::string logoBmp)
    : config_(config), registrar_(registrar), settings_(settings), voicemail_(voicemail), sites_(std::move(sites)),
      logo_(std::move(logoBmp)) {}

http::Response PhoneServices::handle(const http::Request& request) {
  const std::string base = sites_(request.peer).httpBase;
  const std::string& path = request.path;
  if (path == "/cisco/logo.bmp") return http::Response{200, "image/bmp", logo_, {}};
  if (path == "/cisco/directory") return directorySearch(request, base);
  if (path == "/cisco/directory/list") return directoryList(request, base);
  if (path == "/cisco/services") return services(request, base);
  if (path == "/cisco/services/dnd") return setDnd(request, base);
  if (path == "/cisco/services/forward") return forwardForm(request, base);
  if (path == "/cisco/services/forward/set") return setForward(request, base);
  if (path == "/cisco/services/registered") return registered();
  if (path == "/cisco/services/voicemail") return voicemailList(request);
  return plain(404, "Not Found\n");
}

http::Response PhoneServices::directorySearch(const http::Request&, const std::string& base) {
  return xml(provisioning::inputXml("Directory", "Name or number (empty: all)", base + "/cisco/directory/list",
                                    "Search", "q", "A"));
}

http::Response PhoneServices::directoryList(const http::Request& request, const std::string& base) {
  const std::string query = text::lower(param(request, "q"));
  std::vector<DirectoryEntry> entries;
  auto consider = [&](const std::string& name, const std::string& number) {
    const std::string shown = name.empty() ? number : name;
    if (query.empty() || text::lower(shown).find(query) != std::string::npos || number.find(query) != std::string::npos) {
      entries.push_back({shown, number});
    }
  };
  for (const auto& ext : config_.extensions) consider(ext.name, ext.number);
  for (const auto& group : config_.ringGroups) consider(group.name, group.number);
  std::sort(entries.begin(), entries.end(), [](const DirectoryEntry& a, const DirectoryEntry& b) {
    return text::lower(a.name) < text::lower(b.name) || (text::lower(a.name) == text::lower(b.name) && a.telephone < b.telephone);
  });
  const auto page = text::parseUnsigned<std::size_t>(param(request, "page")).value_or(0);
  const std::size_t pages = std::max<std::size_t>(1, (entries.size() + provisioning::kDirectoryPageSize - 1) /
                                                         provisioning::kDirectoryPageSize);
  const std::size_t first = std::min(entries.size(), page * provisioning::kDirectoryPageSize);
  const std::size_t last = std::min(entries.size(), first + provisioning::kDirectoryPageSize);
  std::vector<DirectoryEntry> shown(entries.begin() + static_cast<std::ptrdiff_t>(first),
                                    entries.begin() + static_cast<std::ptrdiff_t>(last));
  const std::string prompt = entries.empty() ? "No match" : "Page " + std::to_string(std::min(page + 1, pages)) + " of " + std::to_string(pages);
  auto response = xml(provisioning::directoryXml("Directory", prompt, shown));
  if (last < entries.size()) {
    // The phone offers "Next" and fetches this URL for it (more than 32 entries).
    response.headers.emplace_back("Refresh", "0; url=" + base + "/cisco/directory/list?q=" + urlEncode(param(request, "q")) +
                                                 "&page=" + std::to_string(page + 1));
  }
  return response;
}

Result<const config::PhoneConfig*> PhoneServices::callingPhone(const http::Request& request) const {
  const auto mac = config::normalizeMac(param(request, "mac"));
  const config::PhoneConfig* phone = mac ? config_.findPhone(*mac) : nullptr;
  if (!phone) return fail("no such phone", 404);
  for (const auto& number : phone->lines) {
    for (const registrar::Binding* b : registrar_.table().bindingsOf(number)) {
      if (b->flow.remote.ip == request.peer.ip) return phone;
    }
  }
  return fail("not asked from where its lines are registered", 403);
}

http::Response PhoneServices::services(const http::Request& request, const std::string& base) {
  const auto calling = callingPhone(request);
  const config::PhoneConfig* phone = calling ? *calling : nullptr;
  std::vector<MenuItem> items;
  if (phone && !phone->lines.empty()) {
    const std::string& line = phone->lines.front();
    const auto s = settings_.of(line);
    const std::string mac = "mac=" + phone->mac;
    if (voicemail_.hasMailbox(line)) {
      const auto c = voicemail_.counts(line);
      items.push_back({"Voicemail: " + std::to_string(c.unheard) + " new, " + std::to_string(c.heard) + " old",
                       base + "/cisco/services/voicemail?" + mac});
    }
    items.push_back({std::string("Do not disturb: ") + (s.dnd ? "on (turn off)" : "off (turn on)"),
                     base + "/cisco/services/dnd?" + mac + "&set=" + (s.dnd ? "off" : "on")});
    items.push_back({"Forward all: " + (s.forwardAll.empty() ? std::string("off (set)") : "to " + s.forwardAll + " (change)"),
                     base + "/cisco/services/forward?" + mac});
    if (!s.forwardAll.empty()) items.push_back({"Forward all: turn off", base + "/cisco/services/forward/set?" + mac + "&to="});
  }
  items.push_back({"Who is registered", base + "/cisco/services/registered"});
  const std::string prompt = phone ? "Line " + phone->lines.front()
                                   : (calling.code() == 403 ? "Settings need a registered line" : "Switchboard");
  return xml(provisioning::menuXml("Switchboard", prompt, items));
}

http::Response PhoneServices::setDnd(const http::Request& request, const std::string&) {
  const auto calling = callingPhone(request);
  if (!calling || (*calling)->lines.empty()) return plain(403, "Forbidden\n");
  const config::PhoneConfig* phone = *calling;
  const bool on = param(request, "set") == "on";
  feature::FeatureCode code{on ? feature::FeatureCode::Kind::DndOn : feature::FeatureCode::Kind::DndOff, {}};
  const bool ok = settings_.apply(phone->lines.front(), code);
  return xml(provisioning::textXml("Do not disturb", "Line " + phone->lines.front(),
                                   ok ? (on ? "Do not disturb is on." : "Do not disturb is off.") : "Could not save."));
}

http::Response PhoneServices::forwardForm(const http::Request& request, const std::string& base) {
  const auto calling = callingPhone(request);
  if (!calling || (*calling)->lines.empty()) return plain(403, "Forbidden\n");
  const config::PhoneConfig* phone = *calling;
  return xml(provisioning::inputXml("Forward all calls", "Line " + phone->lines.front(),
                                    base + "/cisco/services/forward/set?mac=" + phone->mac, "Number", "to", "T"));
}

http::Response PhoneServices::setForward(const http::Request& request, const std::string&) {
  const auto calling = callingPhone(request);
  if (!calling || (*calling)->lines.empty()) return plain(403, "Forbidden\n");
  const config::PhoneConfig* phone = *calling;
  const std::string to = param(request, "to");
  if (!to.empty() && !digitsOnly(to)) {
    return xml(provisioning::textXml("Forward all calls", "Line " + phone->lines.front(), "Not a number: nothing changed."));
  }
  feature::FeatureCode code{to.empty() ? feature::FeatureCode::Kind::ForwardAllOff : feature::FeatureCode::Kind::ForwardAllOn, to};
  const bool ok = settings_.apply(phone->lines.front(), code);
  std::string message = !ok ? "Could not set that forward." : (to.empty() ? "Calls are no longer forwarded." : "Calls go to " + to + ".");
  return xml(provisioning::textXml("Forward all calls", "Line " + phone->lines.front(), message));
}

http::Response PhoneServices::registered() {
  std::string body;
  for (const auto& ext : config_.extensions) {
    const auto contacts = registrar_.table().bindingsOf(ext.number);
    body += ext.number + " " + (ext.name.empty() ? std::string{} : ext.name + " ") + (contacts.empty() ? "- not registered" : "- registered") + "\n";
  }
  return xml(provisioning::textXml("Who is registered", std::to_string(registrar_.table().aorCount()) + " registered", body));
}

http::Response PhoneServices::voicemailList(const http::Request& request) {
  const auto calling = callingPhone(request);
  if (!calling || (*calling)->lines.empty()) return plain(403, "Forbidden\n");
  const config::PhoneConfig* phone = *calling;
  const std::string& line = phone->lines.front();
  if (!voicemail_.hasMailbox(line)) return xml(provisioning::textXml("Voicemail", "Line " + line, "No mailbox.\n"));
  const auto c = voicemail_.counts(line);
  std::string body;
  // CiscoIPPhoneText holds at most 4000 characters: the first 20 messages (new ones first).
  constexpr std::size_t kShown = 20;
  const auto messages = voicemail_.messages(line);
  for (std::size_t i = 0; i < messages.size() && i < kShown; ++i) {
    const auto& m = messages[i];
    const std::time_t t = static_cast<std::time_t>(m.receivedAtMs / 1000);
    std::tm tm{};
    localtime_r(&t, &tm);
    char when[24];
    std::strftime(when, sizeof when, "%b %d %H:%M", &tm);
    body += std::string(m.heard ? "  " : "* ") + when + " " + (m.callerName.empty() ? m.caller : m.callerName) + " (" +
            std::to_string(m.durationMs / 1000) + " s)\n";
  }
  if (messages.size() > kShown) body += "... and " + std::to_string(messages.size() - kShown) + " more\n";
  if (messages.empty()) body = "No messages.\n";
  body += "Dial *97 to listen.\n";
  return xml(provisioning::textXml("Voicemail", std::to_string(c.unheard) + " new, " + std::to_string(c.heard) + " old",
                                   body));
}

}  // namespace sb::app
