#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# media-relay.sh SWITCHBOARD_BINARY: N concurrent G.711 calls with RTP flowing both ways through
# the relay (issue 3, Benchmarks, "Media"), Switchboard and rtpengine (Debian's rtpengine-daemon,
# user space: --table=-1, no kernel module) side by side, for each N of SIZES:
#   direct: no relay at all: each call's phones send to each other, the baseline the relays'
#     added machine CPU is measured against;
#   switchboard: Switchboard as configured by default ([rtp] kernel_forwarding = "auto": the
#     kernel carries each call once both phones are latched, when this shell may use nftables);
#   switchboard-userspace: the same with kernel_forwarding = "off": every packet through the
#     relay's sockets;
#   switchboard: N authenticated calls set up by sipp (bench/sipp/uac-call.xml, held with -d)
#     to N callee extensions answered by sipp (bench/sipp/uas-call.xml, registered from its
#     port); both sipps log the relay port of their leg (the SDP Switchboard sent them), which
#     pairs the legs of each call;
#   rtpengine: the same N calls set up over its ng control protocol (rtpengine-ng.py: offer with
#     the caller's SDP, answer with the callee's, as a SIP proxy would);
# then rtp-load (rtp-load.c, compiled here) plays both phones of every call: 50 packets/s of
# 172 bytes each way, WARMUP seconds not counted (latching), then MEASURE seconds measured:
# packet loss (every packet is numbered; a packet delivered to the wrong call counts as
# misrouted), and the relay's CPU (utime+stime from /proc, all threads) over the measured
# seconds divided by the packets relayed in them, and the whole machine's busy CPU (/proc/stat) per
# packet (less what the sipps holding Switchboard's calls used: signalling, not relaying), from
# which the summary takes the direct run's: what relaying adds to the machine,
# wherever it runs (kernel forwarding works in softirq and in the phones' system calls, which
# no relay process is charged for). The phones' side runs POOL sockets per side
# with sendmmsg/recvmmsg (see rtp-load.c); sipp sends no RTP itself. Switchboard latches on to
# where the packets come from (its SDPs name sipp's media port); rtpengine is given the real
# addresses in the SDPs.
# Environment knobs (defaults in brackets): SIZES ["100 500 750 1000"] WARMUP [3] MEASURE [20]
# SETUP_RATE [200: calls/s while setting up] POOL [8]
# SERVERS ["direct switchboard switchboard-userspace rtpengine"]
# RTPENGINE_THREADS [rtpengine's default: its --num-threads] KEEP [0] SB_LOG_LEVEL [warning].
set -uo pipefail

here=$(cd "$(dirname "$0")" && pwd)
repo=$(dirname "$here")
peers=${SB_PEERS:-$repo/../shared/bench}
bin=${1:-}
SIZES=${SIZES:-"100 500 750 1000"} WARMUP=${WARMUP:-3} MEASURE=${MEASURE:-20} SETUP_RATE=${SETUP_RATE:-200}
POOL=${POOL:-8} SERVERS=${SERVERS:-"direct switchboard switchboard-userspace rtpengine"} RTPENGINE_THREADS=${RTPENGINE_THREADS:-}
SB_LOG_LEVEL=${SB_LOG_LEVEL:-warning}
DOMAIN=bench.test

die() { echo "media-relay: $*" >&2; exit 1; }
want() { [[ " $SERVERS " == *" $1 "* ]]; }
{ want switchboard || want switchboard-userspace; } && { [ -n "$bin" ] && [ -x "$bin" ] || die "usage: $0 SWITCHBOARD_BINARY (not executable: '$bin'); SERVERS=rtpengine runs rtpengine alone"; }
[ -n "$bin" ] && bin=$(realpath "$bin")
[ -f "$peers/sipp/register-auth.xml" ] || die "missing $peers/sipp/register-auth.xml (set SB_PEERS to the shared bench folder)"
for tool in sipp python3 gcc; do command -v $tool >/dev/null || die "$tool is not installed (scripts/install-deps)"; done
want rtpengine && { command -v rtpengine >/dev/null || die "rtpengine is not installed (rtpengine-daemon, scripts/install-deps); SERVERS=switchboard skips it"; }
# shellcheck source=calls-lib.sh
. "$here/calls-lib.sh"
# 1000 calls hold 4000 relay sockets in Switchboard (RTP and RTCP of both legs).
ulimit -n "$(ulimit -Hn)" 2>/dev/null

gcc -O2 -Wall -Wextra -o "$work/rtp-load" "$here/rtp-load.c" || die "cannot compile rtp-load.c"

echo "# media-relay $(date '+%F %T') on $(nproc) cores, $(uname -r); $(load_line)"
want switchboard && echo "# switchboard: $bin ($("$bin" version 2>/dev/null | head -1))"
want rtpengine && echo "# rtpengine: $(rtpengine --version 2>&1 | head -1), user space (--table=-1), threads: ${RTPENGINE_THREADS:-its default}"
echo "# sipp: $(sipp -v 2>/dev/null | grep -o 'v[0-9.]*' | head -1); work folder: $work"

# lines_in FILE PATTERN: how many lines of FILE start with PATTERN.
lines_in() { local c; c=$(grep -c "^$2 " "$1" 2>/dev/null); echo "${c:-0}"; }

# load_run NAME N PAIRS BIND_BASE [PID]: rtp-load over PAIRS against the relay PID (none: no relay); keeps its
# key=value output in $work/NAME-N.load, prints the result line and keeps it in $work/NAME-N.line.
load_run() {
  local name=$1 n=$2 pairs=$3 base=$4 pid=${5:-} out="$work/$1-$2.load"
  "$work/rtp-load" "$pairs" "$WARMUP" "$MEASURE" "$POOL" "$base" ${pid:+"$pid"} >"$out" 2>"$out.err" \
    || { cat "$out.err" >&2; return 1; }
  [ -s "$out.err" ] && sed 's/^/   /' "$out.err" >&2
  { python3 - "$name" "$n" "$out" <<'PY'
import sys
name, n, path = sys.argv[1], int(sys.argv[2]), sys.argv[3]
r = dict(l.strip().split('=', 1) for l in open(path) if '=' in l)
nominal = n * 100
offered = float(r['offered_pps'])
verdict = 'no loss' if int(r['lost']) == 0 and int(r['misrouted']) == 0 else 'LOSS'
if verdict == 'LOSS':
    verdict += (f" (full receive queues dropped {r['relay_socket_drops']} at the relay's sockets, "
                f"{r['generator_socket_drops']} at the phones'; {r['relay_socket_queued_kb']} KB still queued "
                "at the relay's sockets at the end)")
if float(r['delay_p99_ms']) > 50:
    verdict += ', LATE (p99 delay above 50 ms: queues built up)'
if offered < 0.95 * nominal:
    verdict += f", SATURATED (offered {offered / nominal:.0%} of {nominal}/s: the machine ran out of CPU)"
print(f"{name:12} {n:5} calls: {nominal:6} packets/s relayed asked, {offered:8.0f} offered; "
      f"loss {float(r['loss_pct']):.3f}% ({r['lost']} of {r['sent_measured']}, misrouted {r['misrouted']}); "
      f"delay p50/p99/max {r['delay_p50_ms']}/{r['delay_p99_ms']}/{r['delay_max_ms']} ms; "
      f"{float(r['server_us_per_packet']):5.2f} us CPU/packet ({r['server_cpu_pct']}% of a core); "
      f"machine {float(r['machine_us_per_packet']):5.2f} us/packet (without the sipps holding the calls: "
      f"{float(r['machine_less_helpers_us_per_packet']):5.2f}; stolen by the host {r.get('steal_pct', '?')}% of a CPU); generator {r['generator_cpu_pct']}%; {verdict}")
PY
} | tee "$work/$name-$n.line"
}

# switchboard_run N [NAME]: prints the result line for N calls through Switchboard.
switchboard_run() {
  local n=$1 name=${2:-switchboard}
  local dir="$work/$name-$n"
  mkdir -p "$dir"
  python3 "$here/gen-users.py" $((2 * n)) "$DOMAIN" "$dir" >/dev/null || die "gen-users failed"
  split_users "$dir/users.csv" "$n" "$dir"
  local sip_port; sip_port=$(free_port)
  # rtp_timeout: calls set up first wait for their media while the others are set up.
  switchboard_start "$dir" "$sip_port" 20000 29998 300 || die "switchboard did not start"
  local uas_port; uas_port=$(free_port)
  register_callees "127.0.0.1:$sip_port" "$dir/callees.csv" "$n" "$uas_port" "$dir" || die "registering the callees failed"
  timeout 900 sipp -sf "$here/sipp/uas-call.xml" -i 127.0.0.1 -p "$uas_port" -aa -nostdin \
    -trace_logs -log_file "$dir/uas.log" -trace_err -error_file "$dir/uas-errors.log" >/dev/null 2>&1 &
  local uas=$!; started+=("$uas")
  sleep 0.5
  # Held long enough for the set-up, the load and a margin; stopped when measured.
  local hold=$(( n / SETUP_RATE + WARMUP + MEASURE + 120 ))
  local uac_port; uac_port=$(free_port)
  timeout 900 sipp "127.0.0.1:$sip_port" -sf "$here/sipp/uac-call.xml" -inf "$dir/callers.csv" \
    -i 127.0.0.1 -p "$uac_port" -m "$n" -r "$SETUP_RATE" -l "$n" -d $(( hold * 1000 )) -nostdin \
    -trace_logs -log_file "$dir/uac.log" -trace_err -error_file "$dir/uac-errors.log" >/dev/null 2>&1 &
  local uac=$!; started+=("$uac")
  local up=0
  for _ in $(seq $(( (n / SETUP_RATE + 30) * 5 ))); do
    if [ "$(lines_in "$dir/uac.log" CALLER)" -ge "$n" ] && [ "$(lines_in "$dir/uas.log" CALLEE)" -ge "$n" ]; then
      up=$(sb_ctl "$dir" calls --json | python3 -c 'import json,sys; print(sum(1 for c in json.load(sys.stdin) if c["state"] == "up"))')
      [ "$up" -ge "$n" ] && break
    fi
    kill -0 "$uac" 2>/dev/null || break
    sleep 0.2
  done
  [ "${up:-0}" -ge "$n" ] || { echo "switchboard: only ${up:-0} of $n calls up ($(lines_in "$dir/uac.log" CALLER) answered at sipp); see $dir" >&2; sipp_failures "$dir/uac-errors.log" >&2; return 1; }
  python3 - "$dir/uac.log" "$dir/uas.log" "$dir/pairs" "$n" <<'PY' || return 1
import sys
uac, uas, out, n = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
def ports(path, tag):
    d = {}
    for line in open(path):
        f = line.split()
        if len(f) >= 3 and f[0] == tag:
            d[f[1]] = int(f[2])
    return d
a, b = ports(uac, 'CALLER'), ports(uas, 'CALLEE')
pairs = [(a[c], b[c]) for c in sorted(a) if c in b]
if len(pairs) != n:
    sys.exit(f'paired {len(pairs)} of {n} calls')
with open(out, 'w') as f:
    f.writelines(f'{x} {y}\n' for x, y in pairs)
PY
  HELPER_PIDS="$uac $uas $(pgrep -P "$uac" sipp) $(pgrep -P "$uas" sipp)" load_run "$name" "$n" "$dir/pairs" 0 "$SB_PID" || return 1
  # Switchboard's own counters: every call still up, and what it counted relayed (warm-up included).
  sb_ctl "$dir" calls --json >"$dir/calls-after.json"
  python3 - "$dir/calls-after.json" <<'PY2'
import json, sys
calls = json.load(open(sys.argv[1]))
up = sum(1 for c in calls if c['state'] == 'up')
kernel = sum(1 for c in calls if c.get('media_in_kernel'))
relayed = sum(c['packets_caller_to_callee'] + c['packets_callee_to_caller'] for c in calls)
print(f"{'':12} {len(calls):5} calls live after the load, {up} up, {kernel} forwarded by the kernel; "
      f"Switchboard counted {relayed} packets relayed (warm-up and tail included)")
PY2
  stop_pid "$uac"; stop_pid "$uas"; stop_pid "$SB_PID"
  rm -rf "$dir/data"
}

switchboard-userspace_run() { SB_KERNEL_FORWARDING=off switchboard_run "$1" switchboard-userspace; }

# ports_free BASE COUNT: whether UDP ports BASE..BASE+COUNT-1 on 127.0.0.1 are free now.
ports_free() {
  python3 - "$1" "$2" <<'PY'
import socket, sys
base, count = int(sys.argv[1]), int(sys.argv[2])
held = []
try:
    for p in range(base, base + count):
        s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM); s.bind(('127.0.0.1', p)); held.append(s)
except OSError:
    sys.exit(1)
PY
}

# phone_base: a free base for rtp-load's bound sockets (4 ports per pool slot, below the
# ephemeral range).
phone_base() {
  local base=16000
  until ports_free "$base" $(( 4 * POOL )); do base=$(( base + 4 * POOL )); [ "$base" -lt 19000 ] || return 1; done
  echo "$base"
}

# direct_run N: the phones of N calls sending straight to each other: caller socket g's packets go
# to callee socket g and back, as rtp-load binds them (BIND_BASE + 4g and + 4g + 2).
direct_run() {
  local n=$1 dir="$work/direct-$1"
  mkdir -p "$dir"
  local base; base=$(phone_base) || return 1
  for c in $(seq 0 $(( n - 1 ))); do
    local g=$(( c % POOL ))
    echo "$(( base + 4 * g + 2 )) $(( base + 4 * g ))"
  done >"$dir/pairs"
  load_run direct "$n" "$dir/pairs" "$base" || return 1
}

# rtpengine_run N: prints the result line for N calls through rtpengine.
rtpengine_run() {
  local n=$1 dir="$work/rtpengine-$1"
  mkdir -p "$dir"
  local ng; ng=$(free_port)
  local threads=(); [ -n "$RTPENGINE_THREADS" ] && threads=(--num-threads="$RTPENGINE_THREADS")
  rtpengine --config-file=none --foreground --log-stderr --log-level=4 --table=-1 \
    --interface=127.0.0.1 --listen-ng="127.0.0.1:$ng" --port-min=20000 --port-max=29999 \
    --timeout=300 --pidfile="$dir/rtpengine.pid" "${threads[@]}" >"$dir/rtpengine.log" 2>&1 &
  local pid=$!; started+=("$pid")
  sleep 1
  kill -0 "$pid" 2>/dev/null || { tail -5 "$dir/rtpengine.log" >&2; return 1; }
  local base; base=$(phone_base) || return 1
  python3 "$here/rtpengine-ng.py" "$ng" "$n" "$POOL" "$base" "$dir/pairs" || return 1
  load_run rtpengine "$n" "$dir/pairs" "$base" "$pid" || return 1
  stop_pid "$pid"
}

echo
echo "== Media relay: N G.711 calls, 50 packets/s of 172 bytes each way (100 packets/s relayed per call), $WARMUP s warm-up, $MEASURE s measured"
declare -A us machine
summary=()
for n in $SIZES; do
  for s in $SERVERS; do
    # In this shell, not a subshell: whatever a run starts is in `started` for the cleanup.
    if ! "${s}_run" "$n"; then
      printf '%-12s %5s calls: FAILED (see above; KEEP=1 keeps the work folder)\n' "$s" "$n" | tee "$work/$s-$n.line"
    fi
    summary+=("$(cat "$work/$s-$n.line")")
    us[$s-$n]=$(awk -F= '/^server_us_per_packet=/{print $2}' "$work/$s-$n.load" 2>/dev/null)
    machine[$s-$n]=$(awk -F= '/^machine_less_helpers_us_per_packet=/{print $2}' "$work/$s-$n.load" 2>/dev/null)
  done
done

echo
echo "== Summary (bench/media-relay.sh, $(date '+%F'), $(load_line) at the end)"
for l in "${summary[@]}"; do echo "$l"; done
if want direct; then
  for n in $SIZES; do
    for s in $SERVERS; do
      [ "$s" = direct ] && continue
      python3 -c "import sys; s,n,m,d=sys.argv[1:]; print(f'{s:22} at {n:5} calls adds ' + (f'{float(m)-float(d):5.2f} us of machine CPU per relayed packet' if m and d else 'n/a') + ' to the direct run')" \
        "$s" "$n" "${machine[$s-$n]:-}" "${machine[direct-$n]:-}"
    done
  done
fi
for s in $SERVERS; do
  [ "$s" = direct ] && continue
  best=none
  for n in $SIZES; do grep -q 'no loss$' "$work/$s-$n.line" 2>/dev/null && best=$n; done
  printf '%-12s most concurrent calls relayed with no loss, no late packets, at the full rate: %s\n' "$s" "$best"
done
if want switchboard && want rtpengine; then
  for n in $SIZES; do
    python3 -c "import sys; w,r=sys.argv[2:]; print(f'ratio switchboard/rtpengine CPU per packet at {sys.argv[1]} calls: ' + (f'{float(w)/float(r):.2f}' if w and r and float(r) > 0 else 'n/a'))" \
      "$n" "${us[switchboard-$n]:-}" "${us[rtpengine-$n]:-}"
  done
fi
echo "targets (switchboard): at most 5 us of CPU per relayed packet; 1000 concurrent relayed calls with no loss"
echo "Process CPU is utime+stime from /proc (tick-sampled; softirq work on loopback is charged to whichever process is running, mostly the sender of a packet);"
echo "machine CPU is all CPUs' busy time from /proc/stat, less the direct run's for the same calls: what relaying adds, wherever it ran"
