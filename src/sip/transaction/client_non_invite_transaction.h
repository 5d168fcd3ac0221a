// SPDX-License-Identifier: MIT
#pragma once
#include <cstdint>
#include <memory>

#include "net/socket_address.h"
#include "sip/message/message.h"
#include "sip/transaction/client_event.h"
#include "sip/transaction/transaction_context.h"

namespace sb::sip {

// RFC 3261 §17.1.2 client non-INVITE transaction (REGISTER, OPTIONS, BYE, CANCEL, ...).
// It retransmits the request on unreliable transports (Timer E, doubling up to T2, then every T2
// once a provisional arrived) until a final response or Timer F, then absorbs retransmitted finals
// for T4 (Timer K). It never builds requests of its own.
class ClientNonInviteTransaction {
 public:
  enum class State : std::uint8_t { Trying, Proceeding, Completed, Terminated };

  ClientNonInviteTransaction(TransactionContext& ctx, std::uint32_t slot, ClientTransactionId id,
                             Message request, const net::Flow& to, ClientEventHandler onEvent);
  ~ClientNonInviteTransaction();
  ClientNonInviteTransaction(const ClientNonInviteTransaction&) = delete;
  ClientNonInviteTransaction& operator=(const ClientNonInviteTransaction&) = delete;

  // Sends the request and starts Timers E and F. Called once the layer has indexed the machine.
  void start();
  void onResponse(const Message& response);
  void onTransportError();

  State state() const { return state_; }
  ClientTransactionId id() const { return id_; }
  const Message& request() const { return *request_; }
  const net::Flow& flow() const { return flow_; }

 private:
  void onTimerE();
  void onTimerF();
  void onTimerK();
  void notify(ClientEvent::Kind kind, const Message* response);
  void terminate();

  TransactionContext& ctx_;
  std::uint32_t slot_;
  ClientTransactionId id_;
  State state_ = State::Trying;
  // Messages are held on the heap so that the table's slots stay small (sizeof(Message) is
  // over 1 KiB, and a registrar keeps tens of thousands of transactions alive for Timer J).
  std::unique_ptr<Message> request_;
  net::Flow flow_;
  ClientEventHandler onEvent_;
  Millis intervalE_{0};
  TimerId timerE_{};
  TimerId timerF_{};
  TimerId timerK_{};
};

}  // namespace sb::sip
