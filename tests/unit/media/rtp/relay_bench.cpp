// SPDX-License-Identifier: MIT
// sb_rtp_relay_bench: N calls relayed by RelaySession on this process's main thread, fed by a
// generator thread that plays every call's two phones at a steady packet rate (G.711: 50
// packets/s of 160 octets per direction), spread evenly over each 20 ms. Prints the relay
// thread's CPU time per relayed packet (getrusage RUSAGE_THREAD over the measured window, after
// a warm-up), the loss, and the generator-to-generator latency. Loopback only (127.0.0.1).
//
//   sb_rtp_relay_bench [--sessions N] [--seconds T] [--warmup W] [--pps P] [--payload BYTES]
//                      [--phones K] [--ports MIN-MAX]
//
// The generator and the relay share the machine's cores: on a 2-core box the figures include
// that contention, and on loopback the sender of a datagram also pays for its delivery.
#include <netinet/in.h>
#include <pthread.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "base/clock.h"
#include "media/rtp/port_allocator.h"
#include "media/rtp/raw_address.h"
#include "media/rtp/relay_session.h"

namespace {

using namespace sb::media::rtp;
using Clock = std::chrono::steady_clock;

struct Options {
  std::size_t sessions = 100;
  double seconds = 10;
  double warmup = 2;
  int pps = 50;
  std::size_t payload = 160;
  std::size_t phones = 8;  // generator sockets per side
  std::uint16_t portMin = 10000;
  std::uint16_t portMax = 20000;
};

Options parse(int argc, char** argv) {
  Options o;
  for (int i = 1; i < argc; ++i) {
    const std::string_view arg = argv[i];
    const auto next = [&]() -> const char* {
      if (i + 1 >= argc) {
        std::fprintf(stderr, "%s needs a value\n", argv[i]);
        std::exit(2);
      }
      return argv[++i];
    };
    if (arg == "--sessions")
      o.sessions = std::strtoul(next(), nullptr, 10);
    else if (arg == "--seconds")
      o.seconds = std::strtod(next(), nullptr);
    else if (arg == "--warmup")
      o.warmup = std::strtod(next(), nullptr);
    else if (arg == "--pps")
      o.pps = std::atoi(next());
    else if (arg == "--payload")
      o.payload = std::strtoul(next(), nullptr, 10);
    else if (arg == "--phones")
      o.phones = std::strtoul(next(), nullptr, 10);
    else if (arg == "--ports") {
      const char* v = next();
      if (std::sscanf(v, "%hu-%hu", &o.portMin, &o.portMax) != 2) {
        std::fprintf(stderr, "--ports MIN-MAX\n");
        std::exit(2);
      }
    } else {
      std::fprintf(stderr, "unknown option %s (see the comment at the top of relay_bench.cpp)\n",
                   argv[i]);
      std::exit(2);
    }
  }
  if (o.sessions == 0 || o.phones == 0 || o.pps <= 0 || o.pps > 1000 || o.payload > 1400) {
    std::fprintf(stderr, "bad options\n");
    std::exit(2);
  }
  return o;
}

double threadCpuSeconds() {
  rusage u{};
  ::getrusage(RUSAGE_THREAD, &u);
  return static_cast<double>(u.ru_utime.tv_sec + u.ru_stime.tv_sec) +
         static_cast<double>(u.ru_utime.tv_usec + u.ru_stime.tv_usec) / 1e6;
}

std::int64_t nowNanos() {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(Clock::now().time_since_epoch())
      .count();
}

int openPhone() {
  const int fd = ::socket(AF_INET, SOCK_DGRAM | SOCK_NONBLOCK, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (fd < 0 || ::bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0) {
    std::perror("generator socket");
    std::exit(1);
  }
  const int bytes = 16 << 20;
  if (::setsockopt(fd, SOL_SOCKET, SO_RCVBUFFORCE, &bytes, sizeof bytes) != 0) {
    ::setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &bytes, sizeof bytes);
  }
  ::setsockopt(fd, SOL_SOCKET, SO_SNDBUF, &bytes, sizeof bytes);
  return fd;
}

sb::net::SocketAddress addressOf(int fd) {
  sockaddr_in a{};
  socklen_t length = sizeof a;
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&a), &length);
  return {boost::asio::ip::make_address("127.0.0.1"), ntohs(a.sin_port)};
}

// Latency histogram in 10 µs buckets up to 1 s.
struct Latency {
  static constexpr std::size_t kBuckets = 100000;
  std::vector<std::uint64_t> buckets = std::vector<std::uint64_t>(kBuckets, 0);
  std::uint64_t count = 0;
  void add(std::int64_t nanos) {
    const auto bucket = static_cast<std::size_t>(std::max<std::int64_t>(nanos, 0) / 10000);
    ++buckets[std::min(bucket, kBuckets - 1)];
    ++count;
  }
  double percentileMicros(double p) const {
    const auto target = static_cast<std::uint64_t>(p * static_cast<double>(count));
    std::uint64_t seen = 0;
    for (std::size_t i = 0; i < kBuckets; ++i) {
      seen += buckets[i];
      if (seen > target) return static_cast<double>(i + 1) * 10;
    }
    return 1e6;
  }
};

// Plays both phones of every call: sends on a 1 ms tick, receives what the relay sends back.
class Generator {
 public:
  Generator(const Options& o, std::vector<int> phonesA, std::vector<int> phonesB,
            std::vector<sb::net::SocketAddress> toA, std::vector<sb::net::SocketAddress> toB)
      : o_(o), phones_{std::move(phonesA), std::move(phonesB)}, sequence_(o.sessions, 0) {
    for (std::size_t i = 0; i < o.sessions; ++i) {
      targets_[0].push_back(RawAddress::from(toA[i]));
      targets_[1].push_back(RawAddress::from(toB[i]));
    }
    packets_.assign(o.sessions * 2, std::vector<std::uint8_t>(12 + o.payload, 0xd5));
  }

  void run(std::atomic<bool>& measuring, std::atomic<bool>& done) {
    const int periodMs = 1000 / o_.pps;
    const auto start = Clock::now();
    const auto sendUntil = start + std::chrono::duration<double>(o_.warmup + o_.seconds);
    timespec next{};
    ::clock_gettime(CLOCK_MONOTONIC, &next);
    bool counting = false;
    for (std::uint64_t tick = 0;; ++tick) {
      const auto now = Clock::now();
      if (!counting && now - start >= std::chrono::duration<double>(o_.warmup)) {
        counting = true;
        cpuStart_ = threadCpuSeconds();
        measuring = true;
      }
      if (now >= sendUntil) break;
      sendSlot(static_cast<std::size_t>(tick % static_cast<std::uint64_t>(periodMs)),
               static_cast<std::size_t>(periodMs));
      receiveAll();
      next.tv_nsec += 1000000;
      if (next.tv_nsec >= 1000000000) {
        next.tv_nsec -= 1000000000;
        ++next.tv_sec;
      }
      ::clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &next, nullptr);
    }
    cpuEnd_ = threadCpuSeconds();
    measuring = false;
    // Let the last packets through the relay.
    const auto drainUntil = Clock::now() + std::chrono::milliseconds(500);
    while (Clock::now() < drainUntil) {
      receiveAll();
      std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
    done = true;
  }

  std::uint64_t sent() const { return sent_; }
  std::uint64_t received() const { return received_; }
  double cpuSeconds() const { return cpuEnd_ - cpuStart_; }
  const Latency& latency() const { return latency_; }

 private:
  // Sends one packet from each phone of the calls whose turn it is in this millisecond.
  void sendSlot(std::size_t slot, std::size_t period) {
    for (int side = 0; side < 2; ++side) {
      for (std::size_t phone = 0; phone < o_.phones; ++phone) {
        std::size_t n = 0;
        const std::int64_t stamp = nowNanos();
        for (std::size_t i = slot; i < o_.sessions; i += period) {
          if (i % o_.phones != phone) continue;
          auto& p = packets_[2 * i + static_cast<std::size_t>(side)];
          const std::uint16_t seq = sequence_[i]++;
          p[0] = 0x80;
          p[1] = 0;
          p[2] = static_cast<std::uint8_t>(seq >> 8);
          p[3] = static_cast<std::uint8_t>(seq);
          const auto ssrc = static_cast<std::uint32_t>(i);
          for (int b = 0; b < 4; ++b) p[8 + b] = static_cast<std::uint8_t>(ssrc >> (24 - 8 * b));
          std::memcpy(p.data() + 12, &stamp, sizeof stamp);
          if (n == headers_.size()) flush(phones_[side][phone], n);
          vectors_[n] = iovec{p.data(), p.size()};
          headers_[n] = mmsghdr{};
          headers_[n].msg_hdr.msg_iov = &vectors_[n];
          headers_[n].msg_hdr.msg_iovlen = 1;
          const RawAddress& to = targets_[side][i];
          headers_[n].msg_hdr.msg_name = const_cast<sockaddr*>(to.data());
          headers_[n].msg_hdr.msg_namelen = to.size();
          ++n;
        }
        flush(phones_[side][phone], n);
      }
    }
  }

  void flush(int fd, std::size_t& n) {
    std::size_t at = 0;
    while (at < n) {
      const int r = ::sendmmsg(fd, headers_.data() + at, static_cast<unsigned>(n - at), 0);
      if (r <= 0) {
        ++at;  // counted as sent: the relay never saw it, so it shows as loss
        ++sent_;
        continue;
      }
      at += static_cast<std::size_t>(r);
      sent_ += static_cast<std::uint64_t>(r);
    }
    n = 0;
  }

  void receiveAll() {
    for (const auto& side : phones_) {
      for (const int fd : side) {
        for (;;) {
          for (std::size_t i = 0; i < kBatch; ++i) {
            rvectors_[i] = iovec{rbuffers_[i].data(), rbuffers_[i].size()};
            rheaders_[i] = mmsghdr{};
            rheaders_[i].msg_hdr.msg_iov = &rvectors_[i];
            rheaders_[i].msg_hdr.msg_iovlen = 1;
          }
          const int r = ::recvmmsg(fd, rheaders_.data(), kBatch, MSG_DONTWAIT, nullptr);
          if (r <= 0) break;
          const std::int64_t now = nowNanos();
          for (int i = 0; i < r; ++i) {
            std::int64_t stamp = 0;
            if (rheaders_[static_cast<std::size_t>(i)].msg_len >= 12 + sizeof stamp) {
              std::memcpy(&stamp, rbuffers_[static_cast<std::size_t>(i)].data() + 12, sizeof stamp);
              latency_.add(now - stamp);
            }
          }
          received_ += static_cast<std::uint64_t>(r);
          if (r < static_cast<int>(kBatch)) break;
        }
      }
    }
  }

  static constexpr std::size_t kBatch = 64;
  const Options& o_;
  std::vector<int> phones_[2];
  std::vector<RawAddress> targets_[2];
  std::vector<std::vector<std::uint8_t>> packets_;
  std::vector<std::uint16_t> sequence_;
  std::array<mmsghdr, 256> headers_{};
  std::array<iovec, 256> vectors_{};
  std::array<mmsghdr, kBatch> rheaders_{};
  std::array<iovec, kBatch> rvectors_{};
  std::array<std::array<std::uint8_t, 2048>, kBatch> rbuffers_{};
  std::uint64_t sent_ = 0;
  std::uint64_t received_ = 0;
  double cpuStart_ = 0;
  double cpuEnd_ = 0;
  Latency latency_;
};

struct Totals {
  std::uint64_t relayed = 0;
  std::uint64_t dropped = 0;
  std::uint64_t notForwarded = 0;
  std::uint64_t sendFailed = 0;
};

Totals totalsOf(const std::vector<std::unique_ptr<RelaySession>>& sessions) {
  Totals t;
  for (const auto& s : sessions) {
    for (const auto d : {Direction::AtoB, Direction::BtoA}) {
      const DirectionStats& st = s->stats(d);
      t.relayed += st.packets + st.rtcpPackets;
      t.dropped += st.dropped();
      t.notForwarded += st.notForwarded;
      t.sendFailed += st.sendFailed;
    }
  }
  return t;
}

}  // namespace

int main(int argc, char** argv) {
  const Options o = parse(argc, argv);
  boost::asio::io_context io(1);  // run by this thread only
  sb::RealClock clock;
  RelayWorkspace workspace;
  SocketPoller poller(io);
  PortAllocator ports(boost::asio::ip::make_address("127.0.0.1"), o.portMin, o.portMax);

  std::vector<int> phonesA, phonesB;
  for (std::size_t i = 0; i < o.phones; ++i) {
    phonesA.push_back(openPhone());
    phonesB.push_back(openPhone());
  }
  std::vector<std::unique_ptr<RelaySession>> sessions;
  std::vector<sb::net::SocketAddress> toA, toB;
  for (std::size_t i = 0; i < o.sessions; ++i) {
    auto a = ports.allocate();
    auto b = ports.allocate();
    if (!a.ok() || !b.ok()) {
      std::fprintf(stderr, "session %zu: %s%s\n", i, a.error.c_str(), b.error.c_str());
      return 1;
    }
    auto s = std::make_unique<RelaySession>(poller, workspace, clock, std::move(*a.lease),
                                            std::move(*b.lease));
    s->expectRemote(Leg::A, addressOf(phonesA[i % o.phones]));
    s->expectRemote(Leg::B, addressOf(phonesB[i % o.phones]));
    toA.push_back(s->localRtp(Leg::A));
    toB.push_back(s->localRtp(Leg::B));
    sessions.push_back(std::move(s));
  }

  Generator generator(o, phonesA, phonesB, toA, toB);
  std::atomic<bool> measuring{false};
  std::atomic<bool> done{false};
  std::thread generatorThread([&] { generator.run(measuring, done); });

  // The relay: this thread. Samples its CPU time and the relayed count as the generator's
  // measuring window opens and closes (checked every 10 ms).
  double cpuStart = 0, cpuEnd = 0;
  Totals atStart, atEnd;
  bool started = false, ended = false;
  boost::asio::steady_timer poll(io);
  std::function<void()> check = [&] {
    if (!started && measuring) {
      started = true;
      cpuStart = threadCpuSeconds();
      atStart = totalsOf(sessions);
    }
    if (started && !ended && !measuring) {
      ended = true;
      cpuEnd = threadCpuSeconds();
      atEnd = totalsOf(sessions);
    }
    if (done) {
      io.stop();
      return;
    }
    poll.expires_after(std::chrono::milliseconds(10));
    poll.async_wait([&](const boost::system::error_code&) { check(); });
  };
  check();
  io.run();
  generatorThread.join();

  const Totals final = totalsOf(sessions);
  const double relayed = static_cast<double>(atEnd.relayed - atStart.relayed);
  const double cpu = cpuEnd - cpuStart;
  const double lost =
      static_cast<double>(generator.sent()) - static_cast<double>(generator.received());
  std::printf("sessions            %zu (%zu relay sockets, %zu generator sockets)\n", o.sessions,
              o.sessions * 4, o.phones * 2);
  std::printf("offered             %d pps x 2 directions x %zu = %zu packets/s of %zu octets\n",
              o.pps, o.sessions, static_cast<std::size_t>(o.pps) * 2 * o.sessions, 12 + o.payload);
  std::printf("window              %.1f s after %.1f s warm-up\n", o.seconds, o.warmup);
  std::printf("relayed in window   %.0f packets (%.0f/s)\n", relayed, relayed / o.seconds);
  std::printf("relay CPU           %.3f s = %.1f%% of a core\n", cpu, 100 * cpu / o.seconds);
  std::printf("relay CPU/packet    %.2f us\n", relayed > 0 ? cpu * 1e6 / relayed : 0.0);
  std::printf("generator CPU       %.3f s = %.1f%% of a core\n", generator.cpuSeconds(),
              100 * generator.cpuSeconds() / (o.seconds));
  std::printf("sent / received     %lu / %lu, lost %.0f (%.4f%%)\n",
              static_cast<unsigned long>(generator.sent()),
              static_cast<unsigned long>(generator.received()), lost,
              generator.sent() ? 100 * lost / static_cast<double>(generator.sent()) : 0.0);
  std::printf("relay drops         dropped %lu, not forwarded %lu, send failed %lu\n",
              static_cast<unsigned long>(final.dropped),
              static_cast<unsigned long>(final.notForwarded),
              static_cast<unsigned long>(final.sendFailed));
  std::printf("latency (gen->gen)  p50 %.0f us, p99 %.0f us, p99.9 %.0f us\n",
              generator.latency().percentileMicros(0.5), generator.latency().percentileMicros(0.99),
              generator.latency().percentileMicros(0.999));
  sessions.clear();
  for (int fd : phonesA) ::close(fd);
  for (int fd : phonesB) ::close(fd);
  return lost > 0 ? 3 : 0;
}
