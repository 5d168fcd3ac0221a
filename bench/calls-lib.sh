# SPDX-License-Identifier: MIT
# shellcheck shell=bash disable=SC2034
# calls-lib.sh: what call-setup.sh and media-relay.sh share, sourced by both (not run alone):
# the work folder and the cleanup of everything started, a free loopback port, CPU from /proc,
# Switchboard started with a generated configuration, and callee extensions registered from the
# port a sipp UAS will then listen on. Expects: here, bin, peers, DOMAIN, SB_LOG_LEVEL and a
# die() function.

work=$(mktemp -d /tmp/sb-bench-calls-XXXXXX)
started=()
cleanup() {
  for p in "${started[@]}"; do kill -TERM "$p" 2>/dev/null; done
  for p in "${started[@]}"; do
    for _ in $(seq 50); do kill -0 "$p" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$p" 2>/dev/null
  done
  if [ "${KEEP:-0}" = 1 ]; then echo "work folder kept: $work"; else rm -rf "$work"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# A UDP and TCP port free on 127.0.0.1 now (sipp binds both).
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

# cpu_ticks PID...: utime+stime of the processes in clock ticks. /proc/PID/stat of a process
# counts all its threads, exited ones included; the fields are counted after the ")" that ends
# the (possibly spaced) name.
cpu_ticks() {
  local t=0 p f
  for p in "$@"; do
    read -r -a f <<< "$(sed 's/.*) //' "/proc/$p/stat" 2>/dev/null)"
    t=$((t + ${f[11]:-0} + ${f[12]:-0}))
  done
  echo $t
}
HZ=$(getconf CLK_TCK)

# udp_drops PORT: datagrams dropped so far by the 127.0.0.1:PORT UDP socket because its receive
# queue was full (the last column of /proc/net/udp).
udp_drops() {
  awk -v port="$(printf '%04X' "$1")" '$2 == "0100007F:" port { d += $NF } END { print d + 0 }' /proc/net/udp
}

load_line() { echo "load average $(cut -d' ' -f1-3 /proc/loadavg) ($(nproc) cores)"; }

# stop PID: TERM, then KILL after 10 s.
stop_pid() {
  kill -TERM "$1" 2>/dev/null
  for _ in $(seq 100); do kill -0 "$1" 2>/dev/null || return 0; sleep 0.1; done
  kill -KILL "$1" 2>/dev/null
}

# switchboard_start DIR PORT RTP_MIN RTP_MAX RTP_TIMEOUT: DIR holds extensions.toml from
# gen-users.py; sets SB_PID. qualify_frequency 3600: the callee contacts are probed once, 1 s
# after they register (answered by the registering sipp, see register_callees), then not again
# during the run, so OPTIONS stay out of the figures. SB_KERNEL_FORWARDING ([rtp]
# kernel_forwarding: auto or off; default auto) says whether the kernel may carry latched calls.
switchboard_start() {
  local dir=$1 port=$2 rtp_min=$3 rtp_max=$4 rtp_timeout=$5
  { printf '[pbx]\ndomain = "%s"\ndata_dir = "%s/data"\nlog_level = "%s"\n\n' "$DOMAIN" "$dir" "$SB_LOG_LEVEL"
    printf '[sip]\nlisten = ["udp:127.0.0.1:%s"]\nqualify_frequency = 3600\nmin_expires = 60\nmax_expires = 3600\n' "$port"
    printf 'ring_timeout = 30\nmax_call_length = 3600\n\n'
    printf '[rtp]\nport_min = %s\nport_max = %s\nrtp_timeout = %s\nbind_address = "127.0.0.1"\nkernel_forwarding = "%s"\n\n' \
      "$rtp_min" "$rtp_max" "$rtp_timeout" "${SB_KERNEL_FORWARDING:-auto}"
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

# sipp_bench_header NAME: the lines that open a sipp benchmark's output (when, where, what).
sipp_bench_header() {
  echo "# $1 $(date '+%F %T') on $(nproc) cores, $(uname -r); $(load_line)"
  echo "# switchboard: $bin ($("$bin" version 2>/dev/null | head -1)); sipp: $(sipp -v 2>/dev/null | grep -o 'v[0-9.]*' | head -1)"
  echo "# work folder: $work"
}

# bench_users N: sets sb to the Switchboard work folder, holding gen-users.py's 2N users split
# into N callers calling N callees (split_users).
bench_users() {
  sb="$work/switchboard"
  mkdir -p "$sb"
  python3 "$here/gen-users.py" $((2 * $1)) "$DOMAIN" "$sb" >/dev/null || die "gen-users failed"
  split_users "$sb/users.csv" "$1" "$sb"
}

# sb_ctl DIR ARGS...: the control command of the Switchboard whose work folder is DIR.
sb_ctl() { local dir=$1; shift; "$bin" ctl --data "$dir/data" "$@"; }

# split_users USERS.csv N OUT: the first N users of gen-users.py's file call the next N, one
# callee each: OUT/callers.csv (caller;domain;[authentication ...];callee, for uac-call.xml)
# and OUT/callees.csv (user;domain;[authentication ...], for register-auth.xml).
split_users() {
  python3 - "$1" "$2" "$3" <<'PY'
import sys
users, n, out = sys.argv[1], int(sys.argv[2]), sys.argv[3]
lines = open(users).read().splitlines()[1:]
callers, callees = lines[:n], lines[n:2 * n]
assert len(callees) == n, 'gen-users.py wrote too few users'
with open(f'{out}/callers.csv', 'w') as f:
    f.write('SEQUENTIAL\n')
    f.writelines(f"{c};{e.split(';')[0]}\n" for c, e in zip(callers, callees))
with open(f'{out}/callees.csv', 'w') as f:
    f.write('SEQUENTIAL\n')
    f.writelines(l + '\n' for l in callees)
PY
}

# register_callees TARGET CALLEES.csv N UAS_PORT DIR: registers the N callees with the shared
# register-auth.xml scenario from 127.0.0.1:UAS_PORT, so that their contact (and flow) is the
# port the sipp UAS listens on afterwards. Switchboard probes a new contact with OPTIONS 1 s
# after it registers; the registering sipp answers them (-aa) and keeps refreshing the same
# contacts at the same rate for 2 s more so that it is still there to answer. A contact whose
# probe went unanswered would be marked unreachable and never rung. Fails unless all N are
# registered and reachable.
register_callees() {
  local target=$1 csv=$2 n=$3 port=$4 dir=$5 rate=500
  local total=$(( n + 2 * rate ))
  timeout 120 sipp "$target" -sf "$peers/sipp/register-auth.xml" -inf "$csv" -m "$total" -r "$rate" -l 2000 \
    -i 127.0.0.1 -p "$port" -aa -nostdin -trace_stat -stf "$dir/register-stat.csv" -fd 1 \
    -trace_err -error_file "$dir/register-errors.log" >/dev/null 2>&1
  local reachable
  for _ in $(seq 50); do
    reachable=$(sb_ctl "$dir" registrations --json 2>/dev/null \
      | python3 -c 'import json,sys; print(sum(1 for b in json.load(sys.stdin) if b.get("reachable") is True))')
    [ "${reachable:-0}" -ge "$n" ] && return 0
    sleep 0.2
  done
  echo "only ${reachable:-0} of $n callees registered and reachable (see $dir/register-errors.log)" >&2
  return 1
}

# sipp_failures ERRORS.log: the three most frequent reasons sipp gave for failed calls.
sipp_failures() {
  [ -s "$1" ] || return 0
  grep -a "Aborting call\|timeout\|timed out" "$1" \
    | sed "s/^.*[0-9]: //; s/for Call-Id '[^']*'//; s/Call-Id '[^']*'//; s/Call-Id [^ ]*//" | cut -c1-140 \
    | sort | uniq -c | sort -rn | head -3 | sed 's/^/      /'
}
