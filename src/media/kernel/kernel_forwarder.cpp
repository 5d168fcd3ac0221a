// SPDX-License-Identifier: MIT
#include "media/kernel/kernel_forwarder.h"

#include <ifaddrs.h>
#include <netinet/in.h>
#include <nftables/libnftables.h>

#include <algorithm>
#include <fstream>

#include "base/log.h"
#include "media/kernel/nft_commands.h"

namespace sb::media::kernel {

namespace {

// IPv4 and UDP headers: nftables counts whole datagrams, the relay counts what UDP carries.
constexpr std::uint64_t kHeaderBytes = 20 + 8;

bool ipForwardingOn() {
  std::ifstream file("/proc/sys/net/ipv4/ip_forward");
  char value = '0';
  file >> value;
  return value == '1';
}

std::vector<boost::asio::ip::address> hostAddresses() {
  std::vector<boost::asio::ip::address> out;
  ifaddrs* list = nullptr;
  if (::getifaddrs(&list) != 0) return out;
  for (const ifaddrs* i = list; i != nullptr; i = i->ifa_next) {
    if (i->ifa_addr == nullptr || i->ifa_addr->sa_family != AF_INET) continue;
    const auto* v4 = reinterpret_cast<const sockaddr_in*>(i->ifa_addr);
    out.emplace_back(boost::asio::ip::address_v4(ntohl(v4->sin_addr.s_addr)));
  }
  ::freeifaddrs(list);
  return out;
}

std::string trimmed(const char* text) {
  std::string s = text == nullptr ? "" : text;
  while (!s.empty() && (s.back() == '\n' || s.back() == ' ')) s.pop_back();
  return s;
}

}  // namespace

Result<std::unique_ptr<KernelForwarder>> KernelForwarder::open(const Settings& settings) {
  nft_ctx* context = nft_ctx_new(NFT_CTX_DEFAULT);
  if (context == nullptr) return fail("nftables is not usable");
  nft_ctx_buffer_output(context);
  nft_ctx_buffer_error(context);
  const std::string table = tableName(settings.portMin);
  // Clearing a table checks the permission, and removes what a crashed run left.
  if (nft_run_cmd_from_buffer(context, clearCommands(table).c_str()) != 0) {
    std::string why = trimmed(nft_ctx_get_error_buffer(context));
    if (why.empty()) why = "nftables refused the table";
    nft_ctx_free(context);
    return fail(std::move(why));
  }
  return std::unique_ptr<KernelForwarder>(new KernelForwarder(settings, context, table, ipForwardingOn()));
}

KernelForwarder::KernelForwarder(const Settings& settings, nft_ctx* context, std::string table, bool ipForwarding)
    : settings_(settings),
      context_(context),
      table_(std::move(table)),
      ipForwarding_(ipForwarding),
      localAddresses_(hostAddresses()) {
  worker_ = std::thread([this] { run(); });
}

KernelForwarder::~KernelForwarder() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_one();
  worker_.join();
  // Whatever is still installed goes with the table; conntrack entries time out on their own.
  if (tableLoaded_) {
    if (auto deleted = execute(deleteTableCommand(table_)); !deleted)
      SB_LOG_WARNING("kernel forwarding: {}", deleted.error());
  }
  nft_ctx_free(context_);
}

bool KernelForwarder::isLocal(const boost::asio::ip::address& ip) const {
  if (ip.is_loopback()) return true;
  for (const auto& own : localAddresses_) {
    if (own == ip) return true;
  }
  return false;
}

bool KernelForwarder::canCarry(const rtp::OffloadPath& path) const {
  for (const auto* address : {&path.phoneA, &path.relayA, &path.phoneB, &path.relayB}) {
    if (!address->ip.is_v4() || address->ip.is_unspecified() || address->port == 0) return false;
  }
  return ipForwarding_ || (isLocal(path.phoneA.ip) && isLocal(path.phoneB.ip));
}

rtp::Offloader::Id KernelForwarder::install(const rtp::OffloadPath& path) {
  std::lock_guard lock(mutex_);
  if (entries_.size() >= 65535) return 0;
  std::uint16_t zone = nextZone_;
  while (zone == 0 || entries_.contains(zone)) ++zone;
  nextZone_ = static_cast<std::uint16_t>(zone + 1);
  entries_.emplace(zone, Entry{path, zone, {}});
  pending_.push_back(installCommands(table_, zone, path));
  wake_.notify_one();
  return zone;
}

void KernelForwarder::remove(Id id) {
  std::lock_guard lock(mutex_);
  const auto found = entries_.find(id);
  if (found == entries_.end()) return;
  pending_.push_back(removeCommands(table_, found->second.path));
  entries_.erase(found);
  wake_.notify_one();
}

rtp::OffloadCounters KernelForwarder::counters(Id id, rtp::Direction direction) const {
  std::lock_guard lock(mutex_);
  const auto found = entries_.find(id);
  if (found == entries_.end()) return {};
  return found->second.counters[rtp::indexOf(direction)];
}

std::chrono::milliseconds KernelForwarder::counterDelay() const {
  // A packet just after one reading shows in the next; the reading itself takes a while.
  return 2 * settings_.pollInterval;
}

std::size_t KernelForwarder::installed() const {
  std::lock_guard lock(mutex_);
  return entries_.size();
}

void KernelForwarder::run() {
  auto nextReading = std::chrono::steady_clock::now() + settings_.pollInterval;
  std::unique_lock lock(mutex_);
  while (!stopping_) {
    auto wakeAt = nextReading;
    if (idleSince_) wakeAt = std::min(wakeAt, *idleSince_ + settings_.idleBeforeUnload);
    wake_.wait_until(lock, wakeAt, [this] { return stopping_ || !pending_.empty(); });
    if (stopping_) break;
    std::vector<std::string> batch;
    batch.swap(pending_);
    const bool noPaths = entries_.empty();
    lock.unlock();
    apply(std::move(batch), noPaths);
    if (std::chrono::steady_clock::now() >= nextReading) {
      if (tableLoaded_) readCounters();
      nextReading = std::chrono::steady_clock::now() + settings_.pollInterval;
    }
    lock.lock();
  }
}

void KernelForwarder::apply(std::vector<std::string> batch, bool noPaths) {
  const auto now = std::chrono::steady_clock::now();
  if (!batch.empty() && !tableLoaded_) {
    if (auto loaded = execute(rulesetCommands(table_)); !loaded) {
      SB_LOG_WARNING("kernel forwarding: cannot load the table: {}", loaded.error());
      return;  // the calls stay with the relay's sockets
    }
    tableLoaded_ = true;
  }
  if (!batch.empty()) {
    // One transaction for all that queued up; if it fails (one removal of an element whose
    // installation had failed), each group again on its own so the others still apply.
    std::string all;
    for (const auto& group : batch) all += group;
    if (!execute(all)) {
      for (const auto& group : batch) {
        if (auto applied = execute(group); !applied) SB_LOG_WARNING("kernel forwarding: {}", applied.error());
      }
    }
  }
  // Installs queued after the snapshot come in the next round, which loads the table again.
  if (!tableLoaded_ || !noPaths) {
    idleSince_.reset();
  } else if (!idleSince_) {
    idleSince_ = now;
  } else if (now - *idleSince_ >= settings_.idleBeforeUnload) {
    if (auto deleted = execute(deleteTableCommand(table_)); deleted) {
      tableLoaded_ = false;
    } else {
      SB_LOG_WARNING("kernel forwarding: {}", deleted.error());
    }
    idleSince_.reset();
  }
}

Status KernelForwarder::execute(const std::string& commands) {
  const int result = nft_run_cmd_from_buffer(context_, commands.c_str());
  if (result == 0) {
    nft_ctx_get_error_buffer(context_);  // empties it
    return {};
  }
  return fail(trimmed(nft_ctx_get_error_buffer(context_)));
}

void KernelForwarder::readCounters() {
  const auto counters = counterReader_.read(table_);
  if (!counters) {
    if (!countersFailedLogged_) SB_LOG_WARNING("kernel forwarding: cannot read counters: {}", counters.error());
    countersFailedLogged_ = true;
    return;
  }
  const auto now = std::chrono::steady_clock::now();
  std::lock_guard lock(mutex_);
  for (const StreamCounter& c : *counters) {
    const auto found = entries_.find(c.zone);
    if (found == entries_.end()) continue;  // removed since
    Entry& entry = found->second;
    const bool fromA = c.relayPort == entry.path.relayA.port && c.source == entry.path.phoneA;
    const bool fromB = c.relayPort == entry.path.relayB.port && c.source == entry.path.phoneB;
    if (!fromA && !fromB) continue;  // an element of an earlier path in a reused zone
    rtp::OffloadCounters& kept = entry.counters[fromA ? 0 : 1];
    if (c.packets > kept.packets) kept.lastIncrease = now;
    kept.packets = c.packets;
    kept.payloadBytes = c.bytes - std::min(c.bytes, kHeaderBytes * c.packets);
  }
}

}  // namespace sb::media::kernel
