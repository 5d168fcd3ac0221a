// SPDX-License-Identifier: MIT
#pragma once
#include <memory>

#include "net/socket_address.h"
#include "sip/message/message.h"
#include "sip/transaction/transaction_context.h"
#include "sip/transaction/transaction_id.h"

namespace sb::sip {

class TransactionLayer;

// The TU's handle on one server transaction: the request, the flow it came on, and the only way
// to answer it. Movable, not copyable. Dropping it before a final response answers 500 Server
// Internal Error, so no request is ever left unanswered (ARCHITECTURE.md example 6). It holds an
// id, not a pointer to the machine, so it may outlive the transaction; the TransactionLayer that
// made it must outlive it.
class ServerTransaction {
 public:
  ServerTransaction(ServerTransaction&& other) noexcept;
  ServerTransaction& operator=(ServerTransaction&& other) noexcept;
  ServerTransaction(const ServerTransaction&) = delete;
  ServerTransaction& operator=(const ServerTransaction&) = delete;
  ~ServerTransaction();

  const Message& request() const { return *request_; }
  const net::Flow& flow() const { return flow_; }
  ServerTransactionId id() const { return id_; }
  bool finalSent() const { return finalSent_; }

  // Sends a response through the transaction: provisionals (101-199) any number of times, then
  // one final (200-699), which the transaction keeps for retransmissions. The layer serialises
  // nothing itself: the message goes to the SendFunction as is. Returns false and sends nothing
  // when a final was already sent, the status is not 100-699, or the transaction is gone.
  bool respond(Message response);
  // A final response sent without keeping the transaction (RFC 3261 §8.2.7, stateless UAS
  // behaviour): a retransmitted request is handled afresh instead of answered from memory. Meant
  // for digest challenges, which a registrar sends for every second REGISTER: answering a
  // retransmission with a new challenge is harmless, and nothing stays alive for Timer J. INVITEs
  // keep their transaction (the ACK of a non-2xx must be absorbed), as do provisional codes.
  bool respondStatelessly(Message response);
  // The same two for a response the TU wrote in wire form (ResponseWriter, responseFlow).
  bool respond(PreparedResponse response);
  bool respondStatelessly(PreparedResponse response);

 private:
  friend class TransactionLayer;
  ServerTransaction(TransactionLayer& layer, ServerTransactionId id, Message&& request,
                    const net::Flow& flow);
  void answerIfUnanswered();

  TransactionLayer* layer_;  // null once moved from
  ServerTransactionId id_;
  // On the heap: the handle is moved several times on its way to the TU (std::function
  // arguments, lambda captures), and a Message is over a kilobyte of members to move.
  std::unique_ptr<Message> request_;
  net::Flow flow_;
  bool finalSent_ = false;
};

}  // namespace sb::sip
