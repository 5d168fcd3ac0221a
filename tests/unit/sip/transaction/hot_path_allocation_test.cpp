// SPDX-License-Identifier: MIT
// The registrar's hot path (new server non-INVITE transaction, one final response, Timer J)
// must stay cheap: this counts heap allocations made inside the transaction layer for it.
#include <gtest/gtest.h>

#include <cstdlib>
#include <new>

#include "transaction_test_support.h"

namespace {
bool gCounting = false;
std::size_t gAllocations = 0;
}  // namespace

// Replaces the global allocator for this test binary, counting only while gCounting is set.
// GCC cannot see that this new and delete are a pair and warns where it inlines them.
#pragma GCC diagnostic ignored "-Wmismatched-new-delete"
void* operator new(std::size_t size) {
  if (gCounting) ++gAllocations;
  if (void* p = std::malloc(size == 0 ? 1 : size)) return p;
  throw std::bad_alloc();
}
void operator delete(void* p) noexcept { std::free(p); }
void operator delete(void* p, std::size_t) noexcept { std::free(p); }

namespace sb::sip::test {
namespace {

class HotPathTest : public ::testing::Test {
 protected:
  // Sends nothing anywhere: only the layer's own allocations are counted.
  ManualClock clock;
  TimerQueue timers{clock};
  std::size_t sends = 0;
  TransactionLayer layer{timers,
                         [this](const net::Flow& to, const Message&) {
                           ++sends;
                           return WireMessage{to, {}};
                         },
                         [this](const WireMessage&) { ++sends; }};

  // One REGISTER answered 200 at once, with the messages built before counting starts.
  std::size_t allocationsForOneRegister(const net::Flow& flow, std::string_view branch) {
    Message reg = request(Method::Register, branch);
    Message ok = response(reg, 200);
    layer.setRequestHandler([&ok](ServerTransaction txn) { txn.respond(std::move(ok)); });
    gAllocations = 0;
    gCounting = true;
    layer.onRequest(std::move(reg), flow);
    gCounting = false;
    return gAllocations;
  }
};

TEST_F(HotPathTest, a_warm_register_transaction_over_tcp_allocates_twice) {
  allocationsForOneRegister(tcpFlow(), "z9hG4bKwarm-up-branch-1");
  // The machine itself and the request's place in the TU's handle: the slot, its key buffer,
  // the scratch key and the (open-addressing) index are reused, and the timer-free reliable
  // transaction ends with its final. The machine is on the heap only while in use, so a burst
  // does not leave kilobytes per slot behind; the request is, so that moving the handle moves a
  // pointer.
  EXPECT_EQ(allocationsForOneRegister(tcpFlow(), "z9hG4bKsecond-branch-2"), 2u);
  EXPECT_EQ(sends, 2u);
  EXPECT_EQ(layer.stats().live, 0u);
}

TEST_F(HotPathTest, a_warm_register_transaction_over_udp_adds_only_timer_j) {
  allocationsForOneRegister(udpFlow(), "z9hG4bKwarm-up-branch-1");
  timers.runDue();
  clock.advance(std::chrono::seconds(40));
  timers.runDue();  // Timer J frees the first slot
  ASSERT_EQ(layer.stats().live, 0u);
  // The two above plus the final response kept (as sent) for retransmissions, on the heap so
  // that the machine and its slot stay small; scheduling Timer J allocates nothing once
  // TimerQueue is warm, as its callback fits std::function's small buffer.
  EXPECT_LE(allocationsForOneRegister(udpFlow(), "z9hG4bKsecond-branch-2"), 3u);
  EXPECT_EQ(layer.stats().live, 1u);
}

}  // namespace
}  // namespace sb::sip::test
