// SPDX-License-Identifier: MIT
#include "app/reload_command.h"

#include <fstream>
#include <iterator>
#include <memory>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>
#include <toml++/toml.h>

#include "app/config/config_loader.h"
#include "base/log.h"

namespace sb::app {

namespace {

bool same(const toml::node* x, const toml::node* y) {
  if (x == nullptr || y == nullptr) return x == y;
  if (x->type() != y->type()) return false;
  if (const auto* t = x->as_table()) return *t == *y->as_table();
  if (const auto* a = x->as_array()) return *a == *y->as_array();
  std::ostringstream sx;
  std::ostringstream sy;
  sx << toml::node_view<const toml::node>{x};
  sy << toml::node_view<const toml::node>{y};
  return sx.str() == sy.str();
}

// Sections (and [provisioning] keys) whose change a reload cannot apply to a running server.
std::vector<std::string> needingRestart(const std::string& before, const std::string& after) {
  std::vector<std::string> out;
  toml::table a;
  toml::table b;
  try {
    a = toml::parse(before);
    b = toml::parse(after);
  } catch (const toml::parse_error&) {
    return {"(the file as started could not be read again)"};
  }
  std::set<std::string> keys;
  for (const auto& [k, v] : a) keys.insert(std::string(k.str()));
  for (const auto& [k, v] : b) keys.insert(std::string(k.str()));
  for (const auto& key : keys) {
    if (key == "phone") continue;
    const toml::node* x = a.get(key);
    const toml::node* y = b.get(key);
    if (key == "provisioning" && x && y && x->is_table() && y->is_table()) {
      for (const char* fixed : {"tftp_listen", "http_listen", "firmware_dir"}) {
        const toml::node* p = x->as_table()->get(fixed);
        const toml::node* q = y->as_table()->get(fixed);
        if (!same(p, q)) out.push_back("provisioning." + std::string(fixed));
      }
      continue;
    }
    if (!same(x, y)) out.push_back(key);
  }
  return out;
}

admin::CtlReply reload(ReloadContext& c, const admin::CtlRequest& request) {
  const std::string text = readFile(c.config.file);
  auto result = config::ConfigLoader::parse(text, c.config.file);
  if (!result.config || !result.problems.empty()) {
    std::string out;
    for (const auto& problem : result.problems) out += problem.toString() + "\n";
    out += c.config.file.string() + ": not reloaded; the running configuration is unchanged\n";
    return admin::CtlReply{1, out};
  }
  config::Config fresh = std::move(*result.config);
  config::SecretStore store(c.db, c.clock);
  if (auto status = store.fill(fresh); !status) return admin::CtlReply{1, "not reloaded: " + status.error() + "\n"};
  if (auto adopted = c.provisioning.adopt(fresh); !adopted)
    return admin::CtlReply{1, "not reloaded: " + adopted.error() + "\n"};
  // Secrets kept for the sections a restart applies are in the database already.
  c.secrets = store.generated();
  const auto restart = needingRestart(c.startText, text);
  SB_LOG_NOTICE("Reloaded {}: {} phones, sync {}{}", c.config.file.string(), c.config.phones.size(), c.provisioning.sync(),
                restart.empty() ? std::string{} : ", restart needed for other changes");
  nlohmann::json data = {{"phones", c.config.phones.size()}, {"sync", c.provisioning.sync()}, {"restart_needed", restart}};
  std::string out = "Reloaded " + c.config.file.string() + ": " + std::to_string(c.config.phones.size()) +
                    " phones, sync " + c.provisioning.sync() + ".\n";
  if (!restart.empty()) {
    out += "Changed and applied only at the next restart:";
    for (const auto& r : restart) out += " " + r;
    out += "\n";
  }
  return admin::CtlReply{0, request.json ? data.dump(2) + "\n" : out};
}

}  // namespace

std::string readFile(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

void registerReloadCommand(admin::CtlServer& ctl, ReloadContext context) {
  auto shared = std::make_shared<ReloadContext>(std::move(context));
  ctl.addCommand("reload", "apply the configuration file's [[phone]] and provisioning changes now",
                 [shared](const admin::CtlRequest& r) { return reload(*shared, r); });
}

}  // namespace sb::app
