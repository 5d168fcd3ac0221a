// SPDX-License-Identifier: MIT
#pragma once
#include <memory>
#include <optional>
#include <string>

#include "base/result.h"
#include "app/config/config.h"

namespace sb::app {

// The composition root: builds every part of a running Switchboard from a validated Config, wires
// them together and runs the signalling loop until SIGINT or SIGTERM. Owns everything it builds;
// the parts hold references to each other whose lifetime this class guarantees.
class Server {
 public:
  explicit Server(config::Config config);
  ~Server();
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  // Opens the data directory, logs and database, binds every listener; a failure says what failed.
  Status start();
  // Runs until a signal asks it to stop; returns the process exit code.
  int run();

 private:
  struct Parts;
  std::unique_ptr<Parts> parts_;
};

}  // namespace sb::app
