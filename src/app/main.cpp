// SPDX-License-Identifier: MIT
// switchboard: the one program. `run`, `check`, `ctl` and `version` (interface.md, "Commands").
#include <sys/resource.h>

#include <cstdio>
#include <filesystem>
#include <iostream>
#include <string>
#include <vector>

#include "admin/ctl_client.h"
#include "app/config/config_loader.h"
#include "app/server.h"
#include "app/version.h"

namespace {

using namespace sb;

constexpr const char* kUsage =
    "usage: switchboard run --config FILE [--data DIR]\n"
    "       switchboard check --config FILE\n"
    "       switchboard ctl [--data DIR] COMMAND [ARGS...] [--json]\n"
    "       switchboard version\n";

struct Options {
  std::string config;
  std::string data;
  bool json = false;
  std::vector<std::string> rest;
  std::string error;
};

Options parseOptions(int argc, char** argv, int first) {
  Options o;
  for (int i = first; i < argc; ++i) {
    const std::string arg = argv[i];
    auto value = [&](std::string& into) {
      if (i + 1 >= argc) {
        o.error = arg + " needs a value";
        return;
      }
      into = argv[++i];
    };
    if (arg == "--config" || arg == "-c") value(o.config);
    else if (arg == "--data" || arg == "-d") value(o.data);
    else if (arg == "--json") o.json = true;
    else if (arg.rfind("--config=", 0) == 0) o.config = arg.substr(9);
    else if (arg.rfind("--data=", 0) == 0) o.data = arg.substr(7);
    else o.rest.push_back(arg);
  }
  return o;
}

config::LoadResult loadConfig(const std::string& file) {
  auto result = config::ConfigLoader::load(file);
  for (const auto& problem : result.problems) std::cerr << problem.toString() << "\n";
  return result;
}

int check(const Options& o) {
  if (o.config.empty()) {
    std::cerr << kUsage;
    return 2;
  }
  auto result = loadConfig(o.config);
  if (!result.config || !result.problems.empty()) return 1;
  std::cout << o.config << ": OK (" << result.config->extensions.size() << " extensions, "
            << result.config->phones.size() << " phones)\n";
  return 0;
}

// Each call holds four relay sockets; the usual soft limit of 1024 descriptors would stop at about
// 250 calls. The hard limit is what the administrator allows: take all of it.
void raiseFileLimit() {
  rlimit limit{};
  if (::getrlimit(RLIMIT_NOFILE, &limit) == 0 && limit.rlim_cur < limit.rlim_max) {
    limit.rlim_cur = limit.rlim_max;
    ::setrlimit(RLIMIT_NOFILE, &limit);
  }
}

int run(const Options& o) {
  raiseFileLimit();
  if (o.config.empty()) {
    std::cerr << kUsage;
    return 2;
  }
  auto result = loadConfig(o.config);
  if (!result.config || !result.problems.empty()) return 1;
  config::Config config = std::move(*result.config);
  if (!o.data.empty()) config.pbx.dataDir = std::filesystem::absolute(o.data);
  app::Server server(std::move(config));
  if (auto started = server.start(); !started) {
    std::cerr << "switchboard: cannot start: " << started.error() << "\n";
    return 1;
  }
  return server.run();
}

int ctl(const Options& o) {
  if (o.rest.empty()) {
    std::cerr << kUsage;
    return 2;
  }
  const std::string data = o.data.empty() ? "var" : o.data;
  admin::CtlRequest request;
  request.command = o.rest.front();
  request.args.assign(o.rest.begin() + 1, o.rest.end());
  request.json = o.json;
  auto reply = admin::callCtl((std::filesystem::path(data) / "control.sock").string(), request);
  (reply.status == 0 ? std::cout : std::cerr) << reply.output;
  return reply.status;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::cerr << kUsage;
    return 2;
  }
  const std::string command = argv[1];
  if (command == "version" || command == "--version") {
    std::cout << "switchboard " << app::kVersion << " (built " << __DATE__ << " with g++ " << __VERSION__ << ")\n";
    return 0;
  }
  if (command == "help" || command == "--help" || command == "-h") {
    std::cout << kUsage;
    return 0;
  }
  auto options = parseOptions(argc, argv, 2);
  if (!options.error.empty()) {
    std::cerr << "switchboard: " << options.error << "\n" << kUsage;
    return 2;
  }
  if (command == "run") return run(options);
  if (command == "check") return check(options);
  if (command == "ctl") return ctl(options);
  std::cerr << "switchboard: unknown command '" << command << "'\n" << kUsage;
  return 2;
}
