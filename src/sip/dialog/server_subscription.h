// SPDX-License-Identifier: MIT
#pragma once
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include "base/scoped_timer.h"
#include "net/socket_address.h"
#include "sip/dialog/dialog.h"
#include "sip/message/message.h"
#include "sip/transaction/transaction_layer.h"

namespace sb::sip {

// What a ServerSubscription borrows from around it.
struct SubscriptionContext {
  TransactionLayer& transactions;
  Timers& timers;
  // Completes a NOTIFY going along `flow`: its Via and User-Agent.
  std::function<void(Message&, const net::Flow& flow)> prepareRequest;
};

// The notifier's side of one subscription (RFC 6665 §4.2.2): the dialog its SUBSCRIBE created,
// the time granted, and the NOTIFYs that carry the state: "active;expires=<what is left>" while it
// runs, "terminated;reason=..." once at its end (expiry, Expires: 0, or the owner's decision).
// A NOTIFY the subscriber refuses with 481, or that times out, ends it too (§4.2.2: the
// subscriber is gone). It knows no event package: the owner gives the event name and, at each
// NOTIFY, the body; who may subscribe to what is the owner's business. Ending is reported once
// through the ended handler, which may destroy the subscription; destroying it cancels its timer.
class ServerSubscription {
 public:
  struct Body {
    std::string content;
    std::string type;
  };
  using StateOf = std::function<Body()>;
  using EndedHandler = std::function<void(std::string_view reason)>;

  ServerSubscription(Dialog dialog, std::string event, SubscriptionContext context, StateOf state,
                     EndedHandler onEnded);
  ~ServerSubscription();
  ServerSubscription(const ServerSubscription&) = delete;
  ServerSubscription& operator=(const ServerSubscription&) = delete;

  const Dialog& dialog() const { return dialog_; }
  // Seconds left of what was granted.
  std::uint32_t remaining() const;

  // The subscription runs (again) for `expires` seconds from now (the first SUBSCRIBE or a
  // refresh, already answered 200 by the owner) and the subscriber is told the state. 0 ends it:
  // the final NOTIFY says so (§4.4.1: an unsubscribe or a fetch still gets the state).
  void grant(std::uint32_t expires);
  // A refresh within the dialog (§4.2.1.2): false when its CSeq is out of order (answer 500).
  bool acceptRefresh(const Message& request, const net::Flow& from);
  // The state changed: NOTIFY it.
  void notify();
  // Ends the subscription with a final NOTIFY carrying `reason` (RFC 6665 §4.1.3 reasons).
  void terminate(std::string_view reason);

 private:
  void send(std::string_view state, bool final);
  void end(std::string_view reason);

  Dialog dialog_;
  std::string event_;
  SubscriptionContext ctx_;
  StateOf state_;
  EndedHandler onEnded_;
  SteadyTime expiresAt_{};
  ScopedTimer expiry_;
  bool ended_ = false;
  std::shared_ptr<ServerSubscription*> self_;  // held weakly by NOTIFY transactions and the timer
};

}  // namespace sb::sip
