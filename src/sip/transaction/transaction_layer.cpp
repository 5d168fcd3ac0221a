// SPDX-License-Identifier: MIT
#include "sip/transaction/transaction_layer.h"

#include <string>
#include <utility>
#include <variant>
#include <vector>

#include "base/random.h"
#include "sip/message/response_builder.h"
#include "sip/transaction/transaction_key.h"

namespace sb::sip {
namespace {

using Side = TransactionTable::Side;

template <typename... Fs>
struct Overloaded : Fs... {
  using Fs::operator()...;
};
template <typename... Fs>
Overloaded(Fs...) -> Overloaded<Fs...>;

// 16 characters of [A-Za-z0-9]: about 95 random bits, unique enough across space and time
// (RFC 3261 §8.1.1.7).
constexpr std::size_t kBranchTokenLength = 16;

// A transport error on `reported` concerns a transaction sent on `used` when both name the same
// remote over the same transport and, if both know it, the same connection.
bool sameFlow(const net::Flow& used, const net::Flow& reported) {
  if (used.transport != reported.transport || !(used.remote == reported.remote)) return false;
  return used.connectionId == 0 || reported.connectionId == 0 ||
         used.connectionId == reported.connectionId;
}

}  // namespace

TransactionLayer::TransactionLayer(Timers& timers, SendFunction send, ResendFunction resend,
                                   const TimerSettings& settings)
    : ctx_(timers, std::move(send), std::move(resend), settings, table_) {}

TransactionLayer::~TransactionLayer() = default;

RequestDisposition TransactionLayer::onRequest(Message&& request, const net::Flow& from) {
  TransactionContext::Scope scope(ctx_);
  if (!request.isRequest()) {
    ++ctx_.stats().malformed;
    return RequestDisposition::Dropped;
  }
  if (request.method() == Method::Ack) return onAck(std::move(request), from);
  if (!serverTransactionKey(request, request.methodName(), key_)) {
    ++ctx_.stats().malformed;
    return RequestDisposition::Dropped;
  }
  if (TransactionTable::Machine* machine = table_.find(Side::Server, key_)) {
    ++ctx_.stats().retransmissionsAbsorbed;
    std::visit(Overloaded{[](ServerInviteTransaction& t) { t.onRetransmission(); },
                          [](ServerNonInviteTransaction& t) { t.onRetransmission(); },
                          [](auto&) {}},
               *machine);
    return RequestDisposition::Absorbed;
  }

  const TransactionTable::Reservation reservation = table_.reserve(Side::Server, key_);
  if (request.method() == Method::Invite) {
    // The 100 is prepared now because the request moves into the TU's handle below.
    Message trying = makeResponse(request, 100);
    auto& txn = reservation.machine.emplace<ServerInviteTransaction>(ctx_, reservation.slot, from,
                                                                     std::move(trying));
    txn.start();
  } else {
    reservation.machine.emplace<ServerNonInviteTransaction>(ctx_, reservation.slot, from);
  }
  ServerTransaction handle(*this, ServerTransactionId{reservation.id}, std::move(request), from);
  if (requestHandler_) requestHandler_(std::move(handle));
  // Without a handler (or if the handler dropped it) the handle has answered 500 by now.
  return RequestDisposition::NewTransaction;
}

RequestDisposition TransactionLayer::onAck(Message&& ack, const net::Flow& from) {
  // RFC 3261 §17.2.3: the ACK of a non-2xx carries the INVITE's branch; the ACK of a 2xx has a
  // branch of its own and so matches nothing here.
  if (!serverTransactionKey(ack, "INVITE", key_)) {
    ++ctx_.stats().malformed;
    return RequestDisposition::Dropped;
  }
  if (TransactionTable::Machine* machine = table_.find(Side::Server, key_)) {
    if (auto* invite = std::get_if<ServerInviteTransaction>(machine)) {
      if (invite->onAck() == ServerInviteTransaction::AckResult::Absorbed) {
        return RequestDisposition::Absorbed;
      }
    }
  }
  if (ackHandler_) ackHandler_(std::move(ack), from);
  return RequestDisposition::DialogAck;
}

void TransactionLayer::onResponse(Message&& response, const net::Flow& /*from*/) {
  TransactionContext::Scope scope(ctx_);
  if (response.statusCode() < 100 || response.statusCode() > 699 ||
      !clientTransactionKeyForResponse(response, key_)) {
    ++ctx_.stats().malformed;
    return;
  }
  TransactionTable::Machine* machine = table_.find(Side::Client, key_);
  if (machine == nullptr) {
    // RFC 3261 §18.1.2 as corrected by RFC 6026: a response matching no transaction is
    // discarded, not passed to the core.
    ++ctx_.stats().strayResponses;
    return;
  }
  std::visit(Overloaded{[&](ClientInviteTransaction& t) { t.onResponse(response); },
                        [&](ClientNonInviteTransaction& t) { t.onResponse(response); },
                        [](auto&) {}},
             *machine);
}

void TransactionLayer::onTransportError(const net::Flow& flow) {
  TransactionContext::Scope scope(ctx_);
  // Ids first: the TU callbacks below may start or end transactions.
  for (std::uint64_t id : table_.liveClientIds()) {
    TransactionTable::Machine* machine = table_.find(id);
    if (machine == nullptr) continue;
    std::visit(Overloaded{[&](ClientInviteTransaction& t) {
                            if (sameFlow(t.flow(), flow)) t.onTransportError();
                          },
                          [&](ClientNonInviteTransaction& t) {
                            if (sameFlow(t.flow(), flow)) t.onTransportError();
                          },
                          [](auto&) {}},
               *machine);
  }
}

ClientTransactionId TransactionLayer::sendRequest(Message request, const net::Flow& to,
                                                  ClientEventHandler onEvent) {
  TransactionContext::Scope scope(ctx_);
  if (!request.isRequest() || request.method() == Method::Ack) return ClientTransactionId{};
  prepareVia(request, to);
  if (!clientTransactionKeyForRequest(request, key_) || table_.contains(Side::Client, key_)) {
    return ClientTransactionId{};
  }
  const TransactionTable::Reservation reservation = table_.reserve(Side::Client, key_);
  const ClientTransactionId id{reservation.id};
  if (request.method() == Method::Invite) {
    reservation.machine
        .emplace<ClientInviteTransaction>(ctx_, reservation.slot, id, std::move(request), to,
                                          std::move(onEvent))
        .start();
  } else {
    reservation.machine
        .emplace<ClientNonInviteTransaction>(ctx_, reservation.slot, id, std::move(request), to,
                                             std::move(onEvent))
        .start();
  }
  return id;
}

void TransactionLayer::prepareVia(Message& request, const net::Flow& to) {
  if (!request.vias().empty() && !request.vias().front().branch().empty()) return;
  std::vector<Via> vias = request.vias();
  if (vias.empty()) {
    // The transport may still rewrite sent-by (e.g. an external address); rport asks the next
    // hop to answer to the port we really sent from (RFC 3581).
    Via via;
    via.transport = std::string(net::transportName(to.transport));
    via.host = net::hostText(to.local.ip);
    if (to.local.port != 0) via.port = to.local.port;
    via.params.set("branch", std::string(kMagicCookie) + random::token(kBranchTokenLength));
    via.params.set("rport", std::nullopt);
    vias.push_back(std::move(via));
  } else {
    vias.front().params.set("branch",
                            std::string(kMagicCookie) + random::token(kBranchTokenLength));
  }
  request.setVias(std::move(vias));
}

std::optional<ServerTransactionId> TransactionLayer::findInviteServerTransactionFor(
    const Message& cancel) const {
  std::string key;
  if (!serverTransactionKey(cancel, "INVITE", key)) return std::nullopt;
  const std::optional<std::uint64_t> id = table_.idFor(Side::Server, key);
  if (!id) return std::nullopt;
  const TransactionTable::Machine* machine = table_.find(*id);
  if (machine == nullptr || !std::holds_alternative<ServerInviteTransaction>(*machine)) {
    return std::nullopt;
  }
  return ServerTransactionId{*id};
}

namespace {

template <typename Response>
bool respondThrough(TransactionTable::Machine& machine, Response&& response, bool keepFinal) {
  return std::visit(
      Overloaded{[&](ServerInviteTransaction& t) { return t.respond(std::move(response)); },
                 [&](ServerNonInviteTransaction& t) {
                   return t.respond(std::move(response), keepFinal);
                 },
                 [](auto&) { return false; }},
      machine);
}

}  // namespace

bool TransactionLayer::respond(ServerTransactionId id, Message&& response, Retention retention) {
  TransactionContext::Scope scope(ctx_);
  TransactionTable::Machine* machine = table_.find(static_cast<std::uint64_t>(id));
  return machine != nullptr && respondThrough(*machine, std::move(response),
                                                   retention == Retention::UntilTimerJ);
}

bool TransactionLayer::respond(ServerTransactionId id, PreparedResponse&& response,
                               Retention retention) {
  TransactionContext::Scope scope(ctx_);
  TransactionTable::Machine* machine = table_.find(static_cast<std::uint64_t>(id));
  return machine != nullptr && respondThrough(*machine, std::move(response),
                                                   retention == Retention::UntilTimerJ);
}

TransactionStats TransactionLayer::stats() const {
  TransactionStats stats = ctx_.stats();
  stats.live = table_.live();
  return stats;
}

}  // namespace sb::sip
