// SPDX-License-Identifier: MIT
#include "sip/stack/sip_stack.h"

#include "base/log.h"
#include "sip/message/request_sanity.h"
#include "sip/message/response_builder.h"
#include "sip/transport/response_route.h"

namespace sb::sip {

SipStack::SipStack(Timers& timers, WireSender sender, std::vector<std::string_view> supportedExtensions,
                   std::vector<Method> allowedMethods)
    : sender_(std::move(sender)),
      supported_(std::move(supportedExtensions)),
      allowed_(std::move(allowedMethods)),
      transactions_(
          timers, [this](const net::Flow& to, const Message& msg) { return sendMessage(to, msg); },
          [this](const WireMessage& wire) { resend(wire); }) {}

WireMessage SipStack::sendMessage(const net::Flow& to, const Message& msg) {
  // Responses leave along RFC 3261 §18.2.2 from the flow their request came on; requests go
  // where the caller aimed them.
  WireMessage wire{
      (msg.isResponse() && !msg.vias().empty()) ? responseFlow(msg.vias().front(), to) : to,
      msg.serialize()};
  if (!sender_(wire.to, wire.bytes, msg.isRequest() ? SendTiming::Now : SendTiming::WithReceivedBatch)) {
    SB_LOG_DEBUG("Could not send {} bytes to {}", wire.bytes.size(), wire.to.toString());
    if (msg.isRequest()) transactions_.onTransportError(wire.to);
  }
  return wire;
}

void SipStack::resend(const WireMessage& wire) {
  // Answers and retransmissions: a failure is only logged either way.
  if (!sender_(wire.to, wire.bytes, SendTiming::WithReceivedBatch))
    SB_LOG_DEBUG("Could not send {} bytes to {}", wire.bytes.size(), wire.to.toString());
}

void SipStack::sendStateless(const Message& response, const net::Flow& requestFlow) {
  sendMessage(requestFlow, response);
}

void SipStack::onWire(std::string_view bytes, const net::Flow& from) {
  auto result = parse(bytes, from.reliable());
  switch (result.kind) {
    case ParseResult::Kind::Drop:
      ++stats_.dropped;
      SB_LOG_DEBUG("Dropped unreadable message from {} ({})", from.toString(), log::untrusted(result.error));
      return;
    case ParseResult::Kind::BadRequest: {
      ++stats_.badRequests;
      Message& request = *result.message;
      if (request.vias().empty()) {
        ++stats_.dropped;
        return;
      }
      auto vias = request.vias();
      stampReceived(vias.front(), from);
      request.setVias(std::move(vias));
      SB_LOG_NOTICE("Bad request from {} refused ({})", from.toString(), log::untrusted(result.error));
      sendStateless(makeResponse(request, 400, result.error), from);
      return;
    }
    case ParseResult::Kind::Ok:
      break;
  }
  Message& message = *result.message;
  if (message.isResponse()) {
    ++stats_.responsesIn;
    transactions_.onResponse(std::move(message), from);
    return;
  }
  ++stats_.requestsIn;
  auto vias = message.vias();
  stampReceived(vias.front(), from);
  message.setVias(std::move(vias));
  if (auto refusal = checkRequestSanity(message, supported_, allowed_)) {
    ++stats_.badRequests;
    // RFC 3261 §17: an ACK is never answered.
    if (message.method() != Method::Ack) sendStateless(*refusal, from);
    return;
  }
  transactions_.onRequest(std::move(message), from);
}

}  // namespace sb::sip
