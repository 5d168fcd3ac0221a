// SPDX-License-Identifier: MIT
// rtp-load: the phones of N calls through an RTP relay, for bench/media-relay.sh. Call c has a
// caller (A) and a callee (B); A sends G.711 RTP (50 packets/s, 172 bytes: 12 of header, 160 of
// payload) to the relay's port for the caller's leg, B to the relay's port for the callee's
// leg, and each counts what the relay delivers to it from the other. The relay is expected to
// latch on to where each stream comes from (or to have been told by SDP), so A's packets must
// arrive at B and B's at A, nowhere else.
//
// usage: [HELPER_PIDS="PID..."] rtp-load PAIRS WARMUP_S MEASURE_S POOL BIND_BASE [PID...]
//   PAIRS: one call per line, "RELAY_A RELAY_B": the relay's ports (127.0.0.1) for the caller's
//   and the callee's leg.
//   POOL: how many sockets play callers and as many callees: call c's A is caller socket c % POOL,
//   its B callee socket c % POOL. One loopback machine cannot afford a socket and a system call
//   per packet for 1000 calls (100,000 packets/s each way) on top of the relay on two cores, so
//   the phones' side batches (sendmmsg/recvmmsg) over a few sockets; the relay's side is
//   untouched: each call still has its own relay ports, and every leg latches on its own.
//   Packets carry their stream in the SSRC, so a packet delivered to the wrong call is counted.
//   BIND_BASE: 0 binds any free ports; else caller socket g binds BIND_BASE + 4g and callee
//   socket g BIND_BASE + 4g + 2 (what rtpengine-ng.py writes into the SDPs).
// Every stream sends WARMUP_S + MEASURE_S seconds of packets, numbered from 0 (the 32-bit number
// is the payload's first four bytes; the RTP sequence number is its low 16 bits). Streams start
// spread evenly over one 20 ms period. The first WARMUP_S seconds (latching; first packets sent
// where the SDP pointed) are not counted: loss is over the packets numbered in the measured part,
// received at any time until 1 s after the last was sent; each carries its send time, so the
// relay's delay (send to receipt, this loop's own lateness included) is reported as percentiles.
// The relay's CPU (utime+stime of the PIDs, from /proc) is read when the measured part starts and
// ends and divided by the packets that arrived in between. At the end, /proc/net/udp tells what
// the relay's sockets dropped (receive queue full) and still hold (a relay that cannot keep up
// builds queues, hence delay, before it drops). The whole machine's busy time is read too
// (machine_us_per_packet), and without what the HELPER_PIDS used (processes that hold the calls'
// signalling, such as sipp, and are no part of relaying: machine_less_helpers_us_per_packet).
// Prints key=value lines.
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

enum { kPacketBytes = 172, kPeriodUs = 20000, kBatch = 64, kMaxSendsPerRound = 4096, kTickUs = 1000,
       kDelayBuckets = 100000 /* of 0.1 ms: up to 10 s */ };
static uint32_t delayHistogram[kDelayBuckets];
static int64_t maxDelayUs = 0;

// The delay (ms) that the given fraction of the measured packets that arrived did not exceed.
static double delayPercentile(uint64_t arrived, double fraction) {
  const uint64_t want = (uint64_t)((double)arrived * fraction);
  uint64_t seen = 0;
  for (int b = 0; b < kDelayBuckets; ++b) {
    seen += delayHistogram[b];
    if (seen > want || (seen == arrived && arrived > 0)) return (b + 1) / 10.0;
  }
  return 0.0;
}
static const uint32_t kSsrcBase = 0x5B000000u;

typedef struct {
  int fd;
  // Outgoing batch: up to kBatch packets to different relay ports.
  struct mmsghdr out[kBatch];
  struct iovec outIov[kBatch];
  struct sockaddr_in outTo[kBatch];
  uint8_t outData[kBatch][kPacketBytes];
  unsigned outCount;
} Endpoint;

typedef struct {
  uint16_t relay[2];  // [0]: the caller's leg (A sends there), [1]: the callee's leg
  uint64_t rxMeasured[2], rxDuplicates[2], rxReordered[2];  // [0]: at B (from A), [1]: at A
  int64_t lastNumber[2];
  uint8_t* seen[2];
} Call;

static int64_t nowUs(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (int64_t)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

static double processCpuSeconds(void) {
  struct timespec ts;
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

// Clock ticks of the whole machine (all CPUs) from /proc/stat: busy (user, nice, system, irq,
// softirq) and stolen by the hypervisor (steal: time our vCPUs wanted to run and did not, which is
// no CPU of ours; counted apart so that a run on a busy host shows). Kernel forwarding does its
// work in softirq and in the sender's system calls, which no relay process is charged for; the
// busy ticks count it wherever it ran.
static void machineTicks(long long* busy, long long* stolen) {
  *busy = 0;
  *stolen = 0;
  FILE* f = fopen("/proc/stat", "r");
  if (!f) return;
  unsigned long long user = 0, nice = 0, system = 0, idle = 0, iowait = 0, irq = 0, softirq = 0, steal = 0;
  const int got = fscanf(f, "cpu %llu %llu %llu %llu %llu %llu %llu %llu", &user, &nice, &system, &idle,
                         &iowait, &irq, &softirq, &steal);
  fclose(f);
  if (got < 8) return;
  *busy = (long long)(user + nice + system + irq + softirq);
  *stolen = (long long)steal;
}

// utime+stime in clock ticks of the given processes; /proc/PID/stat counts all their threads.
static long long serverTicks(char** pids, int count) {
  long long total = 0;
  for (int i = 0; i < count; ++i) {
    char path[64], buf[2048];
    snprintf(path, sizeof path, "/proc/%s/stat", pids[i]);
    FILE* f = fopen(path, "r");
    if (!f) continue;
    size_t n = fread(buf, 1, sizeof buf - 1, f);
    fclose(f);
    buf[n] = 0;
    char* p = strrchr(buf, ')');  // the name may hold spaces; fields are counted after it
    if (!p) continue;
    unsigned long long utime = 0, stime = 0;
    // After ")": state ppid pgrp session tty tpgid flags minflt cminflt majflt cmajflt utime stime
    if (sscanf(p + 2, "%*c %*d %*d %*d %*d %*d %*u %*u %*u %*u %*u %llu %llu", &utime, &stime) == 2)
      total += (long long)(utime + stime);
  }
  return total;
}

// Datagrams the kernel dropped at 127.0.0.1 sockets whose port is marked in `relay` or `ours`
// because their receive queue was full: the "drops" column of /proc/net/udp (since each socket
// was opened). It tells where lost packets were lost: at the relay's sockets (it did not read in
// time), at ours, or neither (inside the relay).
static void socketDrops(const uint8_t* relay, const uint8_t* ours, uint64_t* relayDrops, uint64_t* ourDrops,
                        uint64_t* relayQueued) {
  *relayDrops = *ourDrops = *relayQueued = 0;
  FILE* f = fopen("/proc/net/udp", "r");
  if (!f) return;
  char line[512];
  while (fgets(line, sizeof line, f)) {
    unsigned addr, port, rxQueue;
    if (sscanf(line, " %*u: %8X:%4X %*8X:%*4X %*2X %*8X:%8X", &addr, &port, &rxQueue) != 3 ||
        addr != htonl(INADDR_LOOPBACK) || port > 65535)
      continue;
    const char* last = strrchr(line, ' ');
    const unsigned long long drops = last ? strtoull(last + 1, NULL, 10) : 0;
    if (relay[port]) *relayDrops += drops, *relayQueued += rxQueue;
    if (ours[port]) *ourDrops += drops;
  }
  fclose(f);
}

static int openEndpoint(unsigned port) {
  int fd = socket(AF_INET, SOCK_DGRAM | SOCK_NONBLOCK, 0);
  if (fd < 0) return -1;
  int size = 4 << 20;  // a round's burst must not overflow the default 208 KB
  setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &size, sizeof size);
  setsockopt(fd, SOL_SOCKET, SO_SNDBUF, &size, sizeof size);
  struct sockaddr_in a = {.sin_family = AF_INET, .sin_port = htons((uint16_t)port)};
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (bind(fd, (struct sockaddr*)&a, sizeof a) < 0) {
    close(fd);
    return -1;
  }
  return fd;
}

static uint64_t sendErrors = 0;

static void flush(Endpoint* e) {
  unsigned done = 0;
  while (done < e->outCount) {
    const int n = sendmmsg(e->fd, e->out + done, e->outCount - done, 0);
    if (n <= 0) {
      if (n < 0 && errno == EINTR) continue;
      sendErrors += e->outCount - done;  // a full send buffer on loopback: counted, not retried
      break;
    }
    done += (unsigned)n;
  }
  e->outCount = 0;
}

int main(int argc, char** argv) {
  if (argc < 6) {
    fprintf(stderr, "usage: %s PAIRS WARMUP_S MEASURE_S POOL BIND_BASE [PID...]\n", argv[0]);
    return 2;
  }
  const int warmup = atoi(argv[2]), measure = atoi(argv[3]);
  const unsigned poolWanted = (unsigned)atoi(argv[4]), bindBase = (unsigned)atoi(argv[5]);
  char** pids = argv + 6;
  const int pidCount = argc - 6;
  char* helpers[64];
  int helperCount = 0;
  static char helperList[1024];
  snprintf(helperList, sizeof helperList, "%s", getenv("HELPER_PIDS") ? getenv("HELPER_PIDS") : "");
  for (char* tok = strtok(helperList, " "); tok && helperCount < 64; tok = strtok(NULL, " ")) helpers[helperCount++] = tok;
  if (warmup < 1 || measure < 1 || poolWanted < 1) {
    fprintf(stderr, "rtp-load: WARMUP_S, MEASURE_S and POOL must be at least 1\n");
    return 2;
  }

  struct rlimit rl;
  if (getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur < rl.rlim_max) {
    rl.rlim_cur = rl.rlim_max;
    setrlimit(RLIMIT_NOFILE, &rl);
  }

  FILE* in = fopen(argv[1], "r");
  if (!in) {
    perror("rtp-load: PAIRS");
    return 2;
  }
  size_t capacity = 1024, calls = 0;
  Call* call = calloc(capacity, sizeof *call);
  char line[256];
  while (fgets(line, sizeof line, in)) {
    unsigned ra = 0, rb = 0;
    if (sscanf(line, "%u %u", &ra, &rb) < 2) continue;
    if (ra == 0 || ra > 65535 || rb == 0 || rb > 65535) {
      fprintf(stderr, "rtp-load: bad line: %s", line);
      return 2;
    }
    if (calls == capacity) {
      capacity *= 2;
      call = realloc(call, capacity * sizeof *call);
    }
    memset(&call[calls], 0, sizeof *call);
    call[calls].relay[0] = (uint16_t)ra;
    call[calls].relay[1] = (uint16_t)rb;
    ++calls;
  }
  fclose(in);
  if (calls == 0) {
    fprintf(stderr, "rtp-load: no calls in %s\n", argv[1]);
    return 2;
  }

  const unsigned pool = poolWanted < calls ? poolWanted : (unsigned)calls;
  // endpoint[g] is caller socket g, endpoint[pool + g] callee socket g.
  Endpoint* endpoint = calloc(2 * pool, sizeof *endpoint);
  const int epfd = epoll_create1(0);
  for (unsigned i = 0; i < 2 * pool; ++i) {
    const unsigned g = i % pool, callee = i >= pool;
    const unsigned port = bindBase ? bindBase + 4 * g + 2 * callee : 0;
    endpoint[i].fd = openEndpoint(port);
    if (endpoint[i].fd < 0) {
      fprintf(stderr, "rtp-load: cannot bind 127.0.0.1:%u: %s\n", port, strerror(errno));
      return 1;
    }
    for (unsigned b = 0; b < kBatch; ++b) {
      Endpoint* e = &endpoint[i];
      e->outTo[b].sin_family = AF_INET;
      e->outTo[b].sin_addr.s_addr = htonl(INADDR_LOOPBACK);
      e->outIov[b].iov_base = e->outData[b];
      e->outIov[b].iov_len = kPacketBytes;
      e->out[b].msg_hdr.msg_iov = &e->outIov[b];
      e->out[b].msg_hdr.msg_iovlen = 1;
      e->out[b].msg_hdr.msg_name = &e->outTo[b];
      e->out[b].msg_hdr.msg_namelen = sizeof e->outTo[b];
    }
    struct epoll_event ev = {.events = EPOLLIN, .data.u32 = i};
    if (epoll_ctl(epfd, EPOLL_CTL_ADD, endpoint[i].fd, &ev) < 0) {
      perror("rtp-load: epoll_ctl");
      return 1;
    }
  }

  const size_t streams = calls * 2;  // stream 2c: A to B of call c; 2c+1: B to A
  const uint32_t perStream = (uint32_t)(warmup + measure) * (1000000 / kPeriodUs);
  const uint32_t firstMeasured = (uint32_t)warmup * (1000000 / kPeriodUs);
  for (size_t c = 0; c < calls; ++c) {
    for (int d = 0; d < 2; ++d) {
      call[c].lastNumber[d] = -1;
      call[c].seen[d] = calloc(perStream / 8 + 1, 1);
    }
  }

  // Packet g of the whole run is stream g % streams, number g / streams, due at
  // t0 + (g % streams) * period / streams + (g / streams) * period: in order of g.
  const uint64_t totalPackets = (uint64_t)streams * perStream;
  uint64_t next = 0;
  const int64_t t0 = nowUs() + 200000;
  const int64_t windowStart = t0 + (int64_t)warmup * 1000000;
  const int64_t windowEnd = windowStart + (int64_t)measure * 1000000;
  int64_t sendEnd = 0, lastSendPass = 0;
  int windowState = 0;  // 0 before, 1 in, 2 after the measured part
  long long ticksStart = 0, ticksEnd = 0, machineStart = 0, machineEnd = 0, helpersStart = 0, helpersEnd = 0;
  long long stealStart = 0, stealEnd = 0;
  double cpuStart = 0, cpuEnd = 0;
  int64_t realStart = 0, realEnd = 0;
  uint64_t rxInWindow = 0, txInWindow = 0, misrouted = 0, malformed = 0, lateOver10ms = 0;
  int64_t maxLateUs = 0;
  struct epoll_event events[256];
  static uint8_t rxData[kBatch][2048];
  struct mmsghdr rx[kBatch];
  struct iovec rxIov[kBatch];
  for (unsigned b = 0; b < kBatch; ++b) {
    rxIov[b].iov_base = rxData[b];
    rxIov[b].iov_len = sizeof rxData[b];
    memset(&rx[b], 0, sizeof rx[b]);
    rx[b].msg_hdr.msg_iov = &rxIov[b];
    rx[b].msg_hdr.msg_iovlen = 1;
  }

  for (;;) {
    const int64_t now = nowUs();
    if (windowState == 0 && now >= windowStart) {
      windowState = 1;
      realStart = now;
      ticksStart = serverTicks(pids, pidCount);
      machineTicks(&machineStart, &stealStart);
      helpersStart = serverTicks(helpers, helperCount);
      cpuStart = processCpuSeconds();
    } else if (windowState == 1 && now >= windowEnd) {
      windowState = 2;
      realEnd = now;
      ticksEnd = serverTicks(pids, pidCount);
      machineTicks(&machineEnd, &stealEnd);
      helpersEnd = serverTicks(helpers, helperCount);
      cpuEnd = processCpuSeconds();
    }
    // Send what is due once per tick (so that each socket's sendmmsg carries several packets),
    // at most kMaxSendsPerRound before receiving again: a generator that fell behind must not
    // starve its own receive side (the lateness is reported).
    const int sendPass = now - lastSendPass >= kTickUs;
    if (sendPass) lastSendPass = now;
    for (unsigned round = 0; sendPass && next < totalPackets && round < kMaxSendsPerRound; ++round) {
      const size_t s = next % streams;
      const uint32_t k = (uint32_t)(next / streams);
      const int64_t due = t0 + (int64_t)(s * kPeriodUs / streams) + (int64_t)k * kPeriodUs;
      if (due > now) break;
      if (now - due > maxLateUs) maxLateUs = now - due;
      if (now - due > 10000) ++lateOver10ms;
      const size_t c = s / 2;
      Endpoint* e = &endpoint[(s % 2) * pool + c % pool];
      uint8_t* p = e->outData[e->outCount];
      memset(p, 0xFF, kPacketBytes);  // µ-law silence
      p[0] = 0x80;                     // V=2
      p[1] = 0;                        // PT 0 (PCMU)
      p[2] = (uint8_t)(k >> 8);
      p[3] = (uint8_t)k;
      const uint32_t ts = htonl(k * 160), ssrc = htonl(kSsrcBase + (uint32_t)s), number = htonl(k);
      memcpy(p + 4, &ts, 4);
      memcpy(p + 8, &ssrc, 4);
      memcpy(p + 12, &number, 4);
      const int64_t sentAt = nowUs();  // µs; read back by the receiver for the relay's delay
      memcpy(p + 16, &sentAt, sizeof sentAt);
      e->outTo[e->outCount].sin_port = htons(call[c].relay[s % 2]);
      if (++e->outCount == kBatch) flush(e);
      if (windowState == 1) ++txInWindow;
      ++next;
    }
    for (unsigned i = 0; i < 2 * pool; ++i)
      if (endpoint[i].outCount) flush(&endpoint[i]);
    if (next == totalPackets && sendEnd == 0) sendEnd = now;
    if (sendEnd != 0 && windowState == 2 && now - sendEnd >= 1000000) break;

    const int n = epoll_wait(epfd, events, 256, 1);
    for (int ev = 0; ev < n; ++ev) {
      const unsigned i = events[ev].data.u32;
      const unsigned atCallee = i >= pool, g = i % pool;
      int got;
      do {
        got = recvmmsg(endpoint[i].fd, rx, kBatch, MSG_DONTWAIT, NULL);
        for (int m = 0; m < got; ++m) {
          const uint8_t* buf = rxData[m];
          if (rx[m].msg_len != kPacketBytes || (buf[0] & 0xC0) != 0x80) {
            ++malformed;
            continue;
          }
          uint32_t ssrc, number;
          memcpy(&ssrc, buf + 8, 4);
          memcpy(&number, buf + 12, 4);
          ssrc = ntohl(ssrc) - kSsrcBase;
          number = ntohl(number);
          // Stream 2c (from A) belongs at callee socket c % pool, 2c+1 at caller socket c % pool.
          const size_t c = ssrc / 2;
          const unsigned d = ssrc % 2;
          if (ssrc >= streams || number >= perStream || (d == 0) != (atCallee == 1) || c % pool != g) {
            ++misrouted;
            continue;
          }
          if (windowState == 1) ++rxInWindow;
          uint8_t* seen = call[c].seen[d];
          if (seen[number / 8] & (1u << (number % 8))) {
            ++call[c].rxDuplicates[d];
            continue;
          }
          seen[number / 8] |= (uint8_t)(1u << (number % 8));
          if ((int64_t)number < call[c].lastNumber[d]) ++call[c].rxReordered[d];
          call[c].lastNumber[d] = number;
          if (number >= firstMeasured) {
            ++call[c].rxMeasured[d];
            int64_t sentAt;
            memcpy(&sentAt, buf + 16, sizeof sentAt);
            const int64_t delay = (nowUs() - sentAt) / 100;  // in 0.1 ms
            ++delayHistogram[delay < 0 ? 0 : delay >= kDelayBuckets ? kDelayBuckets - 1 : delay];
            if (delay * 100 > maxDelayUs) maxDelayUs = delay * 100;
          }
        }
      } while (got == kBatch);
    }
  }

  static uint8_t relayPorts[65536], ourPorts[65536];
  for (size_t c = 0; c < calls; ++c) relayPorts[call[c].relay[0]] = relayPorts[call[c].relay[1]] = 1;
  for (unsigned i = 0; i < 2 * pool; ++i) {
    struct sockaddr_in a;
    socklen_t len = sizeof a;
    if (getsockname(endpoint[i].fd, (struct sockaddr*)&a, &len) == 0) ourPorts[ntohs(a.sin_port)] = 1;
  }
  uint64_t relayDrops, ourDrops, relayQueued;
  socketDrops(relayPorts, ourPorts, &relayDrops, &ourDrops, &relayQueued);
  uint64_t received = 0, duplicates = 0, reordered = 0, silentStreams = 0, lossyStreams = 0;
  const uint64_t measuredPerStream = perStream - firstMeasured;
  for (size_t c = 0; c < calls; ++c) {
    for (int d = 0; d < 2; ++d) {
      received += call[c].rxMeasured[d];
      duplicates += call[c].rxDuplicates[d];
      reordered += call[c].rxReordered[d];
      if (call[c].rxMeasured[d] < measuredPerStream) ++lossyStreams;
      if (call[c].rxMeasured[d] == 0 && ++silentStreams <= 5)
        fprintf(stderr, "rtp-load: call %zu: nothing arrived at its %s (relay ports %u, %u)\n", c,
                d ? "caller" : "callee", call[c].relay[0], call[c].relay[1]);
    }
  }
  const uint64_t expected = measuredPerStream * streams;
  const double windowS = (double)(realEnd - realStart) / 1e6;
  const double serverS = (double)(ticksEnd - ticksStart) / (double)sysconf(_SC_CLK_TCK);
  printf("calls=%zu\nstreams=%zu\npackets_per_second=%.0f\nsockets=%u\n", calls, streams,
         (double)streams * 50, 2 * pool);
  printf("measured_seconds=%d\nsent_measured=%llu\nreceived_measured=%llu\nlost=%lld\nloss_pct=%.4f\n",
         measure, (unsigned long long)expected, (unsigned long long)received,
         (long long)expected - (long long)received,
         expected ? 100.0 * ((double)expected - (double)received) / (double)expected : 0.0);
  printf("streams_with_loss=%llu\nsilent_streams=%llu\nduplicates=%llu\nreordered=%llu\nmisrouted=%llu\n"
         "malformed=%llu\nsend_errors=%llu\n",
         (unsigned long long)lossyStreams, (unsigned long long)silentStreams, (unsigned long long)duplicates,
         (unsigned long long)reordered, (unsigned long long)misrouted, (unsigned long long)malformed,
         (unsigned long long)sendErrors);
  printf("relay_socket_drops=%llu\ngenerator_socket_drops=%llu\nrelay_socket_queued_kb=%llu\n",
         (unsigned long long)relayDrops, (unsigned long long)ourDrops, (unsigned long long)(relayQueued / 1024));
  printf("delay_p50_ms=%.1f\ndelay_p99_ms=%.1f\ndelay_max_ms=%.1f\n", delayPercentile(received, 0.5),
         delayPercentile(received, 0.99), (double)maxDelayUs / 1000.0);
  printf("offered_pps=%.0f\n", windowS > 0 ? (double)txInWindow / windowS : 0.0);
  printf("window_seconds=%.3f\nrelayed_in_window=%llu\nserver_cpu_seconds=%.2f\nserver_cpu_pct=%.1f\n",
         windowS, (unsigned long long)rxInWindow, serverS, windowS > 0 ? 100.0 * serverS / windowS : 0.0);
  printf("server_us_per_packet=%.2f\n", rxInWindow ? serverS * 1e6 / (double)rxInWindow : 0.0);
  const double machineS = (double)(machineEnd - machineStart) / (double)sysconf(_SC_CLK_TCK);
  const double helpersS = (double)(helpersEnd - helpersStart) / (double)sysconf(_SC_CLK_TCK);
  printf("machine_cpu_seconds=%.2f\nmachine_us_per_packet=%.2f\n", machineS,
         rxInWindow ? machineS * 1e6 / (double)rxInWindow : 0.0);
  printf("steal_pct=%.1f\n", windowS > 0 ? 100.0 * (double)(stealEnd - stealStart) /
                                               (double)sysconf(_SC_CLK_TCK) / windowS : 0.0);
  printf("helper_cpu_seconds=%.2f\nmachine_less_helpers_us_per_packet=%.2f\n", helpersS,
         rxInWindow ? (machineS - helpersS) * 1e6 / (double)rxInWindow : 0.0);
  printf("generator_cpu_pct=%.1f\nmax_send_late_ms=%.1f\nsends_late_over_10ms=%llu\n",
         windowS > 0 ? 100.0 * (cpuEnd - cpuStart) / windowS : 0.0, (double)maxLateUs / 1000.0,
         (unsigned long long)lateOver10ms);
  return 0;
}
