// SPDX-License-Identifier: MIT
#pragma once
#include <cstdint>
#include <memory>
#include <optional>

#include "net/socket_address.h"
#include "sip/message/message.h"
#include "sip/transaction/transaction_context.h"

namespace sb::sip {

// RFC 3261 §17.2.2 server non-INVITE transaction: the hot path of a registrar.
// It sends what the TU responds, answers a retransmitted request with the latest response (none
// while Trying), and keeps the final for T1*64 (Timer J, unreliable transports only). It holds no
// copy of the request: that lives in the TU's ServerTransaction handle.
class ServerNonInviteTransaction {
 public:
  enum class State : std::uint8_t { Trying, Proceeding, Completed, Terminated };

  ServerNonInviteTransaction(TransactionContext& ctx, std::uint32_t slot, const net::Flow& from);
  ~ServerNonInviteTransaction();
  ServerNonInviteTransaction(const ServerNonInviteTransaction&) = delete;
  ServerNonInviteTransaction& operator=(const ServerNonInviteTransaction&) = delete;

  // The request arrived again: re-send the latest response, if any.
  void onRetransmission();
  // A response from the TU. False (nothing sent) once a final has gone out. A final sent with
  // keepFinal = false terminates the transaction at once (stateless answer, RFC 3261 §8.2.7).
  bool respond(Message&& response, bool keepFinal = true);
  // The same for a response the TU already wrote in wire form.
  bool respond(PreparedResponse&& response, bool keepFinal = true);

  State state() const { return state_; }
  const net::Flow& flow() const { return flow_; }

 private:
  // What follows sending a response of `code`: the state, the copy kept, Timer J.
  void settle(int code, bool keepFinal, WireMessage&& sent);
  void onTimerJ();
  void terminate();

  TransactionContext& ctx_;
  std::uint32_t slot_;
  State state_ = State::Trying;
  net::Flow flow_;
  // As sent. Inline: the machine itself already lives on the heap (the table's slots hold a
  // pointer), and a registrar keeps tens of thousands of these for Timer J, so a second
  // allocation per transaction cost a fault-in of fresh memory as often as the machine did.
  std::optional<WireMessage> lastResponse_;
  TimerId timerJ_{};
};

}  // namespace sb::sip
