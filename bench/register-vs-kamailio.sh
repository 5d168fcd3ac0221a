#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# register-vs-kamailio.sh SWITCHBOARD_BINARY: Switchboard and Kamailio 5.6 (Debian) as digest
# registrars side by side, in one run, under the same load generator (sipp, the shared
# register-auth.xml scenario through the shared cpu-per-reg.sh and register-rate.sh):
#   1. server CPU per authenticated registration: the same users, same count, same rate, runs
#      interleaved (Kamailio, Switchboard, Kamailio, ...), median of RUNS; the ratio;
#   2. the highest rate with no failed registration, stepping through RATES;
#   3. memory per registered contact at each of MEM_SIZES distinct contacts: the growth of the
#      server's memory (PSS summed over its processes, and VmRSS) from 0 to N contacts, over N.
#      Kamailio runs kamailio-memory.cfg here (credentials in an htable: db_text scans linearly).
# Environment knobs (defaults in brackets): USERS [1000] RATE [4000] COUNT [20000] RUNS [3]
# RATES ["2000 4000 8000 12000"] STEP_SECONDS [5] MEM_SIZES ["10000 100000"] MEM_RATE [2000]
# MEM_SETTLE [50: seconds between the last registration and the memory reading: Timer J (32 s)
# frees the transactions, and the server returns freed memory every 10 s]
# SERVERS ["kamailio switchboard"] PHASES ["cpu rate memory"] KEEP [0: delete the work folder]
# SB_QUALIFY [3600: qualify_frequency, so that keepalives to the dead sipp contacts stay out of
# the figures; Kamailio's configuration does not qualify either] SB_LOG_LEVEL [warning]
# PROBE_SETTLE [35: seconds between the warm-up and the measured runs, for the first probe of each
# new contact (unanswered by sipp, so retransmitted for 32 s) to end].
set -uo pipefail

here=$(cd "$(dirname "$0")" && pwd)
repo=$(dirname "$here")
peers=${SB_PEERS:-$repo/../shared/bench}
bin=${1:-}
USERS=${USERS:-1000} RATE=${RATE:-4000} COUNT=${COUNT:-20000} RUNS=${RUNS:-3}
RATES=${RATES:-"2000 4000 8000 12000"} STEP_SECONDS=${STEP_SECONDS:-5}
MEM_SIZES=${MEM_SIZES:-"10000 100000"} MEM_RATE=${MEM_RATE:-2000} MEM_SETTLE=${MEM_SETTLE:-50}
SERVERS=${SERVERS:-"kamailio switchboard"} PHASES=${PHASES:-"cpu rate memory"}
SB_QUALIFY=${SB_QUALIFY:-3600} SB_LOG_LEVEL=${SB_LOG_LEVEL:-warning} PROBE_SETTLE=${PROBE_SETTLE:-35}
DOMAIN=bench.test

die() { echo "register-vs-kamailio: $*" >&2; exit 1; }
want() { [[ " $SERVERS " == *" $1 "* ]]; }
phase() { [[ " $PHASES " == *" $1 "* ]]; }

want switchboard && { [ -n "$bin" ] && [ -x "$bin" ] || die "usage: $0 SWITCHBOARD_BINARY (not executable: '$bin'); SERVERS=kamailio runs Kamailio alone"; }
[ -n "$bin" ] && bin=$(realpath "$bin")
for f in "$peers/sipp/cpu-per-reg.sh" "$peers/sipp/register-rate.sh" "$peers/sipp/register-auth.xml" \
         "$peers/kamailio/kamailio.cfg"; do
  [ -f "$f" ] || die "missing $f (set SB_PEERS to the shared bench folder)"
done
for tool in sipp kamailio python3; do command -v $tool >/dev/null || die "$tool is not installed (scripts/install-deps)"; done

work=$(mktemp -d /tmp/sb-bench-XXXXXX)
started=()
cleanup() {
  for p in "${started[@]}"; do kill -TERM "$p" 2>/dev/null; done
  for p in "${started[@]}"; do for _ in $(seq 50); do kill -0 "$p" 2>/dev/null || break; sleep 0.1; done; kill -KILL "$p" 2>/dev/null; done
  if [ "${KEEP:-0}" = 1 ]; then echo "work folder kept: $work"; else rm -rf "$work"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

free_port() {
  python3 - <<'PY'
import socket
while True:
    u = socket.socket(socket.AF_INET, socket.SOCK_DGRAM); u.bind(('127.0.0.1', 0)); p = u.getsockname()[1]
    t = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    try:
        t.bind(('127.0.0.1', p)); print(p); break
    except OSError:
        pass
    finally:
        u.close(); t.close()
PY
}

# ---- the servers -------------------------------------------------------------------------------

# kamailio_start DIR PORT SHM_MB [CFG]: DIR holds db/ from gen-users.py; sets K_PID (the main process).
kamailio_start() {
  local dir=$1 port=$2 shm=$3 cfg=${4:-$peers/kamailio/kamailio.cfg}
  sed -e "s#PORT#$port#; s#DBDIR#$dir/db#" "$cfg" > "$dir/kamailio.cfg"
  kamailio -f "$dir/kamailio.cfg" -P "$dir/kamailio.pid" -w "$dir" -E -m "$shm" -M 16 \
    >"$dir/kamailio.log" 2>&1 || { cat "$dir/kamailio.log" >&2; return 1; }
  for _ in $(seq 50); do [ -s "$dir/kamailio.pid" ] && break; sleep 0.1; done
  K_PID=$(cat "$dir/kamailio.pid") || return 1
  started+=("$K_PID")
  sleep 1
}

# All processes of a server: the main one and its children (Kamailio's workers), for CPU and PSS.
server_pids() { echo "$1" $(ps -o pid= --ppid "$1" 2>/dev/null); }

# switchboard_start DIR PORT: DIR holds extensions.toml from gen-users.py; sets SB_PID.
switchboard_start() {
  local dir=$1 port=$2
  { printf '[pbx]\ndomain = "%s"\ndata_dir = "%s/data"\nlog_level = "%s"\n\n' "$DOMAIN" "$dir" "$SB_LOG_LEVEL"
    printf '[sip]\nlisten = ["udp:127.0.0.1:%s"]\nqualify_frequency = %s\nmin_expires = 60\nmax_expires = 3600\n\n' "$port" "$SB_QUALIFY"
    printf '[provisioning]\ntftp_listen = ""\nhttp_listen = ""\n\n'
    cat "$dir/extensions.toml"; } > "$dir/switchboard.toml"
  "$bin" check --config "$dir/switchboard.toml" >"$dir/check.out" 2>&1 || { head -20 "$dir/check.out" >&2; return 1; }
  "$bin" run --config "$dir/switchboard.toml" --data "$dir/data" >"$dir/switchboard.out" 2>&1 </dev/null &
  SB_PID=$!
  started+=("$SB_PID")
  for _ in $(seq 600); do
    "$bin" ctl --data "$dir/data" status >/dev/null 2>&1 && return 0
    kill -0 "$SB_PID" 2>/dev/null || { tail -20 "$dir/switchboard.out" >&2; return 1; }
    sleep 0.1
  done
  echo "switchboard not ready after 60 s" >&2; tail -20 "$dir/switchboard.out" >&2; return 1
}

server_stop() {
  kill -TERM "$1" 2>/dev/null
  for _ in $(seq 100); do kill -0 "$1" 2>/dev/null || return 0; sleep 0.1; done
  kill -KILL "$1" 2>/dev/null
}

pss_kb() { local t=0 v p; for p in "$@"; do v=$(awk '/^Pss:/{print $2}' "/proc/$p/smaps_rollup" 2>/dev/null); t=$((t + ${v:-0})); done; echo $t; }
rss_kb() { local t=0 v p; for p in "$@"; do v=$(awk '/^VmRSS:/{print $2}' "/proc/$p/status" 2>/dev/null); t=$((t + ${v:-0})); done; echo $t; }
# sipp_register TARGET USERS.csv COUNT RATE: the shared scenario, run directly (not through
# cpu-per-reg.sh) so that sipp answers the server's OPTIONS keepalives (-aa) as phones do; prints
# "successful failed" and keeps sipp's reasons for failed calls in the work folder.
sipp_register() {
  local out; out=$(mktemp -d "$work/sipp-XXXXXX")
  local limit=$(( $3 / $4 + 60 ))
  timeout $(( limit + 30 )) sipp "$1" -sf "$peers/sipp/register-auth.xml" -inf "$2" -m "$3" -r "$4" -l 4000 -aa \
    -trace_stat -stf "$out/stat.csv" -fd 1 -trace_err -error_file "$out/errors.log" -nostdin \
    -timeout "${limit}s" >/dev/null 2>&1
  local last ok bad; last=$(tail -1 "$out/stat.csv" 2>/dev/null)
  ok=$(echo "$last" | cut -d';' -f16) bad=$(echo "$last" | cut -d';' -f18)
  echo "${ok:-0} ${bad:-0}"
  if [ "${bad:-0}" != 0 ] && [ -s "$out/errors.log" ]; then
    echo "   sipp errors ($out/errors.log):" >&2
    grep -o "Aborting call[^']*'[^']*'[^']*'[^']*' ([^)]*), received '[^\r]*" "$out/errors.log" \
      | sed "s/for Call-Id '[^']*'//" | sort | uniq -c | sort -rn | head -3 >&2
  fi
}

median() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END{if (NR==0) print "n/a"; else if (NR%2) print a[(NR+1)/2]; else print int((a[NR/2]+a[NR/2+1])/2)}'; }

# ---- the run -----------------------------------------------------------------------------------

echo "# register-vs-kamailio $(date '+%F %T') on $(nproc) cores, $(uname -r)"
echo "# kamailio: $(kamailio -v 2>/dev/null | head -1 | sed 's/^version: //'); sipp: $(sipp -v 2>/dev/null | grep -o 'v[0-9.]*' | head -1)"
want switchboard && echo "# switchboard: $bin ($("$bin" version 2>/dev/null | head -1))"
echo "# work folder: $work"

declare -A pid port
if phase cpu || phase rate; then
  python3 "$here/gen-users.py" "$USERS" "$DOMAIN" "$work/users" || die "gen-users failed"
  for s in $SERVERS; do
    mkdir -p "$work/$s"; cp -r "$work/users/." "$work/$s/"
    port[$s]=$(free_port)
    case $s in
      kamailio) kamailio_start "$work/$s" "${port[$s]}" 256 || die "kamailio did not start"; pid[$s]=$K_PID ;;
      switchboard) switchboard_start "$work/$s" "${port[$s]}" || die "switchboard did not start"; pid[$s]=$SB_PID ;;
    esac
    # Warm-up: every user registered once, so that the measured runs are refreshes of known AORs.
    "$peers/sipp/cpu-per-reg.sh" "127.0.0.1:${port[$s]}" "$work/users/users.csv" "$USERS" 1000 \
      $(server_pids "${pid[$s]}") >/dev/null
  done
  # Switchboard probes every new contact once, a second after it registers, to learn whether it is
  # reachable. sipp's register scenario does not answer OPTIONS, so each of those 1000 probes is
  # retransmitted for Timer F's 32 s: work that real phones (which answer at once) never cause and
  # that Kamailio's set-up (no keepalives) has no counterpart for. Wait it out before measuring.
  if want switchboard && [ "$PROBE_SETTLE" -gt 0 ]; then
    echo "# waiting ${PROBE_SETTLE} s for the first keepalive probes to the sipp contacts to time out"
    sleep "$PROBE_SETTLE"
  fi
fi

if phase cpu; then
  echo
  echo "== Server CPU per authenticated registration: $USERS users, $COUNT registrations at $RATE/s, median of $RUNS runs (runs with more than 1% failed left out)"
  declare -A cpus
  for run in $(seq "$RUNS"); do
    for s in $SERVERS; do
      read -r ok bad us < <("$peers/sipp/cpu-per-reg.sh" "127.0.0.1:${port[$s]}" "$work/users/users.csv" \
                            "$COUNT" "$RATE" $(server_pids "${pid[$s]}"))
      printf '%-12s run %d: %6s ok %6s failed %6s us/registration\n' "$s" "$run" "$ok" "$bad" "$us"
      # A run counts when at most 1% failed (the machine is shared); its CPU is per success.
      [ "${ok:-0}" -gt 0 ] && [ $(( ${bad:-1} * 100 )) -le "$ok" ] && cpus[$s]="${cpus[$s]:-} $us"
    done
  done
  for s in $SERVERS; do
    printf '%-12s median: %s us of server CPU per registration\n' "$s" "$(median ${cpus[$s]:-})"
  done
  if want kamailio && want switchboard; then
    k=$(median ${cpus[kamailio]:-}) w=$(median ${cpus[switchboard]:-})
    python3 -c "import sys; k,w=sys.argv[1:]; print('ratio switchboard/kamailio: ' + (f'{int(w)/int(k):.2f}' if k.isdigit() and w.isdigit() and int(k) else 'n/a') + ' (target: at most 0.50)')" "$k" "$w"
  fi
fi

if phase rate; then
  echo
  echo "== Highest rate with no failures: $STEP_SECONDS s of registrations per step"
  for s in $SERVERS; do
    best=none
    for r in $RATES; do
      n=$((r * STEP_SECONDS))
      read -r ok bad secs achieved < <("$peers/sipp/register-rate.sh" "127.0.0.1:${port[$s]}" "$work/users/users.csv" "$n" "$r")
      verdict=FAILURES
      if [ "${bad:-1}" = 0 ] && [ "${ok:-0}" = "$n" ]; then
        verdict=clean
        [ "$best" = none ] || [ "${achieved:-0}" -gt "$best" ] && best=$achieved
      fi
      # sipp shares the 2 cores: below 90% of the asked rate the load generator or the server
      # could not keep up, and the step measured that rather than the asked rate.
      [ $(( ${achieved:-0} * 10 )) -lt $(( r * 9 )) ] && verdict="$verdict, saturated"
      printf '%-12s %6s/s asked: %7s ok %6s failed in %6s s = %6s/s achieved, %s\n' "$s" "$r" "$ok" "$bad" "$secs" "$achieved" "$verdict"
    done
    printf '%-12s highest achieved rate with no failures: %s/s\n' "$s" "$best"
  done
fi

if phase cpu || phase rate; then
  for s in $SERVERS; do server_stop "${pid[$s]}"; done
fi

if phase memory; then
  echo
  echo "== Memory per registered contact (N distinct users, one contact each, registered at $MEM_RATE/s)"
  echo "   kamailio runs bench/kamailio-memory.cfg (credentials in an htable, not db_text); its PSS is summed"
  echo "   over its processes (contacts live in shared memory); RSS summed over them counts shared pages twice"
  for n in $MEM_SIZES; do
    python3 "$here/gen-users.py" "$n" "$DOMAIN" "$work/mem-$n" || die "gen-users failed"
    for s in $SERVERS; do
      d="$work/mem-$n-$s"; mkdir -p "$d"; cp -r "$work/mem-$n/." "$d/"
      p=$(free_port)
      case $s in
        kamailio) kamailio_start "$d" "$p" 1024 "$here/kamailio-memory.cfg" || die "kamailio did not start"; main=$K_PID ;;
        switchboard) switchboard_start "$d" "$p" || die "switchboard did not start"; main=$SB_PID ;;
      esac
      sleep 2
      pids=$(server_pids "$main")
      pss0=$(pss_kb $pids) rss0=$(rss_kb $pids)
      read -r ok bad < <(sipp_register "127.0.0.1:$p" "$d/users.csv" "$n" "$MEM_RATE")
      sleep 2
      pids=$(server_pids "$main")
      pssb=$(pss_kb $pids)
      # Then once the REGISTER transactions are gone (RFC 3261 Timer J: 64*T1 = 32 s over UDP):
      # what stays is what the contacts cost.
      sleep "$MEM_SETTLE"
      pids=$(server_pids "$main")
      pss1=$(pss_kb $pids) rss1=$(rss_kb $pids)
      python3 - "$s" "$n" "$ok" "$bad" "$pss0" "$pssb" "$pss1" "$rss0" "$rss1" <<'PY'
import sys
s, n, ok, bad, pss0, pssb, pss1, rss0, rss1 = sys.argv[1:]
ok = int(ok or 0)
per = lambda a, b: f'{(int(b) - int(a)) * 1024 / ok:.0f}' if ok else 'n/a'
print(f'{s:12} {int(n):>7} contacts: {ok} registered, {bad} failed; '
      f'PSS {int(pss0)/1024:.1f} -> {int(pss1)/1024:.1f} MB = {per(pss0, pss1)} bytes/contact '
      f'(2 s after the last: {per(pss0, pssb)}); '
      f'RSS {int(rss0)/1024:.1f} -> {int(rss1)/1024:.1f} MB = {per(rss0, rss1)} bytes/contact')
PY
      server_stop "$main"
      rm -rf "$d/data"
    done
  done
  echo "   target for switchboard: at most 512 bytes per contact (OpenSIPS 3.x: about 1.18 KB)"
fi
