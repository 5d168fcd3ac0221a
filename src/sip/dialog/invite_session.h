// SPDX-License-Identifier: MIT
#pragma once
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string_view>
#include <vector>

#include "base/scoped_timer.h"
#include "net/socket_address.h"
#include "sip/dialog/dialog.h"
#include "sip/message/message.h"
#include "sip/transaction/client_event.h"
#include "sip/transaction/server_transaction.h"
#include "sip/transaction/transaction_layer.h"

namespace sb::sip {

// What an InviteSession borrows from around it.
struct InviteSessionContext {
  TransactionLayer& transactions;
  Timers& timers;
  // Sends a message outside any transaction: our 2xx again, the ACK of a 2xx (RFC 3261 §13.2.2.4,
  // §13.3.1.4).
  std::function<void(const Message&, const net::Flow&)> sendStateless;
  // Completes a request we originate in the dialog, going along `flow`: its Via and User-Agent.
  std::function<void(Message&, const net::Flow& flow)> prepareRequest;
};

// The INVITE usage of one established dialog (RFC 3261 §13-15, RFC 4028), in the spirit of
// reSIProcate's DUM InviteSession: what every leg of a call needs once its dialog exists, written
// once (decision 0016):
// - our 2xx to an INVITE (the first or a re-INVITE) goes again from T1, doubling up to T2, until
//   its ACK; none within 64*T1 ends the session (§13.3.1.4). T1 and T2 are the transaction
//   layer's;
// - a session timer the far end refreshes (RFC 4028 §10): no refresh in time ends the session;
// - our own re-INVITEs one at a time; a 491 to one is retried after the §14.1 back-off, and
//   glare() tells the owner to answer the far end's re-INVITE 491 meanwhile; every 2xx is ACKed;
// - BYE.
// It decides nothing about the call: when the session must end it says why through the ended
// handler and the owner hangs up. Destroying it cancels all its timers; a response still on its
// way to a re-INVITE it sent finds it gone and is ignored.
class InviteSession {
 public:
  enum class Role : std::uint8_t { Uac, Uas };  // who sent the dialog's first INVITE: Uac = us
  using EndedHandler = std::function<void(std::string_view cause)>;

  InviteSession(Dialog dialog, Role role, InviteSessionContext context, EndedHandler onEnded);
  ~InviteSession();
  InviteSession(const InviteSession&) = delete;
  InviteSession& operator=(const InviteSession&) = delete;

  Dialog& dialog() { return dialog_; }
  const Dialog& dialog() const { return dialog_; }
  Role role() const { return role_; }
  // The owner is told of endings from here on (a leg moving to another call names its new owner).
  void setEndedHandler(EndedHandler onEnded) { onEnded_ = std::move(onEnded); }

  // Sends our 2xx to an INVITE of this dialog through `tx`, and on an unreliable flow keeps
  // sending it until onAck() sees its ACK.
  void answer(ServerTransaction& tx, Message response);
  // An ACK in this dialog: true when it acknowledged a 2xx we were retransmitting.
  bool onAck(const Message& ack);
  // 2xx responses still waiting for their ACK.
  std::size_t unacknowledged() const { return answers_.size(); }

  // RFC 4028 with the far end as refresher: it must refresh within `interval`; we end the session
  // a little before it expires (§10: the interval less min(32 s, a third of it)). Call again at
  // each refresh. stopSessionTimer() when the agreement ends.
  void expectRefreshWithin(std::chrono::seconds interval);
  void stopSessionTimer();
  bool sessionTimerRunning() const { return sessionTimer_.started(); }

  // Sends a re-INVITE that `complete` fills in (Contact, body; called again for each retry, which
  // gets a fresh CSeq), ACKs every 2xx to it, retries after a 491 with the §14.1 back-off (up to
  // kMaxGlareRetries times), and hands every other response, the timeout or a transport error to
  // `onEvent`. False, and nothing sent, while another re-INVITE of ours is pending (§14.1).
  bool reInvite(std::function<void(Message&)> complete, ClientEventHandler onEvent);
  // A re-INVITE of ours is in progress: the far end's re-INVITE gets 491 (§14.1).
  bool glare() const { return reInvitePending_; }

  // Ends the dialog with BYE (§15.1.1) and stops everything; nothing more is sent afterwards.
  void bye();
  bool ended() const { return ended_; }

  static constexpr int kMaxGlareRetries = 3;

 private:
  struct PendingAnswer {
    std::uint32_t cseq = 0;
    Message response;
    net::Flow flow;
    Millis interval{0};
    SteadyTime since{};
    ScopedTimer timer;
  };
  void retransmit(std::uint32_t cseq);
  void sendReInvite(std::function<void(Message&)> complete, ClientEventHandler onEvent, int retriesLeft);
  void onReInviteEvent(std::uint32_t cseq, const std::function<void(Message&)>& complete,
                       const ClientEventHandler& onEvent, int retriesLeft, const ClientEvent& event);
  void end(std::string_view cause);

  Dialog dialog_;
  Role role_;
  InviteSessionContext ctx_;
  EndedHandler onEnded_;
  std::vector<std::unique_ptr<PendingAnswer>> answers_;
  ScopedTimer sessionTimer_;
  ScopedTimer glareTimer_;
  bool reInvitePending_ = false;
  bool ended_ = false;
  // Callbacks given to the transaction layer and timers hold this weakly: a response arriving
  // after the session is gone must not reach it.
  std::shared_ptr<InviteSession*> self_;
};

}  // namespace sb::sip
