# SPDX-License-Identifier: MIT
"""Softphones for call tests, and what it takes to check what they heard.

- `Baresip`: a headless baresip 1.0 in its own folder (config, accounts, a tone WAV), registering
  one extension over UDP on loopback (or, without a server, reachable directly by IP), answering
  by itself, driven through its ctrl_tcp module (netstring JSON commands: dial, hangup, quit) whose
  events (REGISTER_OK, CALL_RINGING, CALL_ESTABLISHED, CALL_CLOSED, ...) the tests wait for.
  It sends a steady tone from a WAV (aufile) and the sndfile module records both directions of each
  call: rec/dump-<time>-dec.wav is what the phone heard, -enc.wav what it sent.
- `make_tone_wav`, `tone_power`, `dominant_tones`, `assert_hears`: tones in, Goertzel out.
- G.711 encode/decode in pure Python, for hand-made RTP (see rtp_phone.py).

Python 3 standard library only.
"""

import array
import json
import math
import os
import re
import socket
import subprocess
import threading
import time
import wave

import harness as h

MODULES = '/usr/lib/baresip/modules'

# Codec name (as tests say it) -> (baresip module, name in the account's audio_codecs list).
CODECS = {
    'PCMU': ('g711.so', 'PCMU'),
    'PCMA': ('g711.so', 'PCMA'),
    'G722': ('g722.so', 'G722'),
    'opus': ('opus.so', 'opus'),
}


# ----------------------------------------------------------------------------------------------
# WAV files and tones

def make_tone_wav(path, hz, seconds, rate=8000, amplitude=0.4):
    """A mono 16-bit WAV holding a steady sine of `hz`."""
    n = int(seconds * rate)
    peak = int(32767 * amplitude)
    step = 2 * math.pi * hz / rate
    samples = array.array('h', (int(peak * math.sin(step * i)) for i in range(n)))
    if samples.itemsize != 2:
        raise AssertionError('array("h") is not 16 bits here')
    with wave.open(path, 'wb') as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(rate)
        w.writeframes(samples.tobytes())   # little-endian on every machine we run on
    return path


def read_wav(path):
    """(rate, samples of the first channel as a list of ints) of a 16-bit WAV."""
    with wave.open(path, 'rb') as w:
        rate, channels, width = w.getframerate(), w.getnchannels(), w.getsampwidth()
        data = w.readframes(w.getnframes())
    if width != 2:
        raise AssertionError(f'{path}: {8 * width}-bit samples, want 16')
    samples = array.array('h')
    samples.frombytes(data[:len(data) - len(data) % 2])
    return rate, list(samples[::channels])


def write_wav(path, samples, rate=8000):
    with wave.open(path, 'wb') as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(rate)
        w.writeframes(array.array('h', samples).tobytes())
    return path


def _goertzel_share(samples, start, n, rate, hz):
    """The share (0..1) of a window's energy that is at `hz`: 1 for a pure sine of that
    frequency, about 0 when it is absent (and 0 for silence)."""
    coeff = 2 * math.cos(2 * math.pi * hz / rate)
    s1 = s2 = 0.0
    energy = 0.0
    for x in samples[start:start + n]:
        s0 = x + coeff * s1 - s2
        s2 = s1
        s1 = s0
        energy += x * x
    if energy <= 0:
        return 0.0
    power = s1 * s1 + s2 * s2 - coeff * s1 * s2
    return min(1.0, 2 * power / (n * energy))


def _windows(samples, rate, skip, window):
    n = int(rate * window)
    first = int(rate * skip)
    return n, list(range(first, len(samples) - n + 1, n))


def _median(values):
    if not values:
        return 0.0
    v = sorted(values)
    mid = len(v) // 2
    return v[mid] if len(v) % 2 else (v[mid - 1] + v[mid]) / 2


def tone_power(wav_path, hz, skip=1.0, window=0.1):
    """Median over `window`-second windows (after the first `skip` seconds) of the share of each
    window's energy at `hz` (Goertzel). A clean tone of `hz` gives about 1, another tone or noise
    about 0, silence 0."""
    rate, samples = read_wav(wav_path)
    n, starts = _windows(samples, rate, skip, window)
    return _median([_goertzel_share(samples, s, n, rate, hz) for s in starts])


def rms_level(wav_path, skip=1.0):
    """Root mean square of the samples after `skip` seconds (full scale 32767)."""
    rate, samples = read_wav(wav_path)
    tail = samples[int(rate * skip):]
    return math.sqrt(sum(x * x for x in tail) / len(tail)) if tail else 0.0


def duration(wav_path):
    with wave.open(wav_path, 'rb') as w:
        return w.getnframes() / float(w.getframerate())


def dominant_tones(wav_path, lo=100, hi=3900, step=10, windows=4, skip=1.0, window=0.1,
                   threshold=0.05):
    """The strongest frequencies of a recording as [(hz, share), ...], strongest first, from a
    scan of `lo`..`hi` Hz on a few windows spread over the recording (for failure messages)."""
    rate, samples = read_wav(wav_path)
    factor = max(1, rate // 8000)        # Scanning at 48 kHz is slow in Python: average down.
    if factor > 1:
        samples = [sum(samples[i:i + factor]) // factor
                   for i in range(0, len(samples) - factor + 1, factor)]
        rate //= factor
    n, starts = _windows(samples, rate, skip, window)
    if not starts:
        return []
    picked = [starts[int(i * (len(starts) - 1) / max(1, windows - 1))] for i in range(windows)]
    picked = sorted(set(picked))
    found = []
    for hz in range(lo, min(hi, rate // 2 - step) + 1, step):
        share = _median([_goertzel_share(samples, s, n, rate, hz) for s in picked])
        if share >= threshold:
            found.append((hz, round(share, 3)))
    # Keep local maxima only: a tone leaks into its neighbours on the grid.
    peaks = [f for i, f in enumerate(found)
             if all(abs(g[0] - f[0]) > 3 * step or g[1] <= f[1] for g in found)]
    return sorted(peaks, key=lambda f: -f[1])[:5]


def describe_recording(wav_path, freqs=()):
    if not wav_path or not os.path.exists(wav_path):
        return f'{wav_path}: no recording'
    parts = [f'{wav_path}: {duration(wav_path):.2f} s, rms {rms_level(wav_path):.0f}']
    for hz in freqs:
        parts.append(f'share at {hz} Hz {tone_power(wav_path, hz):.3f}')
    parts.append(f'dominant {dominant_tones(wav_path)}')
    return ', '.join(parts)


def assert_hears(wav_path, want_hz, not_hz=(), min_share=0.5, max_other=0.15, min_seconds=2.0,
                 context=''):
    """Raises AssertionError unless the recording lasts `min_seconds` and holds `want_hz` (median
    share >= min_share) and none of `not_hz` above `max_other`."""
    not_hz = tuple(not_hz) if isinstance(not_hz, (list, tuple)) else (not_hz,)
    report = describe_recording(wav_path, (want_hz,) + not_hz)
    if not wav_path or not os.path.exists(wav_path):
        raise AssertionError(f'no recording to check for {want_hz} Hz. {context}')
    if duration(wav_path) < min_seconds:
        raise AssertionError(f'recording shorter than {min_seconds} s: {report}\n{context}')
    got = tone_power(wav_path, want_hz)
    if got < min_share:
        raise AssertionError(f'{want_hz} Hz not heard (share {got:.3f} < {min_share}): {report}\n'
                             f'{context}')
    for hz in not_hz:
        other = tone_power(wav_path, hz)
        if other > max_other:
            raise AssertionError(f'{hz} Hz should not be heard (share {other:.3f} > {max_other}): '
                                 f'{report}\n{context}')
    return report


# ----------------------------------------------------------------------------------------------
# G.711 (ITU-T G.711), for hand-made RTP

_SEG_UEND = (0x3F, 0x7F, 0xFF, 0x1FF, 0x3FF, 0x7FF, 0xFFF, 0x1FFF)
_SEG_AEND = (0x1F, 0x3F, 0x7F, 0xFF, 0x1FF, 0x3FF, 0x7FF, 0xFFF)


def _segment(value, ends):
    for i, end in enumerate(ends):
        if value <= end:
            return i
    return len(ends)


def linear_to_ulaw(sample):
    """16-bit sample -> G.711 mu-law byte (the Sun reference code, as CPython's audioop)."""
    value = sample >> 2                       # 14-bit range
    if value < 0:
        value, mask = -value, 0x7F
    else:
        mask = 0xFF
    value = min(value, 8159) + (0x84 >> 2)
    seg = _segment(value, _SEG_UEND)
    if seg >= 8:
        return 0x7F ^ mask
    return ((seg << 4) | ((value >> (seg + 1)) & 0x0F)) ^ mask


def linear_to_alaw(sample):
    """16-bit sample -> G.711 A-law byte (the Sun reference code, as CPython's audioop)."""
    value = sample >> 3                       # 13-bit range
    if value >= 0:
        mask = 0xD5
    else:
        mask, value = 0x55, -value - 1
    seg = _segment(value, _SEG_AEND)
    if seg >= 8:
        return 0x7F ^ mask
    quant = (value >> 1) if seg < 2 else (value >> seg)
    return ((seg << 4) | (quant & 0x0F)) ^ mask


def ulaw_to_linear(byte):
    byte = ~byte & 0xFF
    sign, exponent, mantissa = byte & 0x80, (byte >> 4) & 0x07, byte & 0x0F
    sample = (((mantissa << 3) + 0x84) << exponent) - 0x84
    return -sample if sign else sample


def alaw_to_linear(byte):
    byte ^= 0x55
    sign = byte & 0x80
    exponent, mantissa = (byte >> 4) & 0x07, byte & 0x0F
    if exponent == 0:
        sample = (mantissa << 4) + 8
    else:
        sample = ((mantissa << 4) + 0x108) << (exponent - 1)
    return sample if sign else -sample


_ULAW_DECODE = [ulaw_to_linear(b) for b in range(256)]
_ALAW_DECODE = [alaw_to_linear(b) for b in range(256)]


def decode_g711(payload, payload_type):
    table = _ULAW_DECODE if payload_type == 0 else _ALAW_DECODE
    return [table[b] for b in payload]


# ----------------------------------------------------------------------------------------------
# baresip

class Baresip:
    """One baresip 1.0 softphone in `workdir`, for one extension.

    With `server_port` it registers `user@domain` to 127.0.0.1:server_port over UDP (digest with
    `password`); without, it does not register and takes calls at sip:user@127.0.0.1:sip_port.
    `codecs` picks what its SDP offers and accepts ('PCMU', 'PCMA', 'G722', 'opus'): only their
    modules are loaded. `answermode` 'auto' answers at once, 'manual' lets it ring.
    """

    def __init__(self, workdir, user, server_port=None, password=None, domain='pbx.test',
                 sip_port=None, tone_hz=440, tone_seconds=60, codecs=('PCMU', 'PCMA'),
                 answermode='auto', regint=60, name=None):
        self.dir = os.path.abspath(workdir)
        self.rec_dir = os.path.join(self.dir, 'rec')
        os.makedirs(self.rec_dir, exist_ok=True)
        self.user = str(user)
        self.name = name or f'phone {user}'
        self.server_port = server_port
        self.domain = domain if server_port else '127.0.0.1'
        self.sip_port = sip_port or h.free_ports(1, spacing=4)[0]
        self.ctrl_port = h.free_port(('tcp',))
        self.tone_hz = tone_hz
        self.codecs = tuple(codecs)
        unknown = [c for c in self.codecs if c not in CODECS]
        if unknown:
            raise ValueError(f'unknown codecs {unknown}; known: {sorted(CODECS)}')
        self.tone = make_tone_wav(os.path.join(self.dir, 'tone.wav'), tone_hz, tone_seconds)
        self.output = os.path.join(self.dir, 'baresip.out')
        self.proc = None
        self.ctrl = None
        self.events = []
        self.responses = []
        self._cond = threading.Condition()
        self._token = 0
        self._reader = None
        self._write_config(answermode, regint, password)

    # -- files

    def _write_config(self, answermode, regint, password):
        modules = []
        for c in self.codecs:
            if CODECS[c][0] not in modules:
                modules.append(CODECS[c][0])
        lines = [
            'poll_method epoll',
            f'module_path {MODULES}',
            f'sip_listen 127.0.0.1:{self.sip_port}',
            'net_interface 127.0.0.1',
            # The tone is 8 kHz mono whatever the codec: baresip resamples for Opus and G.722.
            f'audio_source aufile,{self.tone}',
            f'audio_player aufile,{os.path.join(self.dir, "play.wav")}',
            'audio_alert aufile,/dev/null',
            'ausrc_srate 8000',
            'ausrc_channels 1',
            'auplay_srate 8000',
            'auplay_channels 1',
            f'snd_path {self.rec_dir}',
            f'ctrl_tcp_listen 127.0.0.1:{self.ctrl_port}',
        ]
        lines += [f'module {m}' for m in modules]
        lines += ['module aufile.so', 'module sndfile.so',
                  'module_tmp account.so',
                  'module_app menu.so', 'module_app ctrl_tcp.so', '']
        with open(os.path.join(self.dir, 'config'), 'w') as f:
            f.write('\n'.join(lines))
        codecs = ','.join(CODECS[c][1] for c in self.codecs)
        if self.server_port:
            account = (f'<sip:{self.user}@{self.domain}>;auth_pass={password};'
                       f'outbound="sip:127.0.0.1:{self.server_port}";regint={regint};'
                       f'answermode={answermode};audio_codecs={codecs}')
        else:
            account = (f'<sip:{self.user}@127.0.0.1>;regint=0;answermode={answermode};'
                       f'audio_codecs={codecs}')
        with open(os.path.join(self.dir, 'accounts'), 'w') as f:
            f.write(account + '\n')
        # An empty contacts file keeps baresip from writing its example one.
        open(os.path.join(self.dir, 'contacts'), 'w').close()

    @property
    def uri(self):
        """Where to call this phone directly (no registrar)."""
        return f'sip:{self.user}@127.0.0.1:{self.sip_port}'

    # -- process

    def start(self, trace_sip=False, timeout=10):
        out = open(self.output, 'a')
        args = ['baresip', '-f', self.dir] + (['-s'] if trace_sip else [])
        self.proc = subprocess.Popen(args, stdin=subprocess.DEVNULL, stdout=out,
                                     stderr=subprocess.STDOUT, cwd=self.dir)
        out.close()
        deadline = time.monotonic() + timeout
        while True:
            if self.proc.poll() is not None:
                raise AssertionError(f'{self.name}: baresip exited with {self.proc.returncode} at '
                                     f'start\n{self.log_tail()}')
            try:
                self.ctrl = socket.create_connection(('127.0.0.1', self.ctrl_port), timeout=1)
                break
            except OSError:
                if time.monotonic() > deadline:
                    raise AssertionError(f'{self.name}: ctrl_tcp not listening on '
                                         f'{self.ctrl_port} within {timeout} s\n{self.log_tail()}')
                time.sleep(0.05)
        self.ctrl.settimeout(None)
        self._reader = threading.Thread(target=self._read_ctrl, daemon=True)
        self._reader.start()
        return self

    def _read_ctrl(self):
        buf = b''
        while True:
            try:
                data = self.ctrl.recv(65536)
            except OSError:
                data = b''
            if not data:
                with self._cond:
                    self._cond.notify_all()
                return
            buf += data
            while True:
                colon = buf.find(b':')
                if colon < 0 or not buf[:colon].isdigit():
                    break
                length = int(buf[:colon])
                if len(buf) < colon + 1 + length + 1:
                    break
                payload = buf[colon + 1:colon + 1 + length]
                buf = buf[colon + 2 + length:]     # skip the trailing ','
                try:
                    msg = json.loads(payload)
                except ValueError:
                    continue
                msg['at'] = time.monotonic()
                with self._cond:
                    if msg.get('event'):
                        self.events.append(msg)
                    elif msg.get('response'):
                        self.responses.append(msg)
                    self._cond.notify_all()

    def command(self, command, params=None, timeout=5):
        """Sends a ctrl_tcp command and returns its response ({'ok': bool, 'data': str})."""
        with self._cond:
            self._token += 1
            token = f't{self._token}'
        msg = {'command': command, 'token': token}
        if params is not None:
            msg['params'] = params
        body = json.dumps(msg).encode()
        self.ctrl.sendall(str(len(body)).encode() + b':' + body + b',')
        deadline = time.monotonic() + timeout
        with self._cond:
            while True:
                for r in self.responses:
                    if r.get('token') == token:
                        return r
                left = deadline - time.monotonic()
                if left <= 0:
                    raise AssertionError(f'{self.name}: no answer to ctrl command {command!r}\n'
                                         f'{self.log_tail()}')
                self._cond.wait(left)

    def mark(self):
        """An event index: wait_event(..., since=mark) only looks at events after it."""
        with self._cond:
            return len(self.events)

    def wait_event(self, types, timeout, since=0, fail=('CALL_CLOSED',)):
        """The first event of one of `types` after index `since`. An event of `fail` (unless
        wanted) or the timeout raises AssertionError with the phone's log."""
        types = (types,) if isinstance(types, str) else tuple(types)
        deadline = time.monotonic() + timeout
        with self._cond:
            while True:
                for e in self.events[since:]:
                    if e.get('type') in types:
                        return e
                    if e.get('type') in fail:
                        raise AssertionError(f'{self.name}: {e.get("type")} ({e.get("param")}) '
                                             f'while waiting for {"/".join(types)}\n'
                                             f'{self.describe()}')
                left = deadline - time.monotonic()
                if left <= 0:
                    raise AssertionError(f'{self.name}: no {"/".join(types)} within {timeout} s\n'
                                         f'{self.describe()}')
                self._cond.wait(min(left, 0.5))

    def event_types(self, since=0):
        with self._cond:
            return [e.get('type') for e in self.events[since:]]

    def wait_registered(self, timeout=10):
        """Waits for the registration's 200. baresip registers as it starts, often before our
        ctrl_tcp connection is up to see REGISTER_OK, so its output is read too."""
        ok = re.compile(r'^\S+: \{\d+/\w+/v[46]\} 200 ', re.M)
        failed = re.compile(r'^\S+: \{\d+/\w+/v[46]\} [3-6]\d\d |register failed', re.M)
        deadline = time.monotonic() + timeout
        while True:
            types = self.event_types()
            log = self.log()
            if 'REGISTER_OK' in types or ok.search(log):
                return True
            if 'REGISTER_FAIL' in types or failed.search(log):
                raise AssertionError(f'{self.name}: registration failed\n{self.describe()}')
            if time.monotonic() > deadline:
                raise AssertionError(f'{self.name}: not registered within {timeout} s\n'
                                     f'{self.describe()}')
            if self.proc.poll() is not None:
                raise AssertionError(f'{self.name}: baresip exited ({self.proc.returncode})\n'
                                     f'{self.describe()}')
            time.sleep(0.1)

    def dial(self, target):
        """Calls `target`: a number (completed with the account's domain), or a SIP URI.
        Returns the event mark to wait from."""
        since = self.mark()
        r = self.command('dial', target)
        if not r.get('ok'):
            raise AssertionError(f'{self.name}: dial {target} refused: {r}\n{self.log_tail()}')
        return since

    def hangup(self):
        since = self.mark()
        self.command('hangup')
        return since

    def wait_established(self, since=0, timeout=10):
        return self.wait_event('CALL_ESTABLISHED', timeout, since)

    def wait_closed(self, since=0, timeout=10):
        """The CALL_CLOSED event; its 'param' says why ('Connection reset by peer', '486 Busy
        Here', ...)."""
        return self.wait_event('CALL_CLOSED', timeout, since, fail=())

    def codecs_used(self):
        """The encoders baresip set for its calls so far, from its output ('PCMA', 'opus', ...)."""
        return re.findall(r'audio: Set audio encoder: (\S+)', self.log())

    def recordings(self, kind='dec'):
        """sndfile's recordings of `kind` ('dec' heard, 'enc' sent), oldest first."""
        try:
            names = sorted(n for n in os.listdir(self.rec_dir) if n.endswith(f'-{kind}.wav'))
        except FileNotFoundError:
            return []
        return [os.path.join(self.rec_dir, n) for n in names]

    def last_recording(self, kind='dec'):
        found = self.recordings(kind)
        return found[-1] if found else None

    def stop(self, timeout=5):
        """Quits baresip (it hangs up its calls first); kills it if it does not exit."""
        if self.proc is None:
            return
        if self.proc.poll() is None and self.ctrl is not None:
            try:
                self.command('quit', timeout=2)
            except (AssertionError, OSError):
                pass
            try:
                self.proc.wait(timeout)
            except subprocess.TimeoutExpired:
                pass
        self.kill()

    def kill(self):
        if self.proc is not None and self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()
        if self.ctrl is not None:
            try:
                self.ctrl.close()
            except OSError:
                pass

    def log(self):
        try:
            with open(self.output, errors='replace') as f:
                return f.read()
        except FileNotFoundError:
            return ''

    def log_tail(self, chars=3000):
        # The menu's call status line repeats every 100 ms ("[0:00:03] audio=...") with \r only.
        text = '\n'.join(line.rsplit('\r', 1)[-1] for line in self.log().split('\n'))
        return f'--- {self.name}: baresip output ({self.output}) ---\n{text[-chars:]}'

    def describe(self):
        events = ', '.join(f'{e.get("type")}({e.get("param", "")})' for e in self.events
                           if e.get('type') not in ('CALL_RTCP',))
        return f'{self.name} events: {events}\n{self.log_tail()}'
