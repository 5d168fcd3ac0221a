// SPDX-License-Identifier: MIT
#pragma once
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <unordered_map>
#include <vector>

#include "base/result.h"
#include "media/kernel/counter_reader.h"
#include "media/rtp/offload.h"

struct nft_ctx;

namespace sb::media::kernel {

// Forwards offloaded calls' RTP in the kernel with nftables (conntrack NAT; see nft_commands.h
// and decision 0013): after that, a relayed packet costs the relay nothing, and the machine about
// a quarter of what the user-space relay costs. Needs CAP_NET_ADMIN. The table exists only while
// calls are forwarded (and `idleBeforeUnload` after the last): its NAT chains turn connection
// tracking on for all of the host's traffic, which a PBX without calls should not pay for.
//
// Netlink work (a few hundred µs per change, tens of ms to read the counters of a thousand
// calls) runs on a thread of its own so the signalling loop never waits for it: install and
// remove queue commands; counters are read every `pollInterval` and kept for the relay to ask.
class KernelForwarder final : public rtp::Offloader {
 public:
  struct Settings {
    std::uint16_t portMin = 10000;
    std::chrono::milliseconds pollInterval{1000};
    std::chrono::milliseconds idleBeforeUnload{30000};
  };

  // Fails, saying why, when nftables cannot be used (no CAP_NET_ADMIN, no nf_tables).
  static Result<std::unique_ptr<KernelForwarder>> open(const Settings& settings);
  ~KernelForwarder() override;
  KernelForwarder(const KernelForwarder&) = delete;
  KernelForwarder& operator=(const KernelForwarder&) = delete;

  // IPv4 only. A phone on another host needs IPv4 forwarding on (net.ipv4.ip_forward): the
  // kernel routes the rewritten packet out again; without it only phones on this host qualify.
  bool canCarry(const rtp::OffloadPath& path) const override;
  Id install(const rtp::OffloadPath& path) override;
  void remove(Id id) override;
  rtp::OffloadCounters counters(Id id, rtp::Direction direction) const override;
  std::chrono::milliseconds counterDelay() const override;

  bool routesForOtherHosts() const { return ipForwarding_; }
  std::size_t installed() const;
  // Whether the table is in the kernel now (the worker's view; for tests and `ctl`).
  bool tableLoaded() const { return tableLoaded_.load(); }

 private:
  KernelForwarder(const Settings& settings, nft_ctx* context, std::string table, bool ipForwarding);
  struct Entry {
    rtp::OffloadPath path;
    std::uint16_t zone = 0;
    std::array<rtp::OffloadCounters, 2> counters{};
  };

  void run();
  // The worker's part of a round: the queued groups, then loading or unloading the table.
  void apply(std::vector<std::string> batch, bool noPaths);
  Status execute(const std::string& commands);
  void readCounters();
  bool isLocal(const boost::asio::ip::address& ip) const;

  const Settings settings_;
  nft_ctx* const context_;  // used by the worker thread only (and the constructor/destructor)
  const std::string table_;
  const bool ipForwarding_;
  std::vector<boost::asio::ip::address> localAddresses_;

  mutable std::mutex mutex_;
  std::condition_variable wake_;
  bool stopping_ = false;
  std::vector<std::string> pending_;  // command groups, one per install or removal
  std::unordered_map<Id, Entry> entries_;
  std::uint16_t nextZone_ = 1;
  bool countersFailedLogged_ = false;
  CounterReader counterReader_;  // the worker's
  std::atomic<bool> tableLoaded_{false};  // written by the worker only
  std::optional<std::chrono::steady_clock::time_point> idleSince_;  // the worker's
  std::thread worker_;
};

}  // namespace sb::media::kernel
