// SPDX-License-Identifier: MIT
#pragma once
#include <gtest/gtest.h>

#include <chrono>
#include <string>
#include <string_view>
#include <vector>

#include "base/clock.h"
#include "base/timer_queue.h"
#include "net/socket_address.h"
#include "sip/message/message.h"
#include "sip/message/response_builder.h"
#include "sip/transaction/transaction_layer.h"

namespace sb::sip::test {

using namespace std::chrono_literals;

inline net::SocketAddress address(std::string_view text) {
  auto parsed = net::SocketAddress::parse(text);
  EXPECT_TRUE(parsed.has_value()) << text;
  return parsed.value_or(net::SocketAddress{});
}

inline net::Flow udpFlow() {
  return net::Flow{net::TransportKind::Udp, address("192.0.2.10:5060"), address("192.0.2.1:5060")};
}

inline net::Flow tcpFlow() {
  return net::Flow{net::TransportKind::Tcp, address("192.0.2.10:40001"),
                   address("192.0.2.1:5060"), 7};
}

inline Uri sipUri(std::string_view user, std::string_view host) {
  Uri uri;
  uri.scheme = "sip";
  uri.user = std::string(user);
  uri.host = std::string(host);
  return uri;
}

inline Via via(std::string_view branch, std::string_view host = "192.0.2.10",
               std::uint16_t port = 5060, std::string_view transport = "UDP") {
  Via v;
  v.transport = std::string(transport);
  v.host = std::string(host);
  v.port = port;
  if (!branch.empty()) v.params.set("branch", std::string(branch));
  return v;
}

// A request as a phone would send it: one Via, tags on From only, CSeq 1.
inline Message request(Method method, std::string_view branch, std::string_view callId = "c1@h") {
  const std::string name(methodName(method));
  Message msg = Message::request(method, name, sipUri("100", "pbx.example"));
  msg.setVias({via(branch)});
  NameAddr from;
  from.uri = sipUri("200", "pbx.example");
  from.params.set("tag", std::string("from-tag"));
  msg.setFrom(from);
  NameAddr to;
  to.uri = sipUri("100", "pbx.example");
  msg.setTo(to);
  msg.setCallId(std::string(callId));
  msg.setCSeq(CSeq{1, name});
  msg.setMaxForwards(70);
  return msg;
}

inline Message response(const Message& req, int code, std::string_view toTag = "to-tag") {
  return makeResponse(req, code, {}, toTag);
}

// A layer on a manual clock whose SendFunction records what would have gone out, and when.
class TransactionLayerTest : public ::testing::Test {
 protected:
  struct Sent {
    SteadyTime at;
    net::Flow to;
    Message msg;
  };

  // Moves time on deadline by deadline, so a timer re-armed inside a callback counts from its
  // own deadline, as it would on a live event loop.
  void advance(std::chrono::milliseconds duration) {
    const SteadyTime target = clock.steadyNow() + duration;
    while (auto next = timers.nextDeadline()) {
      if (*next > target) break;
      if (*next > clock.steadyNow()) clock.advance(*next - clock.steadyNow());
      timers.runDue();
    }
    clock.advance(target - clock.steadyNow());
    timers.runDue();
  }

  std::chrono::milliseconds elapsed(SteadyTime at) const {
    return std::chrono::duration_cast<std::chrono::milliseconds>(at - start);
  }

  // When each message satisfying `pred` was sent, in ms since the test began.
  template <typename Pred>
  std::vector<long> sendTimes(Pred pred) const {
    std::vector<long> times;
    for (const Sent& s : sent) {
      if (pred(s.msg)) times.push_back(static_cast<long>(elapsed(s.at).count()));
    }
    return times;
  }

  std::vector<long> allSendTimes() const {
    return sendTimes([](const Message&) { return true; });
  }

  ManualClock clock;
  TimerQueue timers{clock};
  SteadyTime start = clock.steadyNow();
  std::vector<Sent> sent;
  // Records what the layer sends; a resent response is parsed back from the bytes kept.
  WireMessage record(const net::Flow& to, const Message& msg) {
    sent.push_back(Sent{clock.steadyNow(), to, msg});
    return WireMessage{to, msg.serialize()};
  }
  void recordResent(const WireMessage& wire) {
    auto parsed = parse(wire.bytes);
    ASSERT_TRUE(parsed.message.has_value()) << parsed.error;
    sent.push_back(Sent{clock.steadyNow(), wire.to, std::move(*parsed.message)});
  }
  TransactionLayer layer{timers,
                         [this](const net::Flow& to, const Message& msg) { return record(to, msg); },
                         [this](const WireMessage& wire) { recordResent(wire); }};
};

}  // namespace sb::sip::test
