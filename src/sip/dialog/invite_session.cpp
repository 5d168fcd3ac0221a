// SPDX-License-Identifier: MIT
#include "sip/dialog/invite_session.h"

#include <algorithm>

#include "base/random.h"

namespace sb::sip {

InviteSession::InviteSession(Dialog dialog, Role role, InviteSessionContext context, EndedHandler onEnded)
    : dialog_(std::move(dialog)),
      role_(role),
      ctx_(std::move(context)),
      onEnded_(std::move(onEnded)),
      self_(std::make_shared<InviteSession*>(this)) {}

InviteSession::~InviteSession() { *self_ = nullptr; }

void InviteSession::answer(ServerTransaction& tx, Message response) {
  const auto flow = tx.flow();
  const auto cseq = response.cseq().number;
  if (ended_) return;
  // RFC 3261 §13.3.1.4: the transaction sends the 2xx once and is done; the UAS core repeats it.
  tx.respond(response);
  if (flow.reliable()) return;  // the transport delivers it; only the ACK is awaited
  std::erase_if(answers_, [&](const auto& a) { return a->cseq == cseq; });
  auto pending = std::make_unique<PendingAnswer>();
  pending->cseq = cseq;
  pending->response = std::move(response);
  pending->flow = flow;
  pending->interval = ctx_.transactions.settings().t1;
  pending->since = ctx_.timers.clock().steadyNow();
  std::weak_ptr<InviteSession*> weak = self_;
  pending->timer.start(ctx_.timers, pending->interval, [weak, cseq] {
    if (auto self = weak.lock(); self && *self) (*self)->retransmit(cseq);
  });
  answers_.push_back(std::move(pending));
}

void InviteSession::retransmit(std::uint32_t cseq) {
  auto it = std::find_if(answers_.begin(), answers_.end(), [&](const auto& a) { return a->cseq == cseq; });
  if (it == answers_.end()) return;
  auto& pending = **it;
  const auto& settings = ctx_.transactions.settings();
  const auto giveUpAt = pending.since + settings.transactionTimeout();
  const auto now = ctx_.timers.clock().steadyNow();
  if (now >= giveUpAt) {
    // §13.3.1.4: never acknowledged within 64*T1: the session is to end (with BYE, §15).
    answers_.erase(it);
    end("no ACK");
    return;
  }
  ctx_.sendStateless(pending.response, pending.flow);
  pending.interval = std::min(pending.interval * 2, settings.t2);
  // The last wait stops at 64*T1 rather than running a whole interval past it.
  const auto wait = std::min<Millis>(pending.interval, std::chrono::duration_cast<Millis>(giveUpAt - now));
  std::weak_ptr<InviteSession*> weak = self_;
  pending.timer.start(ctx_.timers, wait, [weak, cseq] {
    if (auto self = weak.lock(); self && *self) (*self)->retransmit(cseq);
  });
}

bool InviteSession::onAck(const Message& ack) {
  const auto cseq = ack.cseq().number;
  auto it = std::find_if(answers_.begin(), answers_.end(), [&](const auto& a) { return a->cseq == cseq; });
  if (it == answers_.end()) return false;
  answers_.erase(it);
  return true;
}

void InviteSession::expectRefreshWithin(std::chrono::seconds interval) {
  if (ended_) return;
  // RFC 4028 §10: the side that does not refresh sends BYE before the session expires, at the
  // interval less min(32 s, a third of it).
  const auto margin = std::min<std::chrono::seconds>(std::chrono::seconds(32), interval / 3);
  std::weak_ptr<InviteSession*> weak = self_;
  sessionTimer_.start(ctx_.timers, interval - margin, [weak] {
    if (auto self = weak.lock(); self && *self) {
      (*self)->sessionTimer_.cancel();
      (*self)->end("session timer expired");
    }
  });
}

void InviteSession::stopSessionTimer() { sessionTimer_.cancel(); }

bool InviteSession::reInvite(std::function<void(Message&)> complete, ClientEventHandler onEvent) {
  if (ended_ || reInvitePending_) return false;
  sendReInvite(std::move(complete), std::move(onEvent), kMaxGlareRetries);
  return true;
}

void InviteSession::sendReInvite(std::function<void(Message&)> complete, ClientEventHandler onEvent,
                                 int retriesLeft) {
  reInvitePending_ = true;
  auto invite = dialog_.makeRequest(Method::Invite);
  ctx_.prepareRequest(invite, dialog_.flow());
  complete(invite);
  const auto cseq = invite.cseq().number;
  std::weak_ptr<InviteSession*> weak = self_;
  ctx_.transactions.sendRequest(
      std::move(invite), dialog_.flow(),
      [weak, cseq, complete = std::move(complete), onEvent = std::move(onEvent), retriesLeft](const ClientEvent& event) {
        auto self = weak.lock();
        if (!self || !*self) return;  // the session ended; nobody wants the answer any more
        (*self)->onReInviteEvent(cseq, complete, onEvent, retriesLeft, event);
      });
}

void InviteSession::onReInviteEvent(std::uint32_t cseq, const std::function<void(Message&)>& complete,
                                    const ClientEventHandler& onEvent, int retriesLeft,
                                    const ClientEvent& event) {
  const int status = event.response ? event.response->statusCode() : 0;
  if (status >= 200 && status < 300) {
    // §13.2.2.4: every 2xx, retransmissions too, gets an ACK of its own, outside any transaction.
    dialog_.refreshRemoteTarget(*event.response);
    if (!ended_) {
      auto ack = dialog_.makeRequest(Method::Ack, cseq);
      ctx_.prepareRequest(ack, dialog_.flow());
      ctx_.sendStateless(ack, dialog_.flow());
    }
  }
  if (event.response && status < 200) {
    onEvent(event);
    return;
  }
  const bool firstFinal = reInvitePending_;
  reInvitePending_ = false;
  if (!firstFinal) return;  // a 2xx retransmission: ACKed above, already reported
  if (status == 491 && retriesLeft > 0 && !ended_) {
    // §14.1: glare. Try again after a random time in 10 ms units: 2.1-4 s when we own the
    // dialog's Call-ID (we sent its first INVITE), 0-2 s when the far end does. Until then we
    // are still "pending", so the far end's own re-INVITE is the one that goes through.
    reInvitePending_ = true;
    const auto steps = role_ == Role::Uac ? 210 + random::u64() % 191 : random::u64() % 201;
    std::weak_ptr<InviteSession*> weak = self_;
    glareTimer_.start(ctx_.timers, Millis(10 * steps), [weak, complete, onEvent, retriesLeft] {
      if (auto self = weak.lock(); self && *self && !(*self)->ended_)
        (*self)->sendReInvite(complete, onEvent, retriesLeft - 1);
    });
    return;
  }
  onEvent(event);
}

void InviteSession::bye() {
  if (ended_) return;
  ended_ = true;
  answers_.clear();
  sessionTimer_.cancel();
  glareTimer_.cancel();
  reInvitePending_ = false;
  auto request = dialog_.makeRequest(Method::Bye);
  ctx_.prepareRequest(request, dialog_.flow());
  ctx_.transactions.sendRequest(std::move(request), dialog_.flow(), [](const ClientEvent&) {});
}

void InviteSession::end(std::string_view cause) {
  if (ended_ || !onEnded_) return;
  // The handler usually hangs up, which may destroy this session: copy it first.
  auto handler = onEnded_;
  handler(cause);
}

}  // namespace sb::sip
