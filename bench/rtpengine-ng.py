#!/usr/bin/python3
# SPDX-License-Identifier: MIT
"""rtpengine-ng.py NG_PORT CALLS POOL LOCAL_BASE PAIRS: sets up CALLS G.711 calls on an rtpengine
listening for the ng control protocol on 127.0.0.1:NG_PORT, the way a SIP proxy drives it: for
each call an "offer" with the caller's SDP (rtpengine answers with the SDP the callee gets,
naming its port for the callee's leg) and an "answer" with the callee's SDP (rtpengine answers
with the SDP the caller gets, naming its port for the caller's leg). The phones' SDPs name the
ports rtp-load (run with the same POOL and LOCAL_BASE) sends from: call i's caller at
LOCAL_BASE + 4 (i % POOL), its callee 2 above (RTCP would take the odd ports). Writes PAIRS for
rtp-load, one call a line: "RELAY_A RELAY_B".

The ng protocol: a UDP datagram "COOKIE BENCODED-DICT", the reply "COOKIE BENCODED-DICT" with
"result": "ok" (rtpengine's docs, "ng Control Protocol").
"""

import re
import socket
import sys


def bencode(value):
    if isinstance(value, int):
        return b'i%de' % value
    if isinstance(value, str):
        value = value.encode()
    if isinstance(value, bytes):
        return b'%d:%s' % (len(value), value)
    if isinstance(value, list):
        return b'l' + b''.join(bencode(v) for v in value) + b'e'
    if isinstance(value, dict):
        return b'd' + b''.join(bencode(k) + bencode(v) for k, v in sorted(value.items())) + b'e'
    raise TypeError(type(value))


def bdecode(data, i=0):
    c = data[i:i + 1]
    if c == b'i':
        end = data.index(b'e', i)
        return int(data[i + 1:end]), end + 1
    if c == b'l':
        out, i = [], i + 1
        while data[i:i + 1] != b'e':
            v, i = bdecode(data, i)
            out.append(v)
        return out, i + 1
    if c == b'd':
        out, i = {}, i + 1
        while data[i:i + 1] != b'e':
            k, i = bdecode(data, i)
            v, i = bdecode(data, i)
            out[k.decode()] = v
        return out, i + 1
    colon = data.index(b':', i)
    n = int(data[i:colon])
    return data[colon + 1:colon + 1 + n], colon + 1 + n


def sdp(port, session):
    return ('v=0\r\no=- %d 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\n'
            'm=audio %d RTP/AVP 0\r\na=rtpmap:0 PCMU/8000\r\na=sendrecv\r\n' % (session, port))


class Ng:
    def __init__(self, port):
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        self.sock.bind(('127.0.0.1', 0))
        self.sock.settimeout(2)
        self.addr = ('127.0.0.1', port)
        self.seq = 0

    def call(self, command):
        self.seq += 1
        cookie = b'bench%d' % self.seq
        message = cookie + b' ' + bencode(command)
        for _ in range(5):  # rtpengine answers a repeated cookie from its cache
            self.sock.sendto(message, self.addr)
            try:
                while True:
                    reply, _ = self.sock.recvfrom(65536)
                    got, _, body = reply.partition(b' ')
                    if got == cookie:
                        break
            except socket.timeout:
                continue
            result, _ = bdecode(body)
            if result.get('result') not in (b'ok', b'pong'):
                raise RuntimeError('rtpengine: %s: %s' % (command['command'], result))
            return result
        raise RuntimeError('rtpengine: no answer to %s on 127.0.0.1:%d' % (command['command'], self.addr[1]))


def media_port(sdp_bytes):
    m = re.search(rb'^m=audio (\d+) ', sdp_bytes, re.M)
    if not m:
        raise RuntimeError('rtpengine: no m=audio in %r' % sdp_bytes)
    return int(m.group(1))


def main():
    if len(sys.argv) != 6:
        sys.exit(__doc__)
    ng_port, calls, pool, base, out = (int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3]),
                                       int(sys.argv[4]), sys.argv[5])
    ng = Ng(ng_port)
    ng.call({'command': 'ping'})
    lines = []
    for i in range(calls):
        local_a = base + 4 * (i % pool)
        local_b = local_a + 2
        call_id, from_tag, to_tag = 'bench-call-%d' % i, 'a%d' % i, 'b%d' % i
        offer = ng.call({'command': 'offer', 'call-id': call_id, 'from-tag': from_tag,
                         'sdp': sdp(local_a, i + 1), 'replace': ['origin', 'session-connection']})
        relay_b = media_port(offer['sdp'])
        answer = ng.call({'command': 'answer', 'call-id': call_id, 'from-tag': from_tag,
                          'to-tag': to_tag, 'sdp': sdp(local_b, i + 100001),
                          'replace': ['origin', 'session-connection']})
        relay_a = media_port(answer['sdp'])
        lines.append('%d %d\n' % (relay_a, relay_b))
    with open(out, 'w') as f:
        f.writelines(lines)


if __name__ == '__main__':
    main()
