// SPDX-License-Identifier: MIT
#pragma once
#include <cstdint>
#include <memory>
#include <optional>

#include "net/socket_address.h"
#include "sip/message/message.h"
#include "sip/transaction/client_event.h"
#include "sip/transaction/transaction_context.h"

namespace sb::sip {

// RFC 3261 §17.1.1 client INVITE transaction, plus RFC 6026's Accepted state.
// It retransmits the INVITE on unreliable transports (Timer A) until a response or Timer B, and
// ACKs non-2xx finals itself (§17.1.1.3). The ACK for a 2xx and CANCEL belong to the TU; Accepted
// keeps passing 2xx retransmissions to the TU for 64*T1 so it can ACK them again.
class ClientInviteTransaction {
 public:
  enum class State : std::uint8_t { Calling, Proceeding, Completed, Accepted, Terminated };

  ClientInviteTransaction(TransactionContext& ctx, std::uint32_t slot, ClientTransactionId id,
                          Message request, const net::Flow& to, ClientEventHandler onEvent);
  ~ClientInviteTransaction();
  ClientInviteTransaction(const ClientInviteTransaction&) = delete;
  ClientInviteTransaction& operator=(const ClientInviteTransaction&) = delete;

  // Sends the INVITE and starts Timers A and B. Called once the layer has indexed the machine.
  void start();
  void onResponse(const Message& response);
  void onTransportError();

  State state() const { return state_; }
  ClientTransactionId id() const { return id_; }
  const Message& request() const { return *request_; }
  const net::Flow& flow() const { return flow_; }

 private:
  void onTimerA();
  void onTimerB();
  void onTimerD();
  void onTimerM();
  void onFinalFailure(const Message& response);
  Message buildAck(const Message& response) const;
  void notify(ClientEvent::Kind kind, const Message* response);
  void terminate();

  TransactionContext& ctx_;
  std::uint32_t slot_;
  ClientTransactionId id_;
  State state_ = State::Calling;
  // Messages are held on the heap so that the table's slots stay small (sizeof(Message) is
  // over 1 KiB, and a registrar keeps tens of thousands of transactions alive for Timer J).
  std::unique_ptr<Message> request_;
  net::Flow flow_;
  ClientEventHandler onEvent_;
  std::unique_ptr<Message> ack_;  // kept to answer retransmitted non-2xx finals (§17.1.1.2)
  Millis intervalA_{0};
  TimerId timerA_{};
  TimerId timerB_{};
  TimerId timerD_{};
  TimerId timerM_{};
};

}  // namespace sb::sip
