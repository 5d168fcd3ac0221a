#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# tftp-vs-tftpd.sh SWITCHBOARD_BINARY: Switchboard's TFTP server side by side with Debian's
# tftpd-hpa (in.tftpd) and atftpd, all on 127.0.0.1, in one run:
#   1. one firmware-sized file (5 MB) fetched with atftp (blksize 1428) at windowsize 1 and 16:
#      wall time per fetch (median of RUNS), throughput, and Switchboard's time over the best of
#      the other two (target: at most 1.0 at every setting);
#   2. 500 concurrent fetches of a configuration-sized file (hand-made clients, one thread each,
#      retransmitting after 1 s of silence as phones do): how many complete, and in how long.
# tftpd-hpa and atftpd conflict as Debian packages; both are unpacked (not installed, so no
# service starts) from their .deb files into the work folder with `apt-get download`. The
# servers run as root (tftpd-hpa chroots into its folder).
# Knobs: RUNS [5] CONCURRENT [500] WINDOWS ["1 16"] BLKSIZE [1428] KEEP [0]
set -uo pipefail

here=$(cd "$(dirname "$0")" && pwd)
bin=${1:-}
RUNS=${RUNS:-5} CONCURRENT=${CONCURRENT:-500} WINDOWS=${WINDOWS:-"1 16"} BLKSIZE=${BLKSIZE:-1428}
die() { echo "tftp-vs-tftpd: $*" >&2; exit 1; }
[ -n "$bin" ] && [ -x "$bin" ] || die "usage: $0 SWITCHBOARD_BINARY"
bin=$(realpath "$bin")
for tool in atftp python3 apt-get dpkg; do command -v $tool >/dev/null || die "$tool is not installed (scripts/install-deps)"; done

work=$(mktemp -d /tmp/sb-tftp-bench-XXXXXX)
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill -TERM "$p" 2>/dev/null; done
  wait 2>/dev/null
  if [ "${KEEP:-0}" = 1 ]; then echo "work folder kept: $work"; else rm -rf "$work"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# The peers, unpacked.
(cd "$work" && apt-get download tftpd-hpa atftpd >/dev/null 2>&1) || die "apt-get download tftpd-hpa atftpd failed"
for deb in "$work"/*.deb; do dpkg -x "$deb" "$work/peers"; done
hpa=$work/peers/usr/sbin/in.tftpd atftpd=$work/peers/usr/sbin/atftpd
[ -x "$hpa" ] && [ -x "$atftpd" ] || die "the unpacked servers are missing"

mkdir -p "$work/files"
head -c 5000000 /dev/urandom > "$work/files/P0S3-08-12-00.bin"
head -c 1500 /dev/urandom | base64 > "$work/files/SIPDefault.cnf"

free_udp_port() { python3 -c 'import socket; s=socket.socket(socket.AF_INET, socket.SOCK_DGRAM); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
declare -A port
port[switchboard]=$(free_udp_port) port[tftpd-hpa]=$(free_udp_port) port[atftpd]=$(free_udp_port)

cat > "$work/sb.toml" <<TOML
[pbx]
domain = "bench.test"
data_dir = "$work/sb-data"
log_level = "warning"
[sip]
listen = ["udp:127.0.0.1:$(free_udp_port)"]
[provisioning]
tftp_listen = "127.0.0.1:${port[switchboard]}"
http_listen = ""
firmware_dir = "$work/files"
TOML
"$bin" run --config "$work/sb.toml" --data "$work/sb-data" >"$work/sb.out" 2>&1 & pids+=($!)
"$hpa" -L -s -a "127.0.0.1:${port[tftpd-hpa]}" "$work/files" >"$work/hpa.out" 2>&1 & pids+=($!)
"$atftpd" --daemon --no-fork --user root --group root --bind-address 127.0.0.1 --port "${port[atftpd]}" \
  --logfile /dev/null --maxthread 1000 "$work/files" >"$work/atftpd.out" 2>&1 & pids+=($!)
sleep 1
for p in "${pids[@]}"; do kill -0 "$p" 2>/dev/null || { cat "$work"/*.out >&2; die "a server did not start"; }; done

median() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END{print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
SERVERS="switchboard tftpd-hpa atftpd"

echo "# tftp-vs-tftpd $(date '+%F %T') on $(nproc) cores, $(uname -r)"
echo "# switchboard: $bin ($("$bin" version 2>/dev/null | head -1)); peers: $(basename "$work"/tftpd-hpa*.deb) $(basename "$work"/atftpd*.deb)"
echo
echo "== 5 MB with atftp, blksize $BLKSIZE, median of $RUNS fetches (ms; MB/s)"
for w in $WINDOWS; do
  declare -A ms=()
  for s in $SERVERS; do
    times=()
    for r in $(seq "$RUNS"); do
      rm -f "$work/got"
      t0=$(date +%s%N)
      atftp --option "blksize $BLKSIZE" --option "windowsize $w" --option "tsize 0" -g -r P0S3-08-12-00.bin \
        -l "$work/got" 127.0.0.1 "${port[$s]}" >/dev/null 2>&1
      t1=$(date +%s%N)
      cmp -s "$work/got" "$work/files/P0S3-08-12-00.bin" || { echo "$s windowsize $w: the file came back wrong" >&2; times+=(999999); continue; }
      times+=($(( (t1 - t0) / 1000000 )))
    done
    ms[$s]=$(median "${times[@]}")
    printf '%-12s windowsize %-3s %8s ms  %7s MB/s\n' "$s" "$w" "${ms[$s]}" \
      "$(python3 -c "import sys; m=float(sys.argv[1]); print(f'{5.0/(m/1000):.1f}' if m>0 else 'inf')" "${ms[$s]}")"
  done
  python3 -c "import sys; s,h,a=map(float,sys.argv[1:]); b=min(h,a); print(f'ratio switchboard / best of the others at windowsize $w: {s/b:.2f} (target: at most 1.00)')" \
    "${ms[switchboard]}" "${ms[tftpd-hpa]}" "${ms[atftpd]}"
  unset ms
done

echo
echo "== $CONCURRENT concurrent fetches of a 2 kB file (one client thread each)"
for s in $SERVERS; do
  python3 - "${port[$s]}" "$CONCURRENT" "$work/files/SIPDefault.cnf" "$s" <<'PY'
import socket, struct, sys, threading, time
port, n, path, name = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3], sys.argv[4]
want = open(path, 'rb').read()
ok = [0]; lock = threading.Lock(); start = threading.Event()
def fetch():
    # As a phone's TFTP client does: the request and each ACK are sent again after a second of
    # silence, five times at most.
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM); s.settimeout(1)
    start.wait()
    try:
        last, to = b'\0\1SIPDefault.cnf\0octet\0', ('127.0.0.1', port)
        s.sendto(last, to)
        got = bytearray(); expected = 1; tries = 0
        while True:
            try:
                data, peer = s.recvfrom(2048)
            except socket.timeout:
                tries += 1
                if tries > 5: return
                s.sendto(last, to); continue
            op, block = struct.unpack('!HH', data[:4])
            if op != 3: return
            if block == expected & 0xffff: got += data[4:]; expected += 1
            last, to, tries = struct.pack('!HH', 4, block), peer, 0
            s.sendto(last, to)
            if len(data) < 516: break
        if bytes(got) == want:
            with lock: ok[0] += 1
    except OSError:
        pass
    finally:
        s.close()
threads = [threading.Thread(target=fetch) for _ in range(n)]
for t in threads: t.start()
t0 = time.monotonic(); start.set()
for t in threads: t.join()
print(f'{name:<12} {ok[0]:4d} of {n} complete in {time.monotonic() - t0:.2f} s')
PY
done
