#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# voicemail-deposit.sh SWITCHBOARD_BINARY: many callers leaving voicemail messages at once. CALLS
# sipp callers (tests/scenarios/sipp/uac-voicemail-deposit.xml: authenticated INVITE to an
# extension that is not registered, 15 s for the greeting, 7.08 s of PCMA from sipp's g711a.pcap,
# '#' as RFC 4733 events) all in one wave: every call is answered by voicemail, speaks its
# greeting, records, says goodbye and hangs up; the message is written (WAV, fsync, rename,
# SQLite row). Reports the calls that succeeded, the messages kept and how many of them hold the
# whole recording (6.5-7.8 s), Switchboard's CPU per message and per recorded second, and its peak
# memory. There is no side-by-side peer: Debian 12 ships no Asterisk (nor any other voicemail
# server), so the figures stand alone.
# Knobs: CALLS [200] RATE [50: new calls per second] KEEP [0] SB_LOG_LEVEL [warning].
set -uo pipefail

here=$(cd "$(dirname "$0")" && pwd)
repo=$(dirname "$here")
peers=${SB_PEERS:-$repo/../shared/bench}
bin=${1:-}
CALLS=${CALLS:-200} RATE=${RATE:-50} SB_LOG_LEVEL=${SB_LOG_LEVEL:-warning}
DOMAIN=bench.test
scenario=$repo/tests/scenarios/sipp/uac-voicemail-deposit.xml

die() { echo "voicemail-deposit: $*" >&2; exit 1; }
[ -n "$bin" ] && [ -x "$bin" ] || die "usage: $0 SWITCHBOARD_BINARY (not executable: '$bin')"
bin=$(realpath "$bin")
[ -f /usr/share/sip-tester/g711a.pcap ] || die "sipp's pcaps are missing (package sip-tester)"
for tool in sipp python3; do command -v $tool >/dev/null || die "$tool is not installed (scripts/install-deps)"; done
# shellcheck source=calls-lib.sh
. "$here/calls-lib.sh"

sipp_bench_header voicemail-deposit
bench_users "$CALLS"
sip_port=$(free_port)
switchboard_start "$sb" "$sip_port" 20000 29998 60 || die "switchboard did not start"

out="$sb/uac"
mkdir -p "$out"
before=$(cpu_ticks "$SB_PID")
start=$(date +%s.%N)
timeout $(( CALLS / RATE + 180 )) sipp "127.0.0.1:$sip_port" -sf "$scenario" -inf "$sb/callers.csv" \
  -i 127.0.0.1 -p "$(free_port)" -mp "$(free_port)" -m "$CALLS" -r "$RATE" -l "$CALLS" -nostdin \
  -timeout $(( CALLS / RATE + 120 ))s -trace_stat -stf "$out/stat.csv" -fd 1 \
  -trace_err -error_file "$out/errors.log" >/dev/null 2>&1
end=$(date +%s.%N)
after=$(cpu_ticks "$SB_PID")
peak_kb=$(awk '/VmHWM/ { print $2 }' "/proc/$SB_PID/status")
# Every message of every mailbox, as `ctl voicemail EXT --json` lists them.
python3 - "$bin" "$sb/data" > "$sb/messages.json" <<'PY'
import json, subprocess, sys
bin, data = sys.argv[1], sys.argv[2]
ctl = lambda *args: json.loads(subprocess.run([bin, 'ctl', '--data', data, *args, '--json'], capture_output=True,
                                              text=True, check=True).stdout)
print(json.dumps([m for box in ctl('voicemail') if box['new'] for m in ctl('voicemail', box['mailbox'])]))
PY

python3 - "$(tail -1 "$out/stat.csv" 2>/dev/null)" "$sb/messages.json" "$before" "$after" "$HZ" "$start" "$end" "$peak_kb" "$CALLS" "$RATE" <<'PY'
import json, sys
line, messages_file = sys.argv[1], sys.argv[2]
before, after, hz = int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5])
start, end, peak_kb, calls, rate = (float(sys.argv[6]), float(sys.argv[7]), int(sys.argv[8]), int(sys.argv[9]),
                                    int(sys.argv[10]))
f = line.split(';')
ok, bad = (int(f[15]), int(f[17])) if len(f) >= 18 else (0, 0)
messages = json.load(open(messages_file))
whole = [m for m in messages if 6500 <= m['duration_ms'] <= 7800]
recorded_s = sum(m['duration_ms'] for m in messages) / 1000
cpu_s = (after - before) / hz
print(f"== Voicemail deposits: {calls} callers, {rate} new calls/s, all in one wave (about 26 s each)")
print(f"sipp calls: {ok} ok, {bad} failed; messages kept: {len(messages)}, whole (6.5-7.8 s): {len(whole)}")
print(f"wall {end - start:.1f} s; Switchboard CPU {cpu_s:.2f} s = {cpu_s * 1e3 / max(1, len(messages)):.1f} ms per message, "
      f"{cpu_s * 1e6 / max(1e-9, recorded_s):.0f} us per recorded second "
      f"(all of each call: greeting, recording, goodbye, SIP, file and database), peak RSS {peak_kb / 1024:.1f} MiB")
PY
[ -s "$out/errors.log" ] && { echo "sipp's most frequent reasons for failed calls:"; sipp_failures "$out/errors.log"; }
exit 0
