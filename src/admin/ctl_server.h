// SPDX-License-Identifier: MIT
#pragma once
#include <boost/asio/io_context.hpp>
#include <boost/asio/local/stream_protocol.hpp>
#include <functional>
#include <map>
#include <optional>
#include <string>

#include "base/result.h"
#include "admin/ctl_protocol.h"

namespace sb::admin {

// Serves `switchboard ctl` on a Unix socket (mode 0600: whoever can read the data directory's
// secrets may ask). Commands are registered by the composition root; each runs on the signalling
// loop, so handlers read live state without locks. It knows no command itself except `help`.
class CtlServer {
 public:
  using Handler = std::function<CtlReply(const CtlRequest&)>;

  CtlServer(boost::asio::io_context& io, std::string socketPath);
  ~CtlServer();

  // Binds the socket. Fails if another instance answers on it; a stale socket file is replaced.
  Status start();
  void addCommand(std::string name, std::string help, Handler handler);

 private:
  void accept();
  CtlReply dispatch(const CtlRequest& request);

  boost::asio::io_context& io_;
  std::string path_;
  boost::asio::local::stream_protocol::acceptor acceptor_;
  struct Command {
    std::string help;
    Handler handler;
  };
  std::map<std::string, Command> commands_;
};

}  // namespace sb::admin
