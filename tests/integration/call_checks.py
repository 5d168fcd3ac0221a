# SPDX-License-Identifier: MIT
"""What the call tests share: a server configured for calls (ring timeout, a relay port range on
127.0.0.1), call records read back through `ctl cdr --json`, and checks on the SDP Switchboard
writes. Python 3 standard library only; builds on harness.py.
"""

import random
import re
import socket
import time

import harness as h

DOMAIN = 'pbx.test'
RING_TIMEOUT = 4          # [sip] ring_timeout for these tests, seconds
RTP_PORTS = 200           # size of the [rtp] range each server gets


class CallTest(h.IntegrationTest):
    """Base class: `call_server()` starts Switchboard with the extensions, a short ring timeout and
    its own relay port range, bound to 127.0.0.1."""

    def call_server(self, extensions, ring_timeout=RING_TIMEOUT, sip=None, rtp=None, **kwargs):
        self.rtp_min, self.rtp_max = free_rtp_range()
        sip_keys = {'ring_timeout': ring_timeout}
        sip_keys.update(sip or {})
        rtp_keys = {'port_min': self.rtp_min, 'port_max': self.rtp_max,
                    'bind_address': '127.0.0.1'}
        rtp_keys.update(rtp or {})
        sections = dict(kwargs.pop('extra_sections', {}) or {})
        sections['rtp'] = rtp_keys
        self.srv = self.server(extensions=extensions, domain=DOMAIN, sip=sip_keys,
                               extra_sections=sections, **kwargs)
        return self.srv

    # -- call records

    def records(self, srv=None):
        srv = srv or self.srv
        data = srv.ctl_json('cdr')
        if not isinstance(data, list):
            raise AssertionError(f'ctl cdr --json is not an array: {data!r}')
        return data

    def wait_records(self, count=1, timeout=5, srv=None):
        """At least `count` call records (newest first), waiting for the engine to write them."""
        found = []

        def enough():
            found[:] = self.records(srv)
            return len(found) >= count
        deadline = time.monotonic() + timeout
        while not enough():
            if time.monotonic() > deadline:
                raise AssertionError(f'{len(found)} call record(s) within {timeout} s, want '
                                     f'{count}: {found}')
            time.sleep(0.2)
        return found

    def assert_record(self, record, disposition, caller='100', dialled='101', callee=None,
                      hangup_side=None, min_billable_ms=None, context=''):
        """Checks one `ctl cdr --json` entry (fields in docs/interface-additions.md). `callee`
        defaults to `dialled`."""
        callee = dialled if callee is None else callee
        info = f'\ncall record: {record}\n{context}'
        for key in ('caller', 'callee', 'dialled', 'disposition', 'duration_ms', 'billable_ms',
                    'hangup_side', 'started_at_ms', 'answered_at_ms', 'ended_at_ms'):
            self.assertIn(key, record, info)
        self.assertEqual(record['disposition'], disposition, info)
        self.assertEqual(str(record['caller']), caller, info)
        self.assertEqual(str(record['dialled']), dialled, info)
        # `callee` names the extension that answered: unanswered calls may leave it empty.
        got_callee = str(record['callee'] or '')
        if disposition == 'ANSWERED':
            self.assertEqual(got_callee, callee, info)
        else:
            self.assertIn(got_callee, ('', callee), info)
        if hangup_side is not None:
            self.assertEqual(record['hangup_side'], hangup_side, info)
        self.assertGreaterEqual(record['duration_ms'], record['billable_ms'], info)
        self.assertGreaterEqual(record['ended_at_ms'], record['started_at_ms'], info)
        if disposition == 'ANSWERED':
            self.assertIsNotNone(record['answered_at_ms'], info)
            self.assertGreater(record['billable_ms'], 0, info)
            if min_billable_ms is not None:
                self.assertGreaterEqual(record['billable_ms'], min_billable_ms, info)
        else:
            self.assertIsNone(record['answered_at_ms'], info)
            self.assertEqual(record['billable_ms'], 0, info)

    def assert_no_calls_left(self, srv=None, timeout=5):
        srv = srv or self.srv
        deadline = time.monotonic() + timeout
        while True:
            calls = srv.ctl_json('calls')
            if calls == []:
                return
            if time.monotonic() > deadline:
                self.fail(f'calls still listed {timeout} s after the end: {calls}')
            time.sleep(0.2)

    # -- SDP written by Switchboard

    def assert_relay_sdp(self, body, context=''):
        """The SDP names 127.0.0.1 and an even port of our [rtp] range; returns that port."""
        address, port = sdp_address(body)
        info = f'\nSDP:\n{body.decode(errors="replace") if isinstance(body, bytes) else body}' \
               f'\n{context}'
        self.assertEqual(address, '127.0.0.1', 'the relay address' + info)
        self.assertIsNotNone(port, info)
        self.assertTrue(self.rtp_min <= port <= self.rtp_max,
                        f'port {port} outside [rtp] {self.rtp_min}..{self.rtp_max}' + info)
        self.assertEqual(port % 2, 0, 'RTP ports are even' + info)
        return port


def free_rtp_range(size=RTP_PORTS, attempts=50):
    """(port_min, port_max): an even range whose UDP ports are all free on 127.0.0.1 right now,
    below Linux's ephemeral ports (32768+) so that the ports sipp, baresip and our sockets get
    from the kernel do not land in it. (A benchmark on the same machine may hold thousands of
    relay ports; a range it uses would leave the server none: 503.)"""
    for _ in range(attempts):
        base = random.randrange(20000, 32000 - size, 2)
        if all(_udp_free(p) for p in range(base, base + size + 2)):
            return base, base + size
    raise AssertionError(f'no {size} free UDP ports in a row between 20000 and 32000 on '
                         f'127.0.0.1 after {attempts} tries')


def _udp_free(port):
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    try:
        s.bind(('127.0.0.1', port))
        return True
    except OSError:
        return False
    finally:
        s.close()


def sdp_address(body):
    """(connection address, port) of the first audio stream of an SDP body."""
    text = body.decode('utf-8', errors='replace') if isinstance(body, bytes) else (body or '')
    session = media = port = None
    in_audio = False
    for line in text.replace('\r\n', '\n').split('\n'):
        if line.startswith('m='):
            parts = line[2:].split()
            in_audio = port is None and parts[0] == 'audio'
            if in_audio:
                port = int(parts[1])
        elif line.startswith('c=IN IP4 '):
            addr = line[len('c=IN IP4 '):].strip().split('/')[0]
            if in_audio:
                media = addr
            elif port is None:
                session = addr
    return media or session, port


def sdp_codecs(body):
    """The encoding names of the first audio stream ('PCMU', 'telephone-event', ...)."""
    text = body.decode('utf-8', errors='replace') if isinstance(body, bytes) else (body or '')
    names = {}
    pts = []
    static = {'0': 'PCMU', '8': 'PCMA', '9': 'G722', '18': 'G729'}
    for line in text.replace('\r\n', '\n').split('\n'):
        if line.startswith('m=audio') and not pts:
            pts = line.split()[3:]
        m = re.match(r'a=rtpmap:(\d+) ([^/\s]+)', line)
        if m:
            names.setdefault(m.group(1), m.group(2))
    return [names.get(p, static.get(p, p)) for p in pts]
