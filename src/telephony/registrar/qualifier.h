// SPDX-License-Identifier: MIT
#pragma once
#include <chrono>
#include <cstdint>
#include <functional>
#include <string>
#include <unordered_map>

#include "base/timer_queue.h"
#include "net/route_source.h"
#include "sip/transaction/transaction_layer.h"
#include "telephony/registrar/registrar.h"

namespace sb::registrar {

// Keeps NAT pinholes open and tells whether phones are there: sends OPTIONS (RFC 3261 §11) to a
// binding along the flow its REGISTER came by, and reports an answer within `timeout` (any final
// response counts: the phone is alive) or silence. The registrar decides when to probe.
class Qualifier final : public Prober {
 public:
  using ResultSink = std::function<void(std::uint64_t bindingId, std::uint32_t probeSeq,
                                        bool answered, std::chrono::microseconds rtt)>;

  Qualifier(sip::TransactionLayer& transactions, Timers& timers, std::string domain,
            std::string userAgent, std::chrono::milliseconds timeout);

  void setResultSink(ResultSink sink) { sink_ = std::move(sink); }
  void probe(const Binding& binding) override;
  std::size_t inFlight() const { return pending_.size(); }

 private:
  struct Pending {
    std::uint32_t seq;
    SteadyTime sentAt;
    TimerId timeout;
  };
  void finish(std::uint64_t bindingId, std::uint32_t seq, bool answered);
  sip::Message buildOptions(const Binding& binding);

  sip::TransactionLayer& transactions_;
  Timers& timers_;
  std::string domain_;
  std::string userAgent_;
  std::chrono::milliseconds timeout_;
  ResultSink sink_;
  net::RouteSource routes_;
  std::unordered_map<std::uint64_t, Pending> pending_;
};

}  // namespace sb::registrar
