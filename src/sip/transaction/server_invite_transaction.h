// SPDX-License-Identifier: MIT
#pragma once
#include <cstdint>
#include <memory>
#include <optional>

#include "net/socket_address.h"
#include "sip/message/message.h"
#include "sip/transaction/transaction_context.h"

namespace sb::sip {

// RFC 3261 §17.2.1 server INVITE transaction, with RFC 6026's Accepted state.
// It sends 100 Trying when the TU is silent for 200 ms, repeats the latest provisional to a
// retransmitted INVITE, retransmits a non-2xx final (Timer G) until the ACK or Timer H, and
// absorbs ACK retransmissions for T4 (Timer I). After a 2xx it stays Accepted for 64*T1 (Timer L)
// only to absorb INVITE retransmissions: retransmitting the 2xx itself is the TU's job (§13.3.1.4).
class ServerInviteTransaction {
 public:
  enum class State : std::uint8_t { Proceeding, Completed, Confirmed, Accepted, Terminated };
  enum class AckResult : std::uint8_t { Absorbed, ForTu };

  // `trying` is the 100 prepared from the INVITE (§8.2.6.1), sent if the TU stays silent.
  ServerInviteTransaction(TransactionContext& ctx, std::uint32_t slot, const net::Flow& from,
                          Message trying);
  ~ServerInviteTransaction();
  ServerInviteTransaction(const ServerInviteTransaction&) = delete;
  ServerInviteTransaction& operator=(const ServerInviteTransaction&) = delete;

  // Starts the 100 Trying timer (or sends it, if configured to be immediate).
  void start();
  // The INVITE arrived again: re-send the latest provisional or the non-2xx final.
  void onRetransmission();
  // An ACK with this transaction's branch: the end of a non-2xx exchange (Completed ->
  // Confirmed) or a retransmitted ACK is absorbed; in Accepted it belongs to the TU (RFC 6026).
  AckResult onAck();
  // A response from the TU. False (nothing sent) once a final has gone out.
  bool respond(Message&& response);
  // The same for a response the TU already wrote in wire form.
  bool respond(PreparedResponse&& response);

  State state() const { return state_; }
  const net::Flow& flow() const { return flow_; }

 private:
  void onTimerTrying();
  // What follows sending a response of `code`: the state, the copy kept, the timers.
  void settle(int code, WireMessage&& sent);
  void onTimerG();
  void onTimerH();
  void onTimerI();
  void onTimerL();
  void terminate();

  TransactionContext& ctx_;
  std::uint32_t slot_;
  State state_ = State::Proceeding;
  net::Flow flow_;
  // Messages are held on the heap so that the table's slots stay small (sizeof(Message) is
  // over 1 KiB, and a registrar keeps tens of thousands of transactions alive for Timer J).
  std::unique_ptr<Message> trying_;
  std::unique_ptr<WireMessage> lastResponse_;  // as sent, for retransmissions
  Millis intervalG_{0};
  TimerId timerTrying_{};
  TimerId timerG_{};
  TimerId timerH_{};
  TimerId timerI_{};
  TimerId timerL_{};
};

}  // namespace sb::sip
