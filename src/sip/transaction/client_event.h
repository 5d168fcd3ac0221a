// SPDX-License-Identifier: MIT
#pragma once
#include <functional>

#include "sip/message/message.h"
#include "sip/transaction/transaction_id.h"

namespace sb::sip {

// What a client transaction tells its TU: a response (provisional or final; for INVITE also every
// 2xx retransmission, which the TU must ACK again), a timeout (Timer B or F), or a transport
// failure (RFC 3261 §17.1.4). After Timeout or TransportError nothing more comes.
struct ClientEvent {
  enum class Kind : std::uint8_t { Response, Timeout, TransportError };

  ClientTransactionId transaction{};
  Kind kind = Kind::Response;
  const Message* response = nullptr;  // Kind::Response only; valid for the duration of the call

  bool isFinalResponse() const { return response != nullptr && response->statusCode() >= 200; }
};

using ClientEventHandler = std::function<void(const ClientEvent&)>;

}  // namespace sb::sip
