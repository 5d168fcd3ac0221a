// SPDX-License-Identifier: MIT
#include "telephony/registrar/qualifier.h"

#include "base/random.h"

namespace sb::registrar {

Qualifier::Qualifier(sip::TransactionLayer& transactions, Timers& timers, std::string domain,
                     std::string userAgent, std::chrono::milliseconds timeout)
    : transactions_(transactions), timers_(timers), domain_(std::move(domain)),
      userAgent_(std::move(userAgent)), timeout_(timeout) {}

sip::Message Qualifier::buildOptions(const Binding& binding) {
  auto target = sip::Uri::parse(binding.contactUri);
  auto request = sip::Message::request(sip::Method::Options, "OPTIONS",
                                       target ? *target : sip::Uri::parse("sip:" + binding.aor + "@" + domain_).value());
  // Via names the address the phone can answer to. A socket bound to 0.0.0.0 has no such
  // address itself, so ask the kernel which one routes to the phone.
  sip::Via via;
  via.transport = std::string(net::transportName(binding.flow.transport));
  auto local = binding.flow.local;
  if (local.ip.is_unspecified()) local.ip = routes_.sourceFor(binding.flow.remote.ip);
  via.host = local.ip.is_v6() ? "[" + local.ip.to_string() + "]" : local.ip.to_string();
  via.port = local.port;
  via.params.set("branch", "z9hG4bK" + random::token(20));
  via.params.set("rport", std::nullopt);
  request.setVias({via});
  sip::NameAddr from;
  from.uri = sip::Uri::parse("sip:switchboard@" + domain_).value();
  from.params.set("tag", random::token(12));
  request.setFrom(from);
  sip::NameAddr to;
  to.uri = sip::Uri::parse("sip:" + binding.aor + "@" + domain_).value();
  request.setTo(to);
  request.setCallId(random::token(22) + "@" + domain_);
  request.setCSeq(sip::CSeq{1, "OPTIONS"});
  request.setMaxForwards(70);
  request.addHeader("User-Agent", userAgent_);
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
