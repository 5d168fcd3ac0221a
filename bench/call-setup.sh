#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# call-setup.sh SWITCHBOARD_BINARY: authenticated calls through Switchboard's B2BUA, stepping the
# call rate (issue 3, Benchmarks, "Call setup"). USERS callers call USERS callee extensions, each
# callee registered from the port a `sipp -sn uas` then answers on (its contact is that UAS).
# Every call: INVITE, 407, ACK, INVITE with credentials, Switchboard forks an INVITE to the UAS
# (relay ports taken), 180, 200 relayed with Switchboard's SDP, ACK, BYE at once (-d 0), 200;
# bench/sipp/uac-call.xml (the shared uac-auth.xml with rrs="true", see its header). For each
# step: calls attempted, successful and failed, the rate sipp achieved, and Switchboard's CPU
# (utime+stime from /proc) over the step divided by the successful calls. Then the highest rate
# with no failed call.
# Environment knobs (defaults in brackets): RATES ["100 200 400 700 1000 1200 1500"] CALLS [10000:
# calls per step] LIMIT [2000: sipp's -l, most calls in progress at once] USERS [500 callers and
# 500 callees] KEEP [0: delete the work folder] SB_LOG_LEVEL [warning].
set -uo pipefail

here=$(cd "$(dirname "$0")" && pwd)
repo=$(dirname "$here")
peers=${SB_PEERS:-$repo/../shared/bench}
bin=${1:-}
RATES=${RATES:-"100 200 400 700 1000 1200 1500"} CALLS=${CALLS:-10000} LIMIT=${LIMIT:-2000}
USERS=${USERS:-500} SB_LOG_LEVEL=${SB_LOG_LEVEL:-warning}
DOMAIN=bench.test

die() { echo "call-setup: $*" >&2; exit 1; }
[ -n "$bin" ] && [ -x "$bin" ] || die "usage: $0 SWITCHBOARD_BINARY (not executable: '$bin')"
bin=$(realpath "$bin")
[ -f "$peers/sipp/register-auth.xml" ] || die "missing $peers/sipp/register-auth.xml (set SB_PEERS to the shared bench folder)"
for tool in sipp python3; do command -v $tool >/dev/null || die "$tool is not installed (scripts/install-deps)"; done
# shellcheck source=calls-lib.sh
. "$here/calls-lib.sh"

sipp_bench_header call-setup
bench_users "$USERS"
sip_port=$(free_port)
switchboard_start "$sb" "$sip_port" 20000 29998 60 || die "switchboard did not start"
uas_port=$(free_port)
register_callees "127.0.0.1:$sip_port" "$sb/callees.csv" "$USERS" "$uas_port" "$sb" || die "registering the callees failed"
timeout 3600 sipp -sn uas -i 127.0.0.1 -p "$uas_port" -aa -nostdin \
  -trace_err -error_file "$sb/uas-errors.log" >/dev/null 2>&1 &
started+=($!)
sleep 0.5

# run_calls COUNT RATE: prints "successful failed seconds achieved_rate cpu_us_per_call" and
# leaves sipp's most frequent reasons for failed calls, and the datagrams Switchboard's SIP socket
# and the UAS's dropped (full receive queues), in $work/reasons.
run_calls() {
  local n=$1 r=$2 out; out=$(mktemp -d "$work/uac-XXXXXX")
  local port; port=$(free_port)
  local before after
  local drops_sb drops_uas; drops_sb=$(udp_drops "$sip_port") drops_uas=$(udp_drops "$uas_port")
  before=$(cpu_ticks "$SB_PID")
  timeout $(( n / r + 120 )) sipp "127.0.0.1:$sip_port" -sf "$here/sipp/uac-call.xml" -inf "$sb/callers.csv" \
    -i 127.0.0.1 -p "$port" -m "$n" -r "$r" -l "$LIMIT" -nostdin -timeout $(( n / r + 60 ))s \
    -trace_stat -stf "$out/stat.csv" -fd 1 -trace_err -error_file "$out/errors.log" >/dev/null 2>&1
  after=$(cpu_ticks "$SB_PID")
  # The reasons first: the caller reads the figures line and then the reasons file.
  { sipp_failures "$out/errors.log"
    drops_sb=$(( $(udp_drops "$sip_port") - drops_sb )) drops_uas=$(( $(udp_drops "$uas_port") - drops_uas ))
    [ "$drops_sb$drops_uas" = 00 ] || echo "      receive queue full: Switchboard's SIP socket dropped $drops_sb datagrams, the UAS's $drops_uas"
  } > "$work/reasons"
  python3 - "$(tail -1 "$out/stat.csv" 2>/dev/null)" "$before" "$after" "$HZ" <<'PY'
import sys
line, before, after, hz = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
f = line.split(';')
if len(f) < 18:
    print(0, 0, 0, 0, 'n/a'); sys.exit()
ok, bad = int(f[15]), int(f[17])
elapsed = float(f[2].split('\t')[-1]) - float(f[0].split('\t')[-1])
us = (after - before) * 1e6 / hz / ok if ok else 0
print(ok, bad, round(elapsed, 2), round(ok / elapsed) if elapsed > 0 else 0, round(us) if ok else 'n/a')
PY
}

# Warm-up: the path works end to end before anything is measured.
read -r ok bad _ < <(run_calls 200 100)
[ "${ok:-0}" = 200 ] || die "warm-up: $ok of 200 calls succeeded, $bad failed (KEEP=1 keeps $work)"

echo
echo "== Call setup: $CALLS authenticated calls per step ($USERS callers -> $USERS callees on one sipp UAS), hold 0 s, sipp -l $LIMIT"
best=none best_asked=none best_cpu=n/a
summary=()
for r in $RATES; do
  read -r ok bad secs achieved us < <(run_calls "$CALLS" "$r")
  verdict=FAILURES
  if [ "${bad:-1}" = 0 ] && [ "${ok:-0}" = "$CALLS" ]; then
    verdict=clean
    [ "$best" = none ] || [ "${achieved:-0}" -gt "$best" ] && { best=$achieved; best_asked=$r; best_cpu=$us; }
  fi
  # Below 90% of the asked rate the load generator or the server could not keep up.
  [ $(( ${achieved:-0} * 10 )) -lt $(( r * 9 )) ] && verdict="$verdict, saturated"
  line=$(printf '%5s calls/s asked: %6s attempted %6s ok %5s failed in %6s s = %5s calls/s achieved, %4s us CPU/call, %s' \
    "$r" "$CALLS" "$ok" "$bad" "$secs" "$achieved" "$us" "$verdict")
  echo "$line"; summary+=("$line")
  [ -s "$work/reasons" ] && { echo "      what went wrong (sipp's most frequent reasons, dropped datagrams):"; cat "$work/reasons"; }
done

echo
echo "== Summary (bench/call-setup.sh, $(date '+%F'), $(load_line) at the end)"
for l in "${summary[@]}"; do echo "$l"; done
echo "highest step with no failed call out of $CALLS: $best_asked calls/s asked, $best calls/s achieved (target: at least 1000); $best_cpu us of Switchboard CPU per call there"
echo "load average during the run: $(cut -d' ' -f1-3 /proc/loadavg); sipp (uac and uas) shares the same $(nproc) cores"
