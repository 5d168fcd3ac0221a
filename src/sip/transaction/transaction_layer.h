// SPDX-License-Identifier: MIT
#pragma once
#include <cstdint>
#include <functional>
#include <optional>
#include <string>

#include "base/timer_queue.h"
#include "net/socket_address.h"
#include "sip/message/message.h"
#include "sip/transaction/client_event.h"
#include "sip/transaction/server_transaction.h"
#include "sip/transaction/timer_settings.h"
#include "sip/transaction/transaction_context.h"
#include "sip/transaction/transaction_id.h"
#include "sip/transaction/transaction_table.h"

namespace sb::sip {

// What onRequest did with a request.
enum class RequestDisposition : std::uint8_t {
  NewTransaction,  // a server transaction was created and handed to the request handler
  Absorbed,        // a retransmission (or the ACK of a non-2xx) handled by its transaction
  DialogAck,       // an ACK of no transaction (a 2xx's ACK): passed to the ACK handler
  Dropped,         // no top Via (or Call-ID) to match on: discarded and counted as malformed
};

// The RFC 3261 §17 transaction layer: matches requests and responses to transactions (§17.1.3,
// §17.2.3), runs the four machines on the injected timers, absorbs retransmissions and hands the
// TU only what is new. It does no parsing and no I/O: messages come in parsed, and go out through
// the SendFunction (and ResendFunction). Single-threaded: everything runs on the signalling thread.
class TransactionLayer {
 public:
  using RequestHandler = std::function<void(ServerTransaction)>;
  using AckHandler = std::function<void(Message&& ack, const net::Flow& from)>;

  TransactionLayer(Timers& timers, SendFunction send, ResendFunction resend,
                   const TimerSettings& settings = {});
  ~TransactionLayer();
  TransactionLayer(const TransactionLayer&) = delete;
  TransactionLayer& operator=(const TransactionLayer&) = delete;

  // New requests (a fresh server transaction each). Without a handler they are answered 500.
  void setRequestHandler(RequestHandler handler) { requestHandler_ = std::move(handler); }
  // ACKs that belong to no transaction: the ACK of a 2xx, which the dialog layer consumes.
  void setAckHandler(AckHandler handler) { ackHandler_ = std::move(handler); }

  // A parsed request from the transport (received/rport already stamped).
  RequestDisposition onRequest(Message&& request, const net::Flow& from);
  // A parsed response. Unmatched ones are stray and dropped (RFC 3261 §18.1.2, RFC 6026).
  void onResponse(Message&& response, const net::Flow& from);
  // The transport could not deliver to `flow` (connection refused or reset, ICMP): every client
  // transaction still waiting on it reports TransportError (RFC 3261 §17.1.4). A connectionId
  // of 0 in `flow` matches any connection to that remote address. May be called from inside
  // the SendFunction; a failed first send then reports before sendRequest returns.
  void onTransportError(const net::Flow& flow);

  // Starts a client transaction and sends `request` to `to`. A top Via without a branch gets
  // one (magic cookie + random token); a request without any Via gets one built from `to`
  // (local address as sent-by, with rport). `onEvent` hears every response, the timeout or a
  // transport error. ACK is not a transaction: sending one here is a programming error and
  // returns the invalid id 0, as does reusing a branch that is still in use.
  ClientTransactionId sendRequest(Message request, const net::Flow& to,
                                  ClientEventHandler onEvent);

  // RFC 3261 §9.2: the INVITE server transaction a CANCEL refers to (same branch and sent-by,
  // or for RFC 2543 peers the same Request-URI, From tag, Call-ID, CSeq number and top Via). The
  // CANCEL itself is a transaction of its own, handed to the request handler as usual.
  std::optional<ServerTransactionId> findInviteServerTransactionFor(const Message& cancel) const;

  TransactionStats stats() const;
  // Returns memory a burst of transactions left behind (see TransactionTable::trim); for a
  // housekeeping tick outside any call into this layer.
  void trim() { table_.trim(); }
  const TimerSettings& settings() const { return ctx_.settings(); }

 private:
  friend class ServerTransaction;
  // Whether a non-INVITE server transaction keeps its final response for retransmissions
  // (Timer J) or ends as soon as it is sent.
  enum class Retention : std::uint8_t { UntilTimerJ, None };
  bool respond(ServerTransactionId id, Message&& response,
               Retention retention = Retention::UntilTimerJ);
  bool respond(ServerTransactionId id, PreparedResponse&& response,
               Retention retention = Retention::UntilTimerJ);
  RequestDisposition onAck(Message&& ack, const net::Flow& from);
  static void prepareVia(Message& request, const net::Flow& to);

  // ctx_ comes first so it is destroyed last: the table's machines cancel their timers through it.
  TransactionContext ctx_;
  TransactionTable table_;
  RequestHandler requestHandler_;
  AckHandler ackHandler_;
  std::string key_;  // scratch buffer for match keys; keeps its capacity between messages
};

}  // namespace sb::sip
