// SPDX-License-Identifier: MIT
#include "sip/transaction/server_non_invite_transaction.h"

namespace sb::sip {

ServerNonInviteTransaction::ServerNonInviteTransaction(TransactionContext& ctx, std::uint32_t slot,
                                                       const net::Flow& from)
    : ctx_(ctx), slot_(slot), flow_(from) {}

ServerNonInviteTransaction::~ServerNonInviteTransaction() { ctx_.stopTimer(timerJ_); }

void ServerNonInviteTransaction::onRetransmission() {
  // §17.2.2: Trying absorbs silently; Proceeding and Completed repeat the latest response.
  if ((state_ == State::Proceeding || state_ == State::Completed) && lastResponse_) {
    ctx_.resend(*lastResponse_);
  }
}

bool ServerNonInviteTransaction::respond(Message&& response, bool keepFinal) {
  if (state_ != State::Trying && state_ != State::Proceeding) return false;
  const int code = response.statusCode();
  settle(code, keepFinal, ctx_.send(flow_, response));
  return true;
}

bool ServerNonInviteTransaction::respond(PreparedResponse&& response, bool keepFinal) {
  if (state_ != State::Trying && state_ != State::Proceeding) return false;
  ctx_.resend(response.wire);
  settle(response.statusCode, keepFinal, std::move(response.wire));
  return true;
}

void ServerNonInviteTransaction::settle(int code, bool keepFinal, WireMessage&& sent) {
  const bool final = code >= 200;
  // §17.2.2: Timer J is zero on reliable transports, so their final need not be kept either.
  if (final && (!keepFinal || flow_.reliable())) {
    terminate();
    return;
  }
  state_ = final ? State::Completed : State::Proceeding;
  // A final waits out Timer J (32 s) here, tens of thousands at a time on a busy registrar:
  // keep only its bytes. ResponseWriter reserves 512 for a response of typically 300-450, and
  // every block kept is fresh memory the kernel must fault in; one copy now is cheaper.
  if (final) sent.bytes.shrink_to_fit();
  lastResponse_ = std::move(sent);
  // §17.2.2: Timer J = 64*T1 on unreliable transports (reliable ones ended above).
  if (final) {
    timerJ_ = ctx_.startTimer<&ServerNonInviteTransaction::onTimerJ>(
        ctx_.settings().transactionTimeout(), this);
  }
}

void ServerNonInviteTransaction::onTimerJ() {
  timerJ_ = TimerId{};
  terminate();
}

void ServerNonInviteTransaction::terminate() {
  if (state_ == State::Terminated) return;
  state_ = State::Terminated;
  ctx_.stopTimer(timerJ_);
  ctx_.terminated(slot_);
}

}  // namespace sb::sip
