// SPDX-License-Identifier: MIT
#include "app/config/config_loader.h"

#include <fstream>
#include <iterator>

#include "app/config/config_schema.h"
#include "app/config/directory_sections.h"
#include "app/config/system_sections.h"
#include "app/config/toml_reader.h"

namespace sb::config {
namespace {

// The table under a top-level name, or null if absent; a non-table value there is a problem.
const toml::table* sectionTable(const toml::table& root, std::string_view name,
                                ProblemList& problems) {
  const toml::node* node = root.get(name);
  if (!node) return nullptr;
  if (const auto* table = node->as_table()) return table;
  problems.add(lineOf(*node), std::string(name),
               "expected a table ([" + std::string(name) + "]), got " +
                   std::string(typeName(*node)));
  return nullptr;
}

int headerLine(const toml::table* table) {
  // A section that is absent, or only implied by [sip.x], is blamed on line 1.
  const int line = table ? lineOf(*table) : 0;
  return line > 0 ? line : 1;
}

bool hostsOverlap(const std::string& a, const std::string& b) {
  auto any = [](const std::string& h) { return h == "0.0.0.0" || h == "::"; };
  return a == b || any(a) || any(b);
}

// Two services cannot bind the same port of the same protocol on overlapping addresses; the
// kernel would refuse the second at start, far from the line that caused it.
void checkPortClashes(const Config& c, TableReader& sip, TableReader& rtp,
                      TableReader& provisioning) {
  struct Use {
    bool udp;
    std::string host;
    std::uint16_t port;
    std::string what;
  };
  std::vector<Use> sipUses;
  for (const auto& l : c.sip.listen)
    sipUses.push_back({l.kind == net::TransportKind::Udp, l.host, l.port, "sip.listen " + l.toString()});

  // TCP and TLS both take a TCP port: "tcp:0.0.0.0:5060" and "tls:0.0.0.0:5060" clash.
  for (std::size_t i = 0; i < sipUses.size(); ++i)
    for (std::size_t j = 0; j < i; ++j)
      if (sipUses[i].udp == sipUses[j].udp && sipUses[i].port == sipUses[j].port &&
          hostsOverlap(sipUses[i].host, sipUses[j].host) &&
          c.sip.listen[i].kind != c.sip.listen[j].kind)
        sip.report("listen", c.sip.listen[i].toString() + " and " + c.sip.listen[j].toString() +
                                 " need the same TCP port");

  for (const Use& u : sipUses) {
    if (u.udp && u.port >= c.rtp.portMin && u.port <= c.rtp.portMax + 1)
      rtp.report(rtp.has("port_min") ? "port_min" : "port_max",
                 "the RTP range " + std::to_string(c.rtp.portMin) + ".." +
                     std::to_string(c.rtp.portMax + 1) + " includes " + u.what);
  }
  auto checkService = [&](const std::optional<net::SocketAddress>& address, bool udp,
                          std::string_view key) {
    if (!address) return;
    for (const Use& u : sipUses)
      if (u.udp == udp && u.port == address->port && hostsOverlap(u.host, address->ipString()))
        provisioning.report(key, "port " + std::to_string(address->port) + " is taken by " + u.what);
    if (udp && address->port >= c.rtp.portMin && address->port <= c.rtp.portMax + 1)
      provisioning.report(key, "port " + std::to_string(address->port) + " is inside the RTP range");
  };
  checkService(c.provisioning.tftpListen, true, "tftp_listen");
  checkService(c.provisioning.httpListen, false, "http_listen");
}

}  // namespace

LoadResult ConfigLoader::load(const std::filesystem::path& file) {
  auto fileProblem = [&](std::string reason) {
    return LoadResult{std::nullopt, {Problem{file.string(), 0, "file", std::move(reason)}}};
  };
  std::error_code ec;
  const auto status = std::filesystem::status(file, ec);
  if (!std::filesystem::exists(status)) return fileProblem("does not exist");
  if (std::filesystem::is_directory(status)) return fileProblem("is a directory, not a file");
  std::ifstream in(file, std::ios::binary);
  if (!in) return fileProblem("cannot be read");
  const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (in.bad()) return fileProblem("cannot be read");
  return parse(text, file);
}

LoadResult ConfigLoader::parse(std::string_view text, const std::filesystem::path& file) {
  ProblemList problems(file.string());
  toml::table root;
  try {
    root = toml::parse(text, file.string());
  } catch (const toml::parse_error& error) {
    // toml++ stops at the first syntax error; nothing after it can be trusted.
    problems.add(static_cast<int>(error.source().begin.line), "syntax",
                 std::string(error.description()));
    return LoadResult{std::nullopt, problems.take()};
  }

  std::error_code ec;
  std::filesystem::path absolute = std::filesystem::absolute(file, ec);
  if (ec) absolute = file;
  const std::filesystem::path baseDir = absolute.parent_path();

  Config config;
  config.file = absolute.lexically_normal();

  TableReader top(&root, topLevelSchema(), "", 1, problems);
  top.reportUnknownKeys();

  auto reader = [&](std::string_view name) {
    const toml::table* table = sectionTable(root, name, problems);
    return TableReader(table, sectionSchema(name), std::string(name), headerLine(table), problems);
  };
  TableReader pbx = reader("pbx");
  readPbx(pbx, baseDir, config.pbx);
  TableReader sip = reader("sip");
  readSip(sip, config.sip);
  TableReader rtp = reader("rtp");
  readRtp(rtp, baseDir, config.rtp);
  TableReader security = reader("security");
  readSecurity(security, config.security);
  TableReader provisioning = reader("provisioning");
  readProvisioning(provisioning, baseDir, config.provisioning);
  TableReader voicemail = reader("voicemail");
  readVoicemail(voicemail, config.voicemail);

  config.extensions = readExtensions(root.get("extension"), problems);
  config.phones = readPhones(root.get("phone"), config.extensions, problems);
  config.ringGroups = readRingGroups(root.get("ring_group"), config.extensions, problems);

  if (problems.empty()) checkPortClashes(config, sip, rtp, provisioning);

  LoadResult result;
  result.problems = problems.take();
  if (result.problems.empty()) result.config = std::move(config);
  return result;
}

}  // namespace sb::config
