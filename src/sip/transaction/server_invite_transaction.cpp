// SPDX-License-Identifier: MIT
#include "sip/transaction/server_invite_transaction.h"

#include <algorithm>

namespace sb::sip {

ServerInviteTransaction::ServerInviteTransaction(TransactionContext& ctx, std::uint32_t slot,
                                                 const net::Flow& from, Message trying)
    : ctx_(ctx), slot_(slot), flow_(from), trying_(std::make_unique<Message>(std::move(trying))) {}

ServerInviteTransaction::~ServerInviteTransaction() {
  ctx_.stopTimer(timerTrying_);
  ctx_.stopTimer(timerG_);
  ctx_.stopTimer(timerH_);
  ctx_.stopTimer(timerI_);
  ctx_.stopTimer(timerL_);
}

void ServerInviteTransaction::start() {
  if (ctx_.settings().trying <= Millis{0}) {
    onTimerTrying();
  } else {
    timerTrying_ = ctx_.startTimer<&ServerInviteTransaction::onTimerTrying>(
        ctx_.settings().trying, this);
  }
}

void ServerInviteTransaction::onTimerTrying() {
  timerTrying_ = TimerId{};
  // §17.2.1: the TU has not answered within 200 ms, so the transaction sends 100 itself to stop
  // the client retransmitting. A TU that answers at once (a 401/407 challenge) saves the packet.
  if (state_ != State::Proceeding || lastResponse_ || !trying_) return;
  lastResponse_ = std::make_unique<WireMessage>(ctx_.send(flow_, *trying_));
  trying_.reset();
}

void ServerInviteTransaction::onRetransmission() {
  // §17.2.1: Proceeding repeats the latest provisional (none yet: nothing), Completed the final;
  // Confirmed, and Accepted (RFC 6026), absorb silently.
  if ((state_ == State::Proceeding || state_ == State::Completed) && lastResponse_) {
    ctx_.resend(*lastResponse_);
  }
}

ServerInviteTransaction::AckResult ServerInviteTransaction::onAck() {
  switch (state_) {
    case State::Completed:
      state_ = State::Confirmed;
      ctx_.stopTimer(timerG_);
      ctx_.stopTimer(timerH_);
      // §17.2.1: Timer I absorbs ACK retransmissions for T4; zero on reliable transports.
      if (flow_.reliable()) {
        terminate();
      } else {
        timerI_ = ctx_.startTimer<&ServerInviteTransaction::onTimerI>(ctx_.settings().t4, this);
      }
      return AckResult::Absorbed;
    case State::Confirmed:
      ++ctx_.stats().retransmissionsAbsorbed;
      return AckResult::Absorbed;
    case State::Accepted:
      return AckResult::ForTu;
    case State::Proceeding:   // an ACK before any final response is meaningless: dropped
    case State::Terminated:
      return AckResult::Absorbed;
  }
  return AckResult::Absorbed;
}

bool ServerInviteTransaction::respond(Message&& response) {
  if (state_ != State::Proceeding) return false;
  const int code = response.statusCode();
  ctx_.stopTimer(timerTrying_);
  trying_.reset();
  settle(code, ctx_.send(flow_, response));
  return true;
}

bool ServerInviteTransaction::respond(PreparedResponse&& response) {
  if (state_ != State::Proceeding) return false;
  ctx_.stopTimer(timerTrying_);
  trying_.reset();
  ctx_.resend(response.wire);
  settle(response.statusCode, std::move(response.wire));
  return true;
}

void ServerInviteTransaction::settle(int code, WireMessage&& sent) {
  if (code < 200) {
    lastResponse_ = std::make_unique<WireMessage>(std::move(sent));
    return;
  }
  const Millis timeout = ctx_.settings().transactionTimeout();
  if (code < 300) {
    // RFC 6026: Accepted instead of Terminated, so INVITE retransmissions are absorbed here
    // rather than reaching the TU as new requests. The 2xx is not kept: the TU retransmits it.
    state_ = State::Accepted;
    lastResponse_.reset();
    timerL_ = ctx_.startTimer<&ServerInviteTransaction::onTimerL>(timeout, this);
    return;
  }
  state_ = State::Completed;
  lastResponse_ = std::make_unique<WireMessage>(std::move(sent));
  // §17.2.1: Timer G only on unreliable transports; Timer H always.
  if (!flow_.reliable()) {
    intervalG_ = ctx_.settings().t1;
    timerG_ = ctx_.startTimer<&ServerInviteTransaction::onTimerG>(intervalG_, this);
  }
  timerH_ = ctx_.startTimer<&ServerInviteTransaction::onTimerH>(timeout, this);
}

void ServerInviteTransaction::onTimerG() {
  timerG_ = TimerId{};
  if (state_ != State::Completed || !lastResponse_) return;
  ctx_.resend(*lastResponse_);
  intervalG_ = std::min(intervalG_ * 2, ctx_.settings().t2);
  timerG_ = ctx_.startTimer<&ServerInviteTransaction::onTimerG>(intervalG_, this);
}

void ServerInviteTransaction::onTimerH() {
  timerH_ = TimerId{};
  if (state_ != State::Completed) return;
  // §17.2.1: the ACK never came. The TU already gave its final answer, so there is no one to
  // tell beyond the counter.
  ++ctx_.stats().timeouts;
  terminate();
}

void ServerInviteTransaction::onTimerI() {
  timerI_ = TimerId{};
  terminate();
}

void ServerInviteTransaction::onTimerL() {
  timerL_ = TimerId{};
  terminate();
}

void ServerInviteTransaction::terminate() {
  if (state_ == State::Terminated) return;
  state_ = State::Terminated;
  ctx_.stopTimer(timerTrying_);
  ctx_.stopTimer(timerG_);
  ctx_.stopTimer(timerH_);
  ctx_.stopTimer(timerI_);
  ctx_.stopTimer(timerL_);
  ctx_.terminated(slot_);
}

}  // namespace sb::sip
