// SPDX-License-Identifier: MIT
#pragma once
#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>

#include "base/timer_queue.h"
#include "net/socket_address.h"
#include "sip/message/message.h"
#include "sip/transaction/timer_settings.h"

namespace sb::sip {

// A message as it went out: where to, and its bytes. Server transactions keep their latest
// response in this form, so a retransmitted request is answered without serializing again and a
// transaction waiting out Timer J holds a few hundred bytes rather than a parsed Message.
struct WireMessage {
  net::Flow to;
  std::string bytes;
};

// A response the TU wrote straight to wire form (ResponseWriter), with where it goes: the flow
// RFC 3261 §18.2.2 / RFC 3581 give for the request's top Via (responseFlow).
struct PreparedResponse {
  int statusCode = 0;
  WireMessage wire;
};

// Hands a message to the transport and returns it as sent. For responses `to` is the flow the
// request arrived on; the transport applies RFC 3261 §18.2.2 / RFC 3581 to find the real
// destination. A request it cannot send may be reported at once, from inside the call, with
// TransactionLayer::onTransportError: the machines re-check their state after every send.
using SendFunction = std::function<WireMessage(const net::Flow& to, const Message& msg)>;
// Sends again what a SendFunction returned (a response repeated for a retransmitted request).
using ResendFunction = std::function<void(const WireMessage& wire)>;

struct TransactionStats {
  std::size_t live = 0;                      // transactions not yet Terminated
  std::uint64_t retransmissionsAbsorbed = 0; // requests (and ACKs, final responses) seen again
  std::uint64_t timeouts = 0;                // Timers B, F (no response) and H (no ACK)
  std::uint64_t strayResponses = 0;          // RFC 3261 §18.1.2: matched no client transaction
  std::uint64_t malformed = 0;               // no top Via / CSeq to match on: dropped
};

class TransactionTable;

// What the four machines borrow from the layer that owns them: timers, settings, the way out to
// the transport, the counters, and the table that frees them once Terminated. Freeing is deferred
// until the outermost call into the layer (or timer callback) returns, so a machine whose code is
// still on the stack, e.g. while its TU callback runs, is never destroyed under it.
class TransactionContext {
 public:
  TransactionContext(Timers& timers, SendFunction send, ResendFunction resend,
                     const TimerSettings& settings, TransactionTable& table)
      : timers_(timers),
        send_(std::move(send)),
        resend_(std::move(resend)),
        settings_(settings),
        table_(table) {}
  TransactionContext(const TransactionContext&) = delete;
  TransactionContext& operator=(const TransactionContext&) = delete;

  const TimerSettings& settings() const { return settings_; }
  TransactionStats& stats() { return stats_; }
  const TransactionStats& stats() const { return stats_; }
  WireMessage send(const net::Flow& to, const Message& msg) const {
    return send_ ? send_(to, msg) : WireMessage{to, {}};
  }
  void resend(const WireMessage& wire) const {
    if (resend_) resend_(wire);
  }

  // Calls (self->*Handler)() after `after`. The callable holds two pointers, which fits
  // std::function's small buffer: scheduling a transaction timer allocates nothing here.
  template <auto Handler, typename Machine>
  TimerId startTimer(Millis after, Machine* self) {
    return timers_.schedule(after, [this, self] {
      Scope scope(*this);
      (self->*Handler)();
    });
  }
  void stopTimer(TimerId& id) {
    if (id != TimerId{}) timers_.cancel(id);
    id = TimerId{};
  }

  // A machine reached Terminated: it leaves the lookup index now and is destroyed once the
  // outermost Scope ends.
  void terminated(std::uint32_t slot);

  // Marks a call into the transaction layer; the outermost one frees terminated machines on exit.
  class Scope {
   public:
    explicit Scope(TransactionContext& ctx) : ctx_(ctx) { ++ctx_.depth_; }
    ~Scope();
    Scope(const Scope&) = delete;
    Scope& operator=(const Scope&) = delete;

   private:
    TransactionContext& ctx_;
  };

 private:
  Timers& timers_;
  SendFunction send_;
  ResendFunction resend_;
  TimerSettings settings_;
  TransactionTable& table_;
  TransactionStats stats_;
  int depth_ = 0;
};

}  // namespace sb::sip
