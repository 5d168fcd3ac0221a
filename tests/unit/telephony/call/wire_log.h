// SPDX-License-Identifier: MIT
#pragma once
#include <vector>

#include "base/clock.h"
#include "net/socket_address.h"
#include "sip/message/message.h"

namespace sb::call::testing {

// One message Switchboard put on the wire, as the far end would read it (serialized and parsed
// back), with where it went and when.
struct Sent {
  enum class Path {
    Transaction,     // first sent through the transaction layer
    Retransmission,  // the transaction layer again (request retransmission, repeated response)
    Stateless,       // the engine's stateless sender: ACK of a 2xx, 2xx retransmissions
  };
  SteadyTime at;
  net::Flow to;
  sip::Message msg;
  Path path = Path::Transaction;
};

// What a FakePhone needs from the test bench: to put a message on the wire towards Switchboard,
// and to read what Switchboard sent.
class PhoneNetwork {
 public:
  virtual ~PhoneNetwork() = default;
  // A request or response from the phone on `flow` (Switchboard's view: remote is the phone).
  virtual void fromPhone(const sip::Message& message, const net::Flow& flow) = 0;
  virtual const std::vector<Sent>& sent() const = 0;
  virtual SteadyTime now() const = 0;
};

}  // namespace sb::call::testing
