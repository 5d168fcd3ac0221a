# SPDX-License-Identifier: MIT
"""Every message of tests/scenarios/torture/ (RFC 4475 style) sent to the running server as one UDP
datagram gets the verdict written in expected.tsv, and the server stays alive throughout.

The test re-executes itself inside a private network namespace (`unshare -n`) so that the server
can listen on 127.0.0.1:5060 and replies addressed to hosts named in the messages (RFC 4475 uses
192.0.2.x) stay inside it: for each message the test sends from the address and port of its top
Via (added to the namespace's loopback), so that the reply, routed per RFC 3261 §18.2.2, comes back
to the sending socket. Replies that would go to a DNS name (maddr=example.com) cannot be seen and
are marked unobservable: for those only liveness is checked."""

import ipaddress
import os
import re
import socket
import subprocess
import sys
import time
import unittest

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness as h  # noqa: E402

TORTURE = os.environ.get('SB_TORTURE_DIR') or os.path.join(h.SCENARIOS, 'torture')
SERVER = ('127.0.0.1', 5060)
DROP_WAIT = 0.3
REPLY_WAIT = 2.0
VERDICTS = {'ok', '400', 'drop', '505', '416', '420', '501'}
# Source address for messages whose Via host is a name or IPv6: any loopback address but the
# server's own, so that port 5060 is free for us.
NAMED_SOURCE = '127.0.0.2'


NETNS_FLAG = 'SB_TORTURE_NETNS'



def load_cases():
    """[(name, path, verdict, note)] from expected.tsv; every .sip file must be listed."""
    table = os.path.join(TORTURE, 'expected.tsv')
    cases = []
    with open(table) as f:
        for number, line in enumerate(f, 1):
            if not line.strip() or line.startswith('#'):
                continue
            cols = line.rstrip('\n').split('\t')
            if cols[0] == 'name' and number == 1:
                continue
            name, verdict = cols[0].strip(), cols[1].strip().lower()
            note = cols[2].strip() if len(cols) > 2 else ''
            if verdict not in VERDICTS:
                raise AssertionError(f'{table}:{number}: unknown verdict {verdict!r}')
            path = os.path.join(TORTURE, name if name.endswith('.sip') else name + '.sip')
            if not os.path.exists(path):
                raise AssertionError(f'{table}:{number}: no file {path}')
            cases.append((name, path, verdict, note))
    listed = {os.path.basename(c[1]) for c in cases}
    unlisted = sorted(f for f in os.listdir(TORTURE) if f.endswith('.sip') and f not in listed)
    if unlisted:
        raise AssertionError(f'torture messages without a verdict in expected.tsv: {unlisted}')
    return cases


def top_via(data):
    """(transport, host, port, params) of the first Via value of a raw message, or None."""
    text = data.decode('latin-1')
    head = re.split(r'\r?\n\r?\n', text, maxsplit=1)[0]
    head = re.sub(r'\r?\n[ \t]+', ' ', head)                      # unfold (RFC 3261 §7.3.1)
    for line in head.splitlines()[1:]:
        name, sep, value = line.partition(':')
        if not sep or name.strip().lower() not in ('via', 'v'):
            continue
        first = h.split_commas(value)[0] if value.strip() else ''
        m = re.match(r'\s*SIP\s*/\s*[\d.]+\s*/\s*(\w+)\s+(\[[^\]]+\]|[^\s:;]+)\s*(?::\s*(\d+))?'
                     r'\s*(.*)$', first, re.S | re.I)
        if not m:
            return None
        params = {}
        for p in m.group(4).split(';'):
            k, _, v = p.strip().partition('=')
            if k:
                params[k.strip().lower()] = v.strip()
        return m.group(1).upper(), m.group(2), int(m.group(3)) if m.group(3) else 5060, params
    return None


def is_unicast_ipv4(host):
    try:
        a = ipaddress.IPv4Address(host)
    except ValueError:
        return False
    return not (a.is_unspecified or a.is_multicast or a == ipaddress.IPv4Address('255.255.255.255'))


def plan_reply(data):
    """Where to send from so that the reply comes back to us: (source ip, source port) or
    (None, reason) when the reply cannot be observed from the namespace."""
    via = top_via(data)
    if via is None:
        # No usable Via: a reply (if any) can only go to the packet's source.
        return (NAMED_SOURCE, 0), None
    transport, host, port, params = via
    if port > 65535 or port == 0:
        return (NAMED_SOURCE, 0), None
    if 'maddr' in params:
        maddr = params['maddr']
        if not is_unicast_ipv4(maddr):
            return None, f'reply goes to maddr {maddr}'
        return (maddr, port), None
    if is_unicast_ipv4(host) and (host, port) != SERVER:
        return (host, port), None
    # A name, an IPv6 reference or the server's own address: the server adds received=<source>
    # and answers to <source>:<sent-by port> (or to the source port with rport).
    return (NAMED_SOURCE, port), None


def ensure_local(address):
    """Adds an IPv4 address to the namespace's loopback if it is not local yet."""
    if ipaddress.IPv4Address(address) in ipaddress.IPv4Network('127.0.0.0/8'):
        return
    r = subprocess.run(['ip', '-4', 'addr', 'show', 'dev', 'lo'], capture_output=True, text=True)
    if f'inet {address}/' not in r.stdout:
        h.ip('addr', 'add', f'{address}/32', 'dev', 'lo')


def receive(sock, wait):
    """The first SIP response that arrives within `wait` seconds, else None."""
    deadline = time.monotonic() + wait
    while True:
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            return None
        sock.settimeout(remaining)
        try:
            data, src = sock.recvfrom(65536)
        except socket.timeout:
            return None
        m = h.SipMessage.parse(data)
        if not m.is_request:
            return m


class TortureUdp(h.IntegrationTest):

    def test_every_torture_message_gets_its_verdict_and_the_server_survives(self):
        if not h.in_private_netns(NETNS_FLAG):
            self.fail('must run inside its own network namespace (run the file, not the class)')
        h.ip('link', 'set', 'lo', 'up')
        cases = load_cases()
        self.assertTrue(cases, 'no torture messages')
        srv = self.server(extensions=[h.Extension('100')], domain='example.com',
                          port=SERVER[1], transports=('udp', 'tcp'))
        self.assertEqual(srv.address, SERVER)

        results, problems = [], []
        for name, path, verdict, note in cases:
            with open(path, 'rb') as f:
                data = f.read()
            source, unobservable = plan_reply(data)
            outcome = self.run_case(srv, name, data, verdict, source, unobservable)
            results.append((name, verdict, outcome))
            if outcome.startswith('FAIL'):
                problems.append(f'{name} (expected {verdict}; {note}): {outcome}')
            alive = h.ping(SERVER, timeout=2.0)
            if alive is None or alive.status != 200:
                self.fail(f'server stopped answering OPTIONS after {name}\n'
                          f'earlier problems: {problems}\n{srv.diagnostics()}')

        for name, verdict, outcome in results:
            sys.stderr.write(f'{name:40} {verdict:5} {outcome}\n')
        self.assertTrue(srv.alive())
        self.assertEqual(problems, [], '\n'.join(problems))
        srv.stop()

    def run_case(self, srv, name, data, verdict, source, unobservable):
        if unobservable:
            self.send_plain(data)
            return f'unobservable ({unobservable})'
        address, port = source
        ensure_local(address)
        sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        try:
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            try:
                sock.bind((address, port))
            except OSError as e:
                self.send_plain(data)
                return f'unobservable (cannot bind {address}:{port}: {e})'
            sock.sendto(data, SERVER)
            is_request = not data.lstrip().startswith(b'SIP/')
            method = data.lstrip().split(b' ', 1)[0].decode('latin-1')
            if verdict == 'drop' or (verdict == 'ok' and (not is_request or method == 'ACK')):
                reply = receive(sock, DROP_WAIT)
                if reply is not None:
                    return f'FAIL: expected no reply, got {reply.start_line!r}'
                return 'ok (nothing sent back)'
            reply = receive(sock, REPLY_WAIT)
            if reply is None:
                return f'FAIL: no reply within {REPLY_WAIT} s (sent from {address}:{port})'
            if verdict == 'ok':
                if reply.status in (400, 505, 416):
                    return f'FAIL: a valid message was refused: {reply.start_line!r}'
                return f'ok ({reply.status})'
            if reply.status != int(verdict):
                return f'FAIL: got {reply.start_line!r}'
            if verdict == '420' and not reply.has('Unsupported'):
                return 'FAIL: 420 without Unsupported'
            if verdict == '501' and not reply.has('Allow'):
                return 'FAIL: 501 without Allow'
            return f'ok ({reply.status})'
        finally:
            sock.close()

    @staticmethod
    def send_plain(data):
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
            s.bind((NAMED_SOURCE, 0))
            s.sendto(data, SERVER)
        time.sleep(DROP_WAIT)


if __name__ == '__main__':
    if not h.in_private_netns(NETNS_FLAG):
        h.reexec_in_private_netns(NETNS_FLAG)
    unittest.main(verbosity=2)
