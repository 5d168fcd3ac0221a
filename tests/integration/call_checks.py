# SPDX-License-Identifier: MIT
"""What the call tests share: a server configured for calls (ring timeout, a relay port range on
127.0.0.1), call records read back through `ctl cdr --json`, and checks on the SDP Switchboard
writes; [[ring_group]] tables and [[extension]] call settings added to a server's configuration
before it starts (add_ring_group, add_extension_keys); hand-made and sipp phones for a test
(CallTest.rtp_phone, CallTest.sipp_callee); parts of recordings (share_between, rms_between,
peak_share); a thread whose failure fails the test (Background). Python 3 standard library only;
builds on harness.py.
"""

import math
import os
import random
import re
import socket
import threading
import time

import harness as h
import phones
import rtp_phone
import sipp_calls

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

    # -- phones and the server's health

    def rtp_phone(self, number, tone_hz=440, register=True, srv=None, name=None):
        """A hand-made phone (rtp_phone.RtpPhone) for extension `number`, closed at the end of the
        test; registered unless `register` is False (calling needs no registration)."""
        srv = srv or self.srv
        ext = srv.extensions[str(number)]
        folder = os.path.join(self.workdir, f'rtp{number}-{random.getrandbits(16):04x}')
        ph = rtp_phone.RtpPhone(folder, srv, number, ext.secret, DOMAIN, tone_hz=tone_hz,
                                name=name or f'rtp phone {number} ({tone_hz} Hz)')
        self.addCleanup(ph.close)
        if register:
            ph.register()
        return ph

    def sipp_callee(self, number, scenario='uas-answer.xml', duration_ms=1000, srv=None):
        """A sipp callee (tests/scenarios/sipp/uas-*.xml) registered as extension `number` from
        the very port it then binds; killed at the end of the test."""
        srv = srv or self.srv
        port = h.free_port()
        sipp_calls.register_contact(srv, number, srv.secret_of(number), port)
        callee = sipp_calls.SippCallee(self.workdir, scenario, port=port,
                                       duration_ms=duration_ms, name=f'callee-{number}')
        self.addCleanup(callee.kill)
        return callee.start()

    def assert_server_alive(self, srv=None, context=''):
        """The process runs and answers OPTIONS with 200."""
        srv = srv or self.srv
        self.assertTrue(srv.alive(), f'switchboard is not running any more (exit '
                        f'{srv.proc.returncode if srv.proc else "?"})\n{context}')
        reply = h.ping(srv.address, timeout=3)
        self.assertIsNotNone(reply, f'no answer to OPTIONS\n{context}')
        self.assertEqual(reply.status, 200, f'OPTIONS answered {reply.start_line}\n{context}')

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


class Background:
    """Runs fn(*args) on a thread at once; result() waits for it and returns its value or raises
    what it raised (so a phone answering in the background fails the test with its message)."""

    def __init__(self, fn, *args, **kwargs):
        self._value = None
        self._error = None

        def run():
            try:
                self._value = fn(*args, **kwargs)
            except BaseException as e:          # noqa: B902 - handed to the test thread
                self._error = e
        self._thread = threading.Thread(target=run, daemon=True)
        self._thread.start()

    def result(self, timeout=30):
        self._thread.join(timeout)
        if self._thread.is_alive():
            raise AssertionError(f'background task still running after {timeout} s')
        if self._error is not None:
            raise self._error
        return self._value


# ----------------------------------------------------------------------------------------------
# Configuration beyond what harness.render_config writes

VOICEMAIL_BEEP_HZ = 1000   # the tone after voicemail's greeting


def tone_share(payload, payload_type, hz):
    samples = phones.decode_g711(payload, payload_type)
    return phones._goertzel_share(samples, 0, len(samples), 8000, hz)


def wait_for_tone(phone, hz, since, timeout, frames=8):
    """The time.monotonic() at which `frames` packets in a row (received after `since`) held
    mostly `hz`; None when that did not happen within `timeout`."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        run = 0
        for t, _, pt, body in phone.rtp.packets_between(since, time.monotonic() + 1):
            run = run + 1 if tone_share(body, pt, hz) > 0.6 else 0
            if run >= frames:
                return t
        time.sleep(0.1)
    return None


def speech_seconds(phone, start, end):
    """Seconds of audible sound that is not one pure tone (speech) received between two times."""
    loud = 0
    for _, _, pt, body in phone.rtp.packets_between(start, end):
        samples = phones.decode_g711(body, pt)
        rms = math.sqrt(sum(x * x for x in samples) / max(1, len(samples)))
        if rms > 300 and tone_share(body, pt, VOICEMAIL_BEEP_HZ) < 0.5:
            loud += 1
    return loud * 0.02


def add_extension_keys(srv, number, **keys):
    """Adds keys (dnd, forward_all, forward_busy, forward_no_answer) to extension `number`'s
    [[extension]] table in the configuration file of a server not started yet."""
    with open(srv.config) as f:
        text = f.read()
    line = f'number = {h.toml_string(number)}'
    at = text.find('[[extension]]\n' + line + '\n')
    if at < 0:
        raise AssertionError(f'no [[extension]] {number} in {srv.config}:\n{text}')
    end = at + len('[[extension]]\n' + line + '\n')
    added = ''.join(f'{k} = {h.toml_value(v)}\n' for k, v in keys.items())
    with open(srv.config, 'w') as f:
        f.write(text[:end] + added + text[end:])


def add_ring_group(srv, number, members, strategy='ringall', ring_time=None, no_answer=None,
                   name=None):
    """Appends a [[ring_group]] table to the configuration file of a server not started yet."""
    keys = {'number': str(number), 'name': name or f'Group {number}',
            'members': [str(m) for m in members], 'strategy': strategy}
    if ring_time is not None:
        keys['ring_time'] = ring_time
    if no_answer is not None:
        keys['no_answer'] = str(no_answer)
    with open(srv.config, 'a') as f:
        f.write('\n[[ring_group]]\n' + ''.join(f'{k} = {h.toml_value(v)}\n'
                                                for k, v in keys.items()))


# ----------------------------------------------------------------------------------------------
# Parts of recordings

def _samples_between(wav_path, start, end):
    rate, samples = phones.read_wav(wav_path)
    first = max(0, int(start * rate))
    last = len(samples) if end is None else min(len(samples), int(end * rate))
    return rate, samples[first:last]


def share_between(wav_path, hz, start, end=None, window=0.1):
    """Median share of the energy at `hz` over `window`-second windows of the recording between
    `start` and `end` seconds (end None: to the end); 0 for nothing."""
    rate, part = _samples_between(wav_path, start, end)
    n = int(rate * window)
    shares = [phones._goertzel_share(part, s, n, rate, hz)
              for s in range(0, len(part) - n + 1, n)]
    return phones._median(shares)


def rms_between(wav_path, start, end=None):
    _, part = _samples_between(wav_path, start, end)
    return math.sqrt(sum(x * x for x in part) / len(part)) if part else 0.0


def peak_share(wav_path, hz, window=0.1):
    """The largest share of `hz` in any window: for short beeps that a median would miss."""
    rate, samples = phones.read_wav(wav_path)
    n = int(rate * window)
    return max([phones._goertzel_share(samples, s, n, rate, hz)
                for s in range(0, len(samples) - n + 1, n)] or [0.0])


def describe_part(wav_path, start, end, freqs):
    """For failure messages: level and tone shares of one part of a recording."""
    if not wav_path or not os.path.exists(wav_path):
        return f'{wav_path}: no recording'
    shares = ', '.join(f'{hz} Hz {share_between(wav_path, hz, start, end):.3f}' for hz in freqs)
    span = f'{start:.1f}..{"end" if end is None else f"{end:.1f}"} s'
    return (f'{os.path.basename(wav_path)} {span} of {phones.duration(wav_path):.1f} s: rms '
            f'{rms_between(wav_path, start, end):.0f}, shares {shares}')


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


def sdp_direction(body):
    """The direction attribute of the first audio stream (its own, else the session's, else
    'sendrecv', RFC 4566 §6)."""
    text = body.decode('utf-8', errors='replace') if isinstance(body, bytes) else (body or '')
    session = media = None
    in_session, seen_audio, in_audio = True, False, False
    for line in text.replace('\r\n', '\n').split('\n'):
        if line.startswith('m='):
            in_session = False
            in_audio = not seen_audio and line[2:].startswith('audio')
            seen_audio = seen_audio or in_audio
        elif line[2:] in ('sendrecv', 'sendonly', 'recvonly', 'inactive') and line.startswith('a='):
            if in_audio:
                media = line[2:]
            elif in_session:
                session = line[2:]
    return media or session or 'sendrecv'


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
