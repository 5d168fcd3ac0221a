// SPDX-License-Identifier: MIT
#include "sip/transaction/client_invite_transaction.h"

#include <string>
#include <vector>

#include "base/text.h"

namespace sb::sip {

ClientInviteTransaction::ClientInviteTransaction(TransactionContext& ctx, std::uint32_t slot,
                                                 ClientTransactionId id, Message request,
                                                 const net::Flow& to, ClientEventHandler onEvent)
    : ctx_(ctx),
      slot_(slot),
      id_(id),
      request_(std::make_unique<Message>(std::move(request))),
      flow_(to),
      onEvent_(std::move(onEvent)) {}

ClientInviteTransaction::~ClientInviteTransaction() {
  ctx_.stopTimer(timerA_);
  ctx_.stopTimer(timerB_);
  ctx_.stopTimer(timerD_);
  ctx_.stopTimer(timerM_);
}

void ClientInviteTransaction::start() {
  ctx_.send(flow_, *request_);
  if (state_ != State::Calling) return;  // the send failed and ended the transaction
  // RFC 3261 §17.1.1.2: Timer A only on unreliable transports; Timer B always.
  if (!flow_.reliable()) {
    intervalA_ = ctx_.settings().t1;
    timerA_ = ctx_.startTimer<&ClientInviteTransaction::onTimerA>(intervalA_, this);
  }
  timerB_ = ctx_.startTimer<&ClientInviteTransaction::onTimerB>(
      ctx_.settings().transactionTimeout(), this);
}

void ClientInviteTransaction::onTimerA() {
  timerA_ = TimerId{};
  if (state_ != State::Calling) return;
  ctx_.send(flow_, *request_);
  if (state_ != State::Calling) return;  // the send failed and ended the transaction
  intervalA_ *= 2;  // no T2 cap for INVITE requests
  timerA_ = ctx_.startTimer<&ClientInviteTransaction::onTimerA>(intervalA_, this);
}

void ClientInviteTransaction::onTimerB() {
  timerB_ = TimerId{};
  if (state_ != State::Calling) return;
  ++ctx_.stats().timeouts;
  terminate();  // first, so a TU re-entering the layer from the callback finds it finished
  notify(ClientEvent::Kind::Timeout, nullptr);
}

void ClientInviteTransaction::onTimerD() {
  timerD_ = TimerId{};
  terminate();
}

void ClientInviteTransaction::onTimerM() {
  timerM_ = TimerId{};
  terminate();
}

void ClientInviteTransaction::onResponse(const Message& response) {
  const int code = response.statusCode();
  switch (state_) {
    case State::Calling:
    case State::Proceeding:
      if (code < 200) {
        // §17.1.1.2: no more retransmissions; Timer B only guards the Calling state.
        state_ = State::Proceeding;
        ctx_.stopTimer(timerA_);
        ctx_.stopTimer(timerB_);
        notify(ClientEvent::Kind::Response, &response);
      } else if (code < 300) {
        // RFC 6026: Accepted, so 2xx retransmissions still reach the TU for 64*T1.
        state_ = State::Accepted;
        ctx_.stopTimer(timerA_);
        ctx_.stopTimer(timerB_);
        timerM_ = ctx_.startTimer<&ClientInviteTransaction::onTimerM>(
            ctx_.settings().transactionTimeout(), this);
        notify(ClientEvent::Kind::Response, &response);
      } else {
        onFinalFailure(response);
      }
      return;
    case State::Accepted:
      // Retransmitted or forked 2xx: the TU ACKs each one (RFC 6026).
      if (code >= 200 && code < 300) notify(ClientEvent::Kind::Response, &response);
      return;
    case State::Completed:
      // §17.1.1.2: a retransmitted final is answered with the same ACK, not passed up.
      if (code >= 300 && ack_) {
        ++ctx_.stats().retransmissionsAbsorbed;
        ctx_.send(flow_, *ack_);
      }
      return;
    case State::Terminated:
      return;
  }
}

void ClientInviteTransaction::onFinalFailure(const Message& response) {
  state_ = State::Completed;
  ctx_.stopTimer(timerA_);
  ctx_.stopTimer(timerB_);
  ack_ = std::make_unique<Message>(buildAck(response));
  ctx_.send(flow_, *ack_);
  notify(ClientEvent::Kind::Response, &response);
  if (state_ != State::Completed) return;  // the TU reported a transport error meanwhile
  // §17.1.1.2: Timer D absorbs retransmitted finals on unreliable transports; 0 on reliable.
  if (flow_.reliable()) {
    terminate();
  } else {
    timerD_ = ctx_.startTimer<&ClientInviteTransaction::onTimerD>(ctx_.settings().timerD, this);
  }
}

// RFC 3261 §17.1.1.3: the ACK for a non-2xx final reuses the INVITE's Request-URI, Call-ID, From,
// CSeq number and top Via (so the same branch), takes To from the response (its tag), and copies
// the INVITE's Route headers.
Message ClientInviteTransaction::buildAck(const Message& response) const {
  Message ack = Message::request(Method::Ack, "ACK", request_->requestUri());
  if (!request_->vias().empty()) ack.setVias(std::vector<Via>{request_->vias().front()});
  for (const Header& h : request_->headers()) {
    if (text::iequals(h.name, "Route")) ack.addHeader("Route", h.value);
  }
  ack.setMaxForwards(70);
  ack.setFrom(request_->from());
  ack.setTo(response.to());
  ack.setCallId(request_->callId());
  ack.setCSeq(CSeq{request_->cseq().number, "ACK"});
  return ack;
}

void ClientInviteTransaction::onTransportError() {
  // Only a transaction still waiting for its final response has anything to tell the TU.
  const bool waiting = state_ == State::Calling || state_ == State::Proceeding;
  terminate();
  if (waiting) notify(ClientEvent::Kind::TransportError, nullptr);
}

void ClientInviteTransaction::notify(ClientEvent::Kind kind, const Message* response) {
  if (onEvent_) onEvent_(ClientEvent{id_, kind, response});
}

// Leaves the index at once; the object itself lives until the outermost layer call returns, so
// notifying the TU after terminate() is safe.
void ClientInviteTransaction::terminate() {
  if (state_ == State::Terminated) return;
  state_ = State::Terminated;
  ctx_.stopTimer(timerA_);
  ctx_.stopTimer(timerB_);
  ctx_.stopTimer(timerD_);
  ctx_.stopTimer(timerM_);
  ctx_.terminated(slot_);
}

}  // namespace sb::sip
