// SPDX-License-Identifier: MIT
#include "sip/transaction/client_non_invite_transaction.h"

#include <algorithm>

namespace sb::sip {

ClientNonInviteTransaction::ClientNonInviteTransaction(TransactionContext& ctx, std::uint32_t slot,
                                                       ClientTransactionId id, Message request,
                                                       const net::Flow& to,
                                                       ClientEventHandler onEvent)
    : ctx_(ctx),
      slot_(slot),
      id_(id),
      request_(std::make_unique<Message>(std::move(request))),
      flow_(to),
      onEvent_(std::move(onEvent)) {}

ClientNonInviteTransaction::~ClientNonInviteTransaction() {
  ctx_.stopTimer(timerE_);
  ctx_.stopTimer(timerF_);
  ctx_.stopTimer(timerK_);
}

void ClientNonInviteTransaction::start() {
  ctx_.send(flow_, *request_);
  if (state_ != State::Trying) return;  // the send failed and ended the transaction
  // RFC 3261 §17.1.2.2: Timer E only on unreliable transports; Timer F always.
  if (!flow_.reliable()) {
    intervalE_ = ctx_.settings().t1;
    timerE_ = ctx_.startTimer<&ClientNonInviteTransaction::onTimerE>(intervalE_, this);
  }
  timerF_ = ctx_.startTimer<&ClientNonInviteTransaction::onTimerF>(
      ctx_.settings().transactionTimeout(), this);
}

void ClientNonInviteTransaction::onTimerE() {
  timerE_ = TimerId{};
  if (state_ != State::Trying && state_ != State::Proceeding) return;
  ctx_.send(flow_, *request_);
  if (state_ != State::Trying && state_ != State::Proceeding) return;  // the send failed
  // §17.1.2.2: doubling up to T2 while Trying; every T2 once a provisional has arrived.
  intervalE_ = state_ == State::Trying ? std::min(intervalE_ * 2, ctx_.settings().t2)
                                       : ctx_.settings().t2;
  timerE_ = ctx_.startTimer<&ClientNonInviteTransaction::onTimerE>(intervalE_, this);
}

void ClientNonInviteTransaction::onTimerF() {
  timerF_ = TimerId{};
  if (state_ != State::Trying && state_ != State::Proceeding) return;
  ++ctx_.stats().timeouts;
  terminate();  // first, so a TU re-entering the layer from the callback finds it finished
  notify(ClientEvent::Kind::Timeout, nullptr);
}

void ClientNonInviteTransaction::onTimerK() {
  timerK_ = TimerId{};
  terminate();
}

void ClientNonInviteTransaction::onResponse(const Message& response) {
  const int code = response.statusCode();
  switch (state_) {
    case State::Trying:
    case State::Proceeding:
      if (code < 200) {
        state_ = State::Proceeding;
        notify(ClientEvent::Kind::Response, &response);
        return;
      }
      state_ = State::Completed;
      ctx_.stopTimer(timerE_);
      ctx_.stopTimer(timerF_);
      notify(ClientEvent::Kind::Response, &response);
      if (state_ != State::Completed) return;  // the TU reported a transport error meanwhile
      // §17.1.2.2: Timer K absorbs retransmitted finals for T4 on unreliable transports only.
      if (flow_.reliable()) {
        terminate();
      } else {
        timerK_ = ctx_.startTimer<&ClientNonInviteTransaction::onTimerK>(ctx_.settings().t4, this);
      }
      return;
    case State::Completed:
      if (code >= 200) ++ctx_.stats().retransmissionsAbsorbed;
      return;
    case State::Terminated:
      return;
  }
}

void ClientNonInviteTransaction::onTransportError() {
  if (state_ == State::Terminated) return;
  const bool waiting = state_ == State::Trying || state_ == State::Proceeding;
  terminate();
  if (waiting) notify(ClientEvent::Kind::TransportError, nullptr);
}

void ClientNonInviteTransaction::notify(ClientEvent::Kind kind, const Message* response) {
  if (onEvent_) onEvent_(ClientEvent{id_, kind, response});
}

// Leaves the index at once; the object itself lives until the outermost layer call returns, so
// notifying the TU after terminate() is safe.
void ClientNonInviteTransaction::terminate() {
  if (state_ == State::Terminated) return;
  state_ = State::Terminated;
  ctx_.stopTimer(timerE_);
  ctx_.stopTimer(timerF_);
  ctx_.stopTimer(timerK_);
  ctx_.terminated(slot_);
}

}  // namespace sb::sip
