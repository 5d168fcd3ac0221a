// SPDX-License-Identifier: MIT
#include "admin/ctl_client.h"

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/local/stream_protocol.hpp>
#include <boost/asio/read.hpp>
#include <boost/asio/write.hpp>

namespace sb::admin {

namespace asio = boost::asio;
using stream = asio::local::stream_protocol;

CtlReply callCtl(const std::string& socketPath, const CtlRequest& request) {
  asio::io_context io;
  stream::socket socket(io);
  boost::system::error_code ec;
  socket.connect(stream::endpoint(socketPath), ec);
  if (ec)
    return CtlReply{1, "switchboard is not running (" + socketPath + ": " + ec.message() + ")\n"};
  asio::write(socket, asio::buffer(encodeRequest(request)), ec);
  if (ec) return CtlReply{1, "could not send to " + socketPath + ": " + ec.message() + "\n"};
  std::string reply;
  asio::read(socket, asio::dynamic_buffer(reply), ec);
  if (ec && ec != asio::error::eof)
    return CtlReply{1, "no answer from " + socketPath + ": " + ec.message() + "\n"};
  auto decoded = decodeReply(reply);
  if (!decoded) return CtlReply{1, "unreadable answer from " + socketPath + "\n"};
  return *decoded;
}

}  // namespace sb::admin
