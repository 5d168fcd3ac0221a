// SPDX-License-Identifier: MIT
#pragma once
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "net/socket_address.h"
#include "sip/message/message.h"
#include "sip/transaction/transaction_layer.h"
#include "sip/transport/send_timing.h"

namespace sb::sip {

// Counters for what the stack did with inbound bytes, shown by `ctl status`.
struct StackStats {
  std::uint64_t requestsIn = 0;
  std::uint64_t responsesIn = 0;
  std::uint64_t dropped = 0;        // unreadable, or no way to answer
  std::uint64_t badRequests = 0;    // answered 400 (or 505/416/420/501) without reaching the TU
};

// Sends serialized SIP to a flow; returns false when the transport cannot send at all. Responses
// go with SendTiming::WithReceivedBatch, requests with SendTiming::Now (see send_timing.h).
using WireSender = std::function<bool(const net::Flow& to, std::string_view bytes, SendTiming timing)>;

// Joins transport, parser and transaction layer: bytes in, transactions out. It parses each
// message, answers what the core must answer itself (400 for malformed requests, and 505, 416,
// 420, 501 via checkRequestSanity) statelessly, stamps `received`/`rport` on the top Via
// (RFC 3261 §18.2.1, RFC 3581), and sends every response along the §18.2.2 path. It knows nothing
// of registrations or calls: new server transactions go to the transaction layer's request handler.
class SipStack {
 public:
  SipStack(Timers& timers, WireSender sender, std::vector<std::string_view> supportedExtensions,
           std::vector<Method> allowedMethods);

  // Called by the transport for every framed message or datagram.
  void onWire(std::string_view bytes, const net::Flow& from);

  TransactionLayer& transactions() { return transactions_; }
  const StackStats& stats() const { return stats_; }
  const std::vector<Method>& allowedMethods() const { return allowed_; }

  // Sends a response that belongs to no transaction (stateless), along the §18.2.2 path.
  void sendStateless(const Message& response, const net::Flow& requestFlow);

 private:
  WireMessage sendMessage(const net::Flow& to, const Message& msg);
  void resend(const WireMessage& wire);

  WireSender sender_;
  std::vector<std::string_view> supported_;
  std::vector<Method> allowed_;
  TransactionLayer transactions_;
  StackStats stats_;
};

}  // namespace sb::sip
