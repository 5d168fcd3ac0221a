// SPDX-License-Identifier: MIT
#include "sip/transaction/server_transaction.h"

#include <utility>

#include "sip/message/response_builder.h"
#include "sip/transaction/transaction_layer.h"

namespace sb::sip {

ServerTransaction::ServerTransaction(TransactionLayer& layer, ServerTransactionId id,
                                     Message&& request, const net::Flow& flow)
    : layer_(&layer),
      id_(id),
      request_(std::make_unique<Message>(std::move(request))),
      flow_(flow) {}

ServerTransaction::ServerTransaction(ServerTransaction&& other) noexcept
    : layer_(std::exchange(other.layer_, nullptr)),
      id_(other.id_),
      request_(std::move(other.request_)),
      flow_(other.flow_),
      finalSent_(other.finalSent_) {}

ServerTransaction& ServerTransaction::operator=(ServerTransaction&& other) noexcept {
  if (this != &other) {
    answerIfUnanswered();
    layer_ = std::exchange(other.layer_, nullptr);
    id_ = other.id_;
    request_ = std::move(other.request_);
    flow_ = other.flow_;
    finalSent_ = other.finalSent_;
  }
  return *this;
}

ServerTransaction::~ServerTransaction() { answerIfUnanswered(); }

namespace {

bool validStatus(int code, int lowest) { return code >= lowest && code <= 699; }

}  // namespace

bool ServerTransaction::respond(Message response) {
  if (layer_ == nullptr || finalSent_) return false;
  const int code = response.statusCode();
  if (!response.isResponse() || !validStatus(code, 100)) return false;
  if (code >= 200) finalSent_ = true;
  return layer_->respond(id_, std::move(response));
}

bool ServerTransaction::respondStatelessly(Message response) {
  if (layer_ == nullptr || finalSent_) return false;
  if (!response.isResponse() || !validStatus(response.statusCode(), 200)) return false;
  finalSent_ = true;
  return layer_->respond(id_, std::move(response), TransactionLayer::Retention::None);
}

bool ServerTransaction::respond(PreparedResponse response) {
  if (layer_ == nullptr || finalSent_ || !validStatus(response.statusCode, 100)) return false;
  if (response.statusCode >= 200) finalSent_ = true;
  return layer_->respond(id_, std::move(response));
}

bool ServerTransaction::respondStatelessly(PreparedResponse response) {
  if (layer_ == nullptr || finalSent_ || !validStatus(response.statusCode, 200)) return false;
  finalSent_ = true;
  return layer_->respond(id_, std::move(response), TransactionLayer::Retention::None);
}

void ServerTransaction::answerIfUnanswered() {
  if (layer_ == nullptr || finalSent_) return;
  // The TU dropped the request without a final answer: a bug or an exception path. Answer for it
  // rather than let the client retransmit into silence until its Timer B/F.
  respond(makeResponse(*request_, 500));
}

}  // namespace sb::sip
