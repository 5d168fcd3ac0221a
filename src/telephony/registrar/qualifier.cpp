// SPDX-License-Identifier: MIT
#include "telephony/registrar/qualifier.h"

#include "telephony/registrar/binding_request.h"

namespace sb::registrar {

Qualifier::Qualifier(sip::TransactionLayer& transactions, Timers& timers, std::string domain,
                     std::string userAgent, std::chrono::milliseconds timeout)
    : transactions_(transactions), timers_(timers), domain_(std::move(domain)),
      userAgent_(std::move(userAgent)), timeout_(timeout) {}

sip::Message Qualifier::buildOptions(const Binding& binding) {
  auto request = requestToBinding(sip::Method::Options, "OPTIONS", binding, domain_, userAgent_, routes_);
  request.addHeader("Accept", "application/sdp");
  return request;
}

void Qualifier::probe(const Binding& binding) {
  const auto id = binding.id;
  const auto seq = binding.probeSeq;
  if (auto it = pending_.find(id); it != pending_.end()) {
    // The previous probe is still unanswered after a whole interval: that one has failed.
    const auto previous = it->second.seq;
    timers_.cancel(it->second.timeout);
    pending_.erase(it);
    if (sink_) sink_(id, previous, false, {});
  }
  Pending p{seq, timers_.clock().steadyNow(), {}};
  p.timeout = timers_.schedule(timeout_, [this, id, seq] { finish(id, seq, false); });
  pending_.emplace(id, p);
  transactions_.sendRequest(buildOptions(binding), binding.flow,
                            [this, id, seq](const sip::ClientEvent& event) {
                              // Any final answer proves the phone is there; provisional ones wait.
                              if (event.response && event.response->statusCode() < 200) return;
                              finish(id, seq, event.response != nullptr);
                            });
}

void Qualifier::finish(std::uint64_t bindingId, std::uint32_t seq, bool answered) {
  auto it = pending_.find(bindingId);
  if (it == pending_.end() || it->second.seq != seq) return;
  const auto rtt = std::chrono::duration_cast<std::chrono::microseconds>(
      timers_.clock().steadyNow() - it->second.sentAt);
  timers_.cancel(it->second.timeout);
  pending_.erase(it);
  if (sink_) sink_(bindingId, seq, answered, rtt);
}

}  // namespace sb::registrar
