# SPDX-License-Identifier: MIT
"""Shared machinery for the integration tests: start the real `switchboard` binary on free loopback
ports, talk to it through `ctl`, drive it with sipp, baresip and hand-written SIP over raw sockets.

Python 3 standard library only. The binary is taken from $SB_BINARY (CTest sets it), else
<repo>/build/switchboard. Set SB_KEEP=1 to keep the temporary folders of passing tests too.
"""

import hashlib
import json
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import unittest

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
SCENARIOS = os.path.join(REPO, 'tests', 'scenarios')
# The shared peers' bench files sit beside the repository (../shared), on CI too.
SHARED_SIPP = os.path.join(os.path.dirname(REPO), 'shared', 'bench', 'sipp')


def binary():
    path = os.environ.get('SB_BINARY') or os.path.join(REPO, 'build', 'switchboard')
    if not os.access(path, os.X_OK):
        raise AssertionError(f'switchboard binary not found or not executable: {path} '
                             '(build it, or set SB_BINARY)')
    return path


def sipp_scenario(name):
    """A sipp scenario: our own copy in tests/scenarios/sipp/ if there is one, else the shared one."""
    own = os.path.join(SCENARIOS, 'sipp', name)
    return own if os.path.exists(own) else os.path.join(SHARED_SIPP, name)


# ----------------------------------------------------------------------------------------------
# Ports and secrets

def in_private_netns(flag):
    """True in the process reexec_in_private_netns(flag) started."""
    return os.environ.get(flag) == '1'


def ip(*args):
    """Runs `ip ARGS` (iproute2), failing the test with its output if it fails."""
    subprocess.run(['ip', *args], check=True, capture_output=True)


def reexec_in_private_netns(flag):
    """Runs the calling test file again inside a network namespace of its own (`unshare -n`, or
    `unshare -rn` without root), with `flag` set in its environment; never returns. Tests that
    listen on the wildcard address, on well-known ports or on made-up addresses do this so that
    nothing they do reaches beyond the namespace."""
    env = dict(os.environ, **{flag: '1'})
    script = os.path.abspath(sys.argv[0])
    for unshare in (['unshare', '-n'], ['unshare', '-rn']):
        probe = subprocess.run(unshare + ['true'], capture_output=True)
        if probe.returncode == 0:
            os.execvpe(unshare[0], unshare + ['--', sys.executable, script] + sys.argv[1:], env)
    sys.stderr.write(f'{os.path.basename(script)}: cannot create a network namespace (unshare -n '
                     f'and -rn both failed: {probe.stderr.decode(errors="replace")})\n')
    sys.exit(1)


def free_port(kinds=('udp', 'tcp')):
    """A port number that is free on 127.0.0.1 for every transport in `kinds` at the moment of the
    call (bind to port 0, then check the other kinds on the same number, close all)."""
    types = {'udp': socket.SOCK_DGRAM, 'tcp': socket.SOCK_STREAM}
    for _ in range(100):
        first = socket.socket(socket.AF_INET, types[kinds[0]])
        first.bind(('127.0.0.1', 0))
        port = first.getsockname()[1]
        others = []
        try:
            for kind in kinds[1:]:
                s = socket.socket(socket.AF_INET, types[kind])
                others.append(s)
                s.bind(('127.0.0.1', port))
            return port
        except OSError:
            continue
        finally:
            first.close()
            for s in others:
                s.close()
    raise AssertionError('no free port found')


def free_ports(n, kinds=('udp', 'tcp'), spacing=1):
    """n distinct free ports; with spacing > 1 every port p also has p+1..p+spacing-1 free (baresip
    binds TCP and TLS next to its UDP port)."""
    ports = []
    while len(ports) < n:
        p = free_port(kinds)
        block = range(p, p + spacing)
        if any(q in ports or q - 1 in ports for q in block):
            continue
        if spacing > 1 and not all(_port_free(q) for q in block[1:]):
            continue
        ports.append(p)
    return ports


def _port_free(port):
    for kind in (socket.SOCK_DGRAM, socket.SOCK_STREAM):
        s = socket.socket(socket.AF_INET, kind)
        try:
            s.bind(('127.0.0.1', port))
        except OSError:
            return False
        finally:
            s.close()
    return True


def strong_secret():
    """128 random bits as 32 hex digits: long and not in any list of common passwords."""
    return secrets.token_hex(16)


# ----------------------------------------------------------------------------------------------
# Configuration

class Extension:
    # Voicemail is off unless a test asks for it, so that an unanswered call ends with the status
    # the call tests expect (480, 486) rather than in a mailbox (the product's default is on).
    def __init__(self, number, secret=None, name=None, voicemail=False):
        self.number = str(number)
        self.voicemail = voicemail
        self.secret = strong_secret() if secret is None else secret   # "" = let the server generate
        self.name = name if name is not None else f'Extension {number}'


def toml_string(value):
    return '"' + str(value).replace('\\', '\\\\').replace('"', '\\"') + '"'


def toml_value(value):
    if isinstance(value, bool):
        return 'true' if value else 'false'
    if isinstance(value, int):
        return str(value)
    if isinstance(value, (list, tuple)):
        return '[' + ', '.join(toml_value(v) for v in value) + ']'
    return toml_string(value)


def render_config(data_dir, listen, domain='pbx.test', extensions=(), sip=None, pbx=None,
                  extra_sections=None, log_level='debug'):
    """The TOML text of a configuration. `sip`, `pbx` add or override keys of those tables;
    `extra_sections` maps a table name to a dict of keys (e.g. {'security': {'max_retry': 100}})."""
    pbx_keys = {'domain': domain, 'data_dir': data_dir, 'log_level': log_level}
    pbx_keys.update(pbx or {})
    sip_keys = {'listen': list(listen)}
    sip_keys.update(sip or {})
    sections = [('pbx', pbx_keys), ('sip', sip_keys),
                ('provisioning', {'tftp_listen': '', 'http_listen': ''})]
    for name, keys in (extra_sections or {}).items():
        merged = False
        for existing_name, existing in sections:
            if existing_name == name:
                existing.update(keys)
                merged = True
        if not merged:
            sections.append((name, keys))
    lines = []
    for name, keys in sections:
        lines.append(f'[{name}]')
        lines.extend(f'{k} = {toml_value(v)}' for k, v in keys.items())
        lines.append('')
    for ext in extensions:
        lines.append('[[extension]]')
        lines.append(f'number = {toml_string(ext.number)}')
        lines.append(f'name = {toml_string(ext.name)}')
        lines.append(f'secret = {toml_string(ext.secret)}')
        lines.append(f'voicemail = {toml_value(ext.voicemail)}')
        lines.append('')
    return '\n'.join(lines)


# ----------------------------------------------------------------------------------------------
# The server under test

class Server:
    """One switchboard process with its own folder (config, data dir, captured output)."""

    def __init__(self, workdir, extensions=(), domain='pbx.test', transports=('udp', 'tcp'),
                 sip=None, pbx=None, extra_sections=None, port=None, config_text=None):
        self.workdir = workdir
        self.data = os.path.join(workdir, 'data')
        self.config = os.path.join(workdir, 'switchboard.toml')
        self.output = os.path.join(workdir, 'server.out')
        self.domain = domain
        self.extensions = {e.number: e for e in extensions}
        self.port = port or free_port()
        self.transports = transports
        listen = [f'{t}:127.0.0.1:{self.port}' for t in transports]
        self.sip = {'qualify_frequency': 60, 'qualify_timeout': 5}
        self.sip.update(sip or {})
        if config_text is None:
            config_text = render_config(self.data, listen, domain, extensions, self.sip, pbx,
                                        extra_sections)
        with open(self.config, 'w') as f:
            f.write(config_text)
        self.proc = None
        self.starts = 0

    @property
    def address(self):
        return ('127.0.0.1', self.port)

    @property
    def target(self):
        return f'127.0.0.1:{self.port}'

    def start(self, ready_timeout=10.0):
        binary()
        self.starts += 1
        out = open(self.output, 'a')
        out.write(f'===== start #{self.starts} at {time.strftime("%H:%M:%S")} =====\n')
        out.flush()
        self.proc = subprocess.Popen([binary(), 'run', '--config', self.config, '--data', self.data],
                                     stdin=subprocess.DEVNULL, stdout=out, stderr=subprocess.STDOUT)
        out.close()
        deadline = time.monotonic() + ready_timeout
        last = None
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise AssertionError(f'switchboard exited with {self.proc.returncode} before it was '
                                     f'ready\n{self.diagnostics()}')
            last = self.ctl('status', check=False)
            if last.returncode == 0:
                return self
            time.sleep(0.1)
        raise AssertionError(f'switchboard not ready within {ready_timeout} s (ctl status: rc '
                             f'{last.returncode if last else "?"}, {last.stdout if last else ""}'
                             f'{last.stderr if last else ""})\n{self.diagnostics()}')

    def stop(self, timeout=10.0):
        """SIGTERM, then the process must exit 0 within `timeout`."""
        if self.proc is None:
            return
        proc, self.proc = self.proc, None
        if proc.poll() is None:
            proc.send_signal(signal.SIGTERM)
            try:
                proc.wait(timeout)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
                raise AssertionError(f'switchboard did not exit within {timeout} s of SIGTERM\n'
                                     f'{self.diagnostics()}')
        if proc.returncode != 0:
            raise AssertionError(f'switchboard exited with {proc.returncode} after SIGTERM (want 0)'
                                 f'\n{self.diagnostics()}')

    def kill(self):
        if self.proc is not None and self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()
        self.proc = None

    def shutdown(self):
        """The end of a test that left the server running: SIGTERM, SIGKILL after 5 s, and no
        kernel forwarding table left behind (a killed server cannot remove its nftables table,
        and every later loopback packet on this host would go through its chains)."""
        end_process(self.proc)
        self.proc = None
        try:
            with open(self.config) as f:
                found = re.search(r'^port_min\s*=\s*(\d+)', f.read(), re.M)
        except OSError:
            return
        port_min = found.group(1) if found else '10000'    # [rtp] port_min's default
        if shutil.which('nft') and os.geteuid() == 0:
            subprocess.run(['nft', 'delete', 'table', 'ip', f'switchboard_rtp_{port_min}'],
                           stdin=subprocess.DEVNULL, capture_output=True, timeout=10)

    def alive(self):
        return self.proc is not None and self.proc.poll() is None

    @property
    def pid(self):
        return self.proc.pid if self.proc else None

    def restart(self):
        self.stop()
        return self.start()

    # -- ctl

    def ctl(self, *args, check=True, timeout=10):
        cmd = [binary(), 'ctl', '--data', self.data, *args]
        r = subprocess.run(cmd, stdin=subprocess.DEVNULL, capture_output=True, text=True,
                           timeout=timeout)
        if check and r.returncode != 0:
            raise AssertionError(f'{" ".join(cmd)} exited {r.returncode}\nstdout: {r.stdout}\n'
                                 f'stderr: {r.stderr}\n{self.diagnostics()}')
        return r

    def ctl_json(self, *args):
        r = self.ctl(*args, '--json')
        try:
            return json.loads(r.stdout)
        except ValueError as e:
            raise AssertionError(f'ctl {" ".join(args)} --json printed no JSON ({e}): {r.stdout!r}')

    def registrations(self):
        regs = self.ctl_json('registrations')
        if not isinstance(regs, list):
            raise AssertionError(f'ctl registrations --json is not an array: {regs!r}')
        return regs

    def registrations_of(self, number):
        return [r for r in self.registrations() if aor_user(r.get('aor', '')) == str(number)]

    def secrets(self):
        return self.ctl_json('secrets')

    def secret_of(self, number):
        """The secret the server uses for an extension: the configured one, or the generated one
        read back through `ctl secrets --json`."""
        ext = self.extensions.get(str(number))
        if ext is not None and ext.secret:
            return ext.secret
        for s in self.secrets():
            if s.get('kind') == 'extension' and str(s.get('name')) == str(number):
                return s['value']
        raise AssertionError(f'no secret for extension {number} in ctl secrets --json')

    # -- files

    def log_path(self, name):
        return os.path.join(self.data, 'log', name)

    def read_log(self, name):
        try:
            with open(self.log_path(name), errors='replace') as f:
                return f.read()
        except FileNotFoundError:
            return ''

    def diagnostics(self, lines=60):
        parts = []
        for title, path in (('config', self.config), ('server output', self.output),
                            ('log/messages', self.log_path('messages')),
                            ('log/security', self.log_path('security'))):
            try:
                with open(path, errors='replace') as f:
                    tail = f.read().splitlines()[-lines:]
            except FileNotFoundError:
                tail = ['(missing)']
            parts.append(f'--- {title} ({path}), last {lines} lines ---\n' + '\n'.join(tail))
        return '\n'.join(parts)


def aor_user(aor):
    m = re.match(r'^(?:sips?:)?([^@;>]+)@', aor.strip('<>'))
    return m.group(1) if m else aor


class IntegrationTest(unittest.TestCase):
    """Base class: gives each test a work folder and servers that are stopped afterwards; when the
    test fails, prints the servers' output and logs, and keeps the folder."""

    def setUp(self):
        # Short: DATA/control.sock must fit a Unix socket path (108 bytes).
        short = self._testMethodName.removeprefix('test_')[:20]
        self.workdir = tempfile.mkdtemp(prefix=f'sb-it-{short}-')
        self.servers = []
        self.children = []

    def tearDown(self):
        for p in self.children:
            if p.poll() is None:
                p.kill()
                p.wait()
        for s in self.servers:
            s.shutdown()

    def run(self, result=None):
        result = result if result is not None else self.defaultTestResult()
        before = len(result.failures) + len(result.errors)
        super().run(result)
        failed = len(result.failures) + len(result.errors) > before
        servers = getattr(self, 'servers', [])
        if failed:
            for s in servers:
                sys.stderr.write(f'\n===== {self.id()}: server in {s.workdir} =====\n'
                                 f'{s.diagnostics()}\n')
            sys.stderr.write(f'(work folder kept: {getattr(self, "workdir", "?")})\n')
        elif os.environ.get('SB_KEEP') != '1' and getattr(self, 'workdir', None):
            shutil.rmtree(self.workdir, ignore_errors=True)
        return result

    def server(self, name='server', start=True, **kwargs):
        folder = os.path.join(self.workdir, name)
        os.makedirs(folder, exist_ok=True)
        s = Server(folder, **kwargs)
        self.servers.append(s)
        if start:
            s.start()
        return s

    def spawn(self, args, **kwargs):
        p = subprocess.Popen(args, **kwargs)
        self.children.append(p)
        return p

    def wait_until(self, predicate, timeout, interval=0.2, message='condition'):
        """Polls `predicate` (returning a truthy value when done) until `timeout` seconds pass."""
        deadline = time.monotonic() + timeout
        last = None
        while True:
            last = predicate()
            if last:
                return last
            if time.monotonic() >= deadline:
                self.fail(f'{message}: not reached within {timeout} s')
            time.sleep(interval)


# ----------------------------------------------------------------------------------------------
# SIP messages

COMPACT = {'i': 'call-id', 'm': 'contact', 'e': 'content-encoding', 'l': 'content-length',
           'c': 'content-type', 'f': 'from', 's': 'subject', 'k': 'supported', 't': 'to',
           'v': 'via', 'o': 'event', 'u': 'allow-events', 'r': 'refer-to', 'b': 'referred-by'}


class SipMessage:
    """A parsed SIP message: start line, headers in order (name as written, value), body."""

    def __init__(self, start_line, headers, body=b'', raw=b''):
        self.start_line = start_line
        self.headers = headers
        self.body = body
        self.raw = raw
        self.source = None
        parts = start_line.split(' ', 2)
        if start_line.startswith('SIP/'):
            self.is_request = False
            self.version = parts[0]
            self.status = int(parts[1]) if len(parts) > 1 and parts[1].isdigit() else None
            self.reason = parts[2] if len(parts) > 2 else ''
            self.method = None
        else:
            self.is_request = True
            self.method = parts[0]
            self.uri = parts[1] if len(parts) > 1 else ''
            self.version = parts[2] if len(parts) > 2 else ''
            self.status = None

    @staticmethod
    def canonical(name):
        n = name.strip().lower()
        return COMPACT.get(n, n)

    def all(self, name):
        """Every value of a header (each header line; not split at commas)."""
        n = self.canonical(name)
        return [v for k, v in self.headers if self.canonical(k) == n]

    def get(self, name, default=None):
        values = self.all(name)
        return values[0] if values else default

    def has(self, name):
        return bool(self.all(name))

    def values(self, name):
        """Every comma-separated element of every line of a header."""
        out = []
        for v in self.all(name):
            out.extend(split_commas(v))
        return out

    def header_names(self):
        return [self.canonical(k) for k, _ in self.headers]

    @property
    def cseq(self):
        v = self.get('CSeq', '')
        num, _, method = v.strip().partition(' ')
        return (int(num) if num.isdigit() else None, method.strip())

    @staticmethod
    def parse(data):
        """Parses one complete message (bytes). Header lines folded per RFC 3261 §7.3.1 are joined."""
        head, sep, body = data.partition(b'\r\n\r\n')
        if not sep:
            head, sep, body = data.partition(b'\n\n')
        lines = head.decode('utf-8', errors='replace').replace('\r\n', '\n').split('\n')
        start = lines[0]
        headers = []
        for line in lines[1:]:
            if line[:1] in (' ', '\t') and headers:
                k, v = headers[-1]
                headers[-1] = (k, v + ' ' + line.strip())
            elif ':' in line:
                k, _, v = line.partition(':')
                headers.append((k.strip(), v.strip()))
        return SipMessage(start, headers, body, data)

    def __repr__(self):
        return f'<SipMessage {self.start_line!r}>'

    def text(self):
        return self.raw.decode('utf-8', errors='replace')


def split_commas(value):
    """Splits a header value at commas that are outside quotes and <>."""
    out, cur, quote, angle, i = [], '', False, False, 0
    while i < len(value):
        ch = value[i]
        if quote:
            cur += ch
            if ch == '\\' and i + 1 < len(value):
                cur += value[i + 1]
                i += 1
            elif ch == '"':
                quote = False
        elif ch == '"':
            quote = True
            cur += ch
        elif ch == '<':
            angle = True
            cur += ch
        elif ch == '>':
            angle = False
            cur += ch
        elif ch == ',' and not angle:
            out.append(cur.strip())
            cur = ''
        else:
            cur += ch
        i += 1
    if cur.strip():
        out.append(cur.strip())
    return out


def header_params(value):
    """`<sip:a@b>;expires=60;q=0.5` -> {'expires': '60', 'q': '0.5'} (parameters after the URI)."""
    rest = value[value.rfind('>') + 1:] if '>' in value else value.partition(';')[2]
    params = {}
    for p in rest.split(';'):
        p = p.strip()
        if p:
            k, _, v = p.partition('=')
            params[k.strip().lower()] = v.strip().strip('"')
    return params


def uri_of(value):
    m = re.search(r'<([^>]*)>', value)
    return m.group(1) if m else value.split(';')[0].strip()


def tag_of(value):
    """The tag parameter of a From or To value (after the URI), or ''."""
    m = re.search(r'(?:>|^[^<]*?);\s*tag=([^;\s]+)', value) or re.search(r';\s*tag=([^;\s>]+)', value)
    return m.group(1) if m else ''


def frame_stream(buffer):
    """(message bytes, rest) for the first complete message in a stream buffer, or (None, buffer).
    Leading CRLF keep-alives (RFC 5626 §3.5.1) are skipped."""
    stripped = buffer.lstrip(b'\r\n')
    end = stripped.find(b'\r\n\r\n')
    if end < 0:
        return None, buffer
    head = stripped[:end].decode('utf-8', errors='replace')
    length = 0
    for line in head.split('\r\n')[1:]:
        k, _, v = line.partition(':')
        if SipMessage.canonical(k) == 'content-length':
            length = int(v.strip() or 0)
    total = end + 4 + length
    if len(stripped) < total:
        return None, buffer
    return stripped[:total], stripped[total:]


# ----------------------------------------------------------------------------------------------
# Digest authentication (RFC 2617 / RFC 7616), computed here independently of the server

HASHES = {'MD5': hashlib.md5, 'MD5-SESS': hashlib.md5,
          'SHA-256': hashlib.sha256, 'SHA-256-SESS': hashlib.sha256}


def parse_challenge(value):
    """`Digest realm="x", nonce="y", qop="auth"` -> ('Digest', {'realm': 'x', ...})."""
    scheme, _, rest = value.strip().partition(' ')
    params = {}
    for m in re.finditer(r'\s*([\w-]+)\s*=\s*("((?:[^"\\]|\\.)*)"|[^,\s]+)\s*,?', rest):
        params[m.group(1).lower()] = m.group(3) if m.group(3) is not None else m.group(2)
    return scheme, params


def digest_response(algorithm, username, realm, password, method, uri, nonce, qop=None,
                    nc='00000001', cnonce=None):
    alg = (algorithm or 'MD5').upper()
    h = lambda s: HASHES[alg](s.encode()).hexdigest()
    ha1 = h(f'{username}:{realm}:{password}')
    if alg.endswith('-SESS'):
        ha1 = h(f'{ha1}:{nonce}:{cnonce}')
    ha2 = h(f'{method}:{uri}')
    if qop:
        return h(f'{ha1}:{nonce}:{nc}:{cnonce}:{qop}:{ha2}')
    return h(f'{ha1}:{nonce}:{ha2}')


def authorization(challenge_params, username, password, method, uri, nc=1, cnonce=None,
                  response_override=None):
    """The Authorization header value answering a parsed challenge."""
    p = challenge_params
    alg = p.get('algorithm', 'MD5')
    qop = None
    if 'qop' in p:
        options = [q.strip() for q in p['qop'].split(',')]
        qop = 'auth' if 'auth' in options else options[0]
    cnonce = cnonce or secrets.token_hex(8)
    ncs = f'{nc:08x}'
    resp = response_override or digest_response(alg, username, p.get('realm', ''), password,
                                                method, uri, p.get('nonce', ''), qop, ncs, cnonce)
    fields = [f'username="{username}"', f'realm="{p.get("realm", "")}"',
              f'nonce="{p.get("nonce", "")}"', f'uri="{uri}"', f'response="{resp}"',
              f'algorithm={alg}']
    if qop:
        fields += [f'qop={qop}', f'nc={ncs}', f'cnonce="{cnonce}"']
    if 'opaque' in p:
        fields.append(f'opaque="{p["opaque"]}"')
    return 'Digest ' + ', '.join(fields)


def challenges(response, header='WWW-Authenticate'):
    """Every digest challenge of a 401/407 as (params dict) in the order sent."""
    return [parse_challenge(v)[1] for v in response.all(header)
            if parse_challenge(v)[0].lower() == 'digest']


def pick_challenge(response, algorithm=None):
    found = challenges(response)
    if not found:
        raise AssertionError(f'no Digest challenge in {response.start_line!r}:\n{response.text()}')
    if algorithm is None:
        return found[0]
    for c in found:
        if c.get('algorithm', 'MD5').upper() == algorithm.upper():
            return c
    raise AssertionError(f'no {algorithm} challenge among {found}')


# ----------------------------------------------------------------------------------------------
# Raw SIP endpoints

def new_branch():
    return 'z9hG4bK' + secrets.token_hex(8)


def new_tag():
    return secrets.token_hex(6)


def new_call_id():
    return secrets.token_hex(10) + '@127.0.0.1'


class SipEndpoint:
    """A hand-driven SIP client over UDP or TCP on 127.0.0.1. Requests that arrive while waiting for
    a response (the server's OPTIONS keepalives) are answered 200 when `answer_options` is set and
    recorded in `requests_seen`."""

    def __init__(self, server_address, transport='udp', local_port=0, answer_options=True):
        self.server = tuple(server_address)
        self.transport = transport.lower()
        self.answer_options = answer_options
        self.requests_seen = []
        self.pending = []
        self.buffer = b''
        if self.transport == 'udp':
            self.sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
            self.sock.bind(('127.0.0.1', local_port))
        elif self.transport == 'tcp':
            self.sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
            self.sock.bind(('127.0.0.1', local_port))
            self.sock.settimeout(5)
            self.sock.connect(self.server)
        else:
            raise ValueError(transport)
        self.local = self.sock.getsockname()

    def close(self):
        self.sock.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    @property
    def via_transport(self):
        return self.transport.upper()

    def send(self, data):
        if isinstance(data, str):
            data = data.encode()
        if self.transport == 'udp':
            self.sock.sendto(data, self.server)
        else:
            self.sock.sendall(data)

    def _read_one(self, timeout):
        """One message (SipMessage) or None on timeout; for TCP None also when the peer closed."""
        if self.pending:
            return self.pending.pop(0)
        deadline = time.monotonic() + timeout
        while True:
            remaining = deadline - time.monotonic()
            if self.transport == 'tcp':
                msg, self.buffer = frame_stream(self.buffer)
                if msg is not None:
                    m = SipMessage.parse(msg)
                    m.source = self.server
                    return m
            if remaining <= 0:
                return None
            self.sock.settimeout(remaining)
            try:
                if self.transport == 'udp':
                    data, src = self.sock.recvfrom(65536)
                    m = SipMessage.parse(data)
                    m.source = src
                    return m
                data = self.sock.recv(65536)
                if not data:
                    return None
                self.buffer += data
            except socket.timeout:
                return None

    def receive(self, timeout=2.0):
        """The next message of any kind (requests are not answered here)."""
        return self._read_one(timeout)

    def wait_response(self, call_id, cseq, timeout=5.0, retransmit=None, final_only=True):
        """Waits for the response to (Call-ID, CSeq number); over UDP re-sends `retransmit` with
        timer A doubling from 500 ms (RFC 3261 §17.1.2.2)."""
        deadline = time.monotonic() + timeout
        interval = 0.5
        next_send = time.monotonic() + interval
        while True:
            now = time.monotonic()
            if now >= deadline:
                return None
            wait = min(deadline, next_send) - now if retransmit and self.transport == 'udp' \
                else deadline - now
            m = self._read_one(max(wait, 0.001))
            if m is None:
                if retransmit and self.transport == 'udp' and time.monotonic() >= next_send:
                    self.send(retransmit)
                    interval = min(interval * 2, 4.0)
                    next_send = time.monotonic() + interval
                if self.transport == 'tcp' and time.monotonic() < deadline and not self._tcp_open():
                    return None
                continue
            if m.is_request:
                self._handle_request(m)
                continue
            if m.get('Call-ID') != call_id or m.cseq[0] != cseq:
                continue
            if final_only and m.status is not None and m.status < 200:
                continue
            return m

    def _tcp_open(self):
        try:
            self.sock.setblocking(False)
            try:
                data = self.sock.recv(65536, socket.MSG_PEEK)
                return bool(data)
            except BlockingIOError:
                return True
            finally:
                self.sock.setblocking(True)
        except OSError:
            return False

    def _handle_request(self, m):
        self.requests_seen.append((time.monotonic(), m))
        if self.answer_options and m.method == 'OPTIONS':
            reply = response_to(m, 200, 'OK').encode()
            if self.transport == 'udp':
                self.sock.sendto(reply, m.source)     # back to where it came from
            else:
                self.sock.sendall(reply)

    def answer_requests(self, seconds):
        """Keeps reading for `seconds`, answering OPTIONS, and returns the requests seen."""
        deadline = time.monotonic() + seconds
        seen = []
        while time.monotonic() < deadline:
            m = self._read_one(deadline - time.monotonic())
            if m is not None and m.is_request:
                self._handle_request(m)
                seen.append(m)
        return seen

    def request(self, text, timeout=5.0):
        """Sends a request and returns its final response (or None)."""
        m = SipMessage.parse(text.encode() if isinstance(text, str) else text)
        self.send(text)
        return self.wait_response(m.get('Call-ID'), m.cseq[0], timeout, retransmit=text)

    # -- REGISTER

    def contact_uri(self, user):
        host, port = self.local
        suffix = ';transport=tcp' if self.transport == 'tcp' else ''
        return f'sip:{user}@{host}:{port}{suffix}'

    def register_request(self, user, domain, expires=3600, contact=None, call_id=None, cseq=1,
                         authorization_value=None, from_tag=None, extra=(), expires_header=True,
                         user_agent='sb-integration', auth_header='Authorization'):
        host, port = self.local
        contact = contact if contact is not None else f'<{self.contact_uri(user)}>'
        lines = [f'REGISTER sip:{domain} SIP/2.0',
                 f'Via: SIP/2.0/{self.via_transport} {host}:{port};branch={new_branch()};rport',
                 'Max-Forwards: 70',
                 f'From: <sip:{user}@{domain}>;tag={from_tag or new_tag()}',
                 f'To: <sip:{user}@{domain}>',
                 f'Call-ID: {call_id or new_call_id()}',
                 f'CSeq: {cseq} REGISTER']
        if contact:
            lines.append(f'Contact: {contact}')
        if expires_header and expires is not None:
            lines.append(f'Expires: {expires}')
        if authorization_value:
            lines.append(f'{auth_header}: {authorization_value}')
        if user_agent:
            lines.append(f'User-Agent: {user_agent}')
        lines.extend(extra)
        lines.append('Content-Length: 0')
        return '\r\n'.join(lines) + '\r\n\r\n'

    def register(self, user, password, domain, expires=3600, contact=None, algorithm=None,
                 timeout=5.0, extra=(), auth_user=None, call_id=None, cseq=1):
        """The full digest dance. Returns (first response, final response); the final one is None
        when the first was not a 401/407 (or nothing came back)."""
        call_id = call_id or new_call_id()
        tag = new_tag()
        first_text = self.register_request(user, domain, expires, contact, call_id, cseq,
                                           from_tag=tag, extra=extra)
        first = self.request(first_text, timeout)
        if first is None or first.status not in (401, 407):
            return first, None
        header = 'WWW-Authenticate' if first.status == 401 else 'Proxy-Authenticate'
        params = [c for c in challenges(first, header)
                  if algorithm is None or c.get('algorithm', 'MD5').upper() == algorithm.upper()]
        if not params:
            raise AssertionError(f'no usable {algorithm or ""} challenge in:\n{first.text()}')
        value = authorization(params[0], auth_user or user, password, 'REGISTER', f'sip:{domain}')
        auth_name = 'Authorization' if first.status == 401 else 'Proxy-Authorization'
        second_text = self.register_request(user, domain, expires, contact, call_id, cseq + 1,
                                            from_tag=tag, extra=extra, authorization_value=value,
                                            auth_header=auth_name)
        final = self.request(second_text, timeout)
        return first, final


def end_process(proc, timeout=5):
    """SIGTERM, then SIGKILL if `proc` (a Popen, or None) has not exited within `timeout` s."""
    if proc is None or proc.poll() is not None:
        return
    proc.terminate()
    try:
        proc.wait(timeout)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


def response_to(request, status, reason, extra=()):
    """A response to a received request, copying Via, From, To (adding a tag), Call-ID, CSeq."""
    lines = [f'SIP/2.0 {status} {reason}']
    for v in request.all('Via'):
        lines.append(f'Via: {v}')
    lines.append(f'From: {request.get("From")}')
    to = request.get('To', '')
    if 'tag=' not in to:
        to += f';tag={new_tag()}'
    lines.append(f'To: {to}')
    lines.append(f'Call-ID: {request.get("Call-ID")}')
    lines.append(f'CSeq: {request.get("CSeq")}')
    lines.extend(extra)
    lines.append('Content-Length: 0')
    return '\r\n'.join(lines) + '\r\n\r\n'


def options_request(local, server, transport='UDP', uri=None, call_id=None):
    host, port = local
    call_id = call_id or new_call_id()
    return '\r\n'.join([
        f'OPTIONS {uri or "sip:" + server[0] + ":" + str(server[1])} SIP/2.0',
        f'Via: SIP/2.0/{transport} {host}:{port};branch={new_branch()};rport',
        'Max-Forwards: 70',
        f'From: <sip:probe@{host}>;tag={new_tag()}',
        f'To: <sip:{server[0]}:{server[1]}>',
        f'Call-ID: {call_id}',
        'CSeq: 1 OPTIONS',
        'Accept: application/sdp',
        'Content-Length: 0', '', ''])


def ping(server_address, timeout=2.0):
    """OPTIONS over UDP; the response or None."""
    with SipEndpoint(server_address, 'udp') as ep:
        return ep.request(options_request(ep.local, server_address), timeout)


# ----------------------------------------------------------------------------------------------
# sipp

class SippResult:
    def __init__(self, returncode, stats, errors, output):
        self.returncode = returncode
        self.stats = stats          # last line of the -trace_stat file, by column name
        self.errors = errors        # text of the -trace_err file
        self.output = output

    @property
    def successful(self):
        return int(self.stats.get('SuccessfulCall(C)', 0))

    @property
    def failed(self):
        return int(self.stats.get('FailedCall(C)', 0))

    def describe(self):
        return (f'sipp rc={self.returncode} successful={self.successful} failed={self.failed}\n'
                f'errors:\n{self.errors[-3000:]}\noutput:\n{self.output[-2000:]}')


def write_sipp_users(path, rows):
    """An injection file: SEQUENTIAL, then one `user;domain;[authentication ...]` line per row of
    (user, domain, password)."""
    with open(path, 'w') as f:
        f.write('SEQUENTIAL\n')
        for user, domain, password in rows:
            f.write(f'{user};{domain};[authentication username={user} password={password}]\n')
    return path


def run_sipp(workdir, target, scenario, calls, inf=None, rate=50, transport='u1', timeout=30,
             local_port=None, extra=(), name='sipp'):
    """Runs sipp until `calls` calls finished or `timeout` seconds passed (sipp's own -timeout, plus
    a hard limit). Returns a SippResult."""
    out = os.path.join(workdir, f'{name}-{secrets.token_hex(3)}')
    os.makedirs(out)
    stat = os.path.join(out, 'stat.csv')
    err = os.path.join(out, 'errors.log')
    port = local_port or free_port(('udp', 'tcp'))
    cmd = ['sipp', target, '-sf', scenario, '-m', str(calls), '-r', str(rate), '-t', transport,
           '-i', '127.0.0.1', '-p', str(port), '-nostdin', '-timeout', f'{timeout}s',
           '-trace_stat', '-stf', stat, '-fd', '1', '-trace_err', '-error_file', err,
           '-max_recv_loops', '1000']
    if inf:
        cmd += ['-inf', inf]
    cmd += list(extra)
    try:
        r = subprocess.run(cmd, stdin=subprocess.DEVNULL, capture_output=True, text=True,
                           errors='replace', timeout=timeout + 30, cwd=out)
        rc, output = r.returncode, r.stdout + r.stderr
    except subprocess.TimeoutExpired as e:
        rc, output = -1, f'sipp killed after {timeout + 30} s: {e}'
    stats = {}
    if os.path.exists(stat):
        with open(stat, errors='replace') as f:
            rows = [line.rstrip('\n').split(';') for line in f if line.strip()]
        if len(rows) >= 2:
            stats = dict(zip(rows[0], rows[-1]))
    errors = ''
    if os.path.exists(err):
        with open(err, errors='replace') as f:
            errors = f.read()
    return SippResult(rc, stats, errors, ' '.join(cmd) + '\n' + output)


# ----------------------------------------------------------------------------------------------
# baresip

class Phone:
    """A headless baresip softphone in its own folder (see testing-with-real-peers.md)."""

    def __init__(self, workdir, user, domain, password, server_port, sip_port=None, regint=60,
                 transport='udp', extra_account=''):
        self.dir = workdir
        os.makedirs(workdir, exist_ok=True)
        self.user = user
        self.sip_port = sip_port or free_ports(1, spacing=4)[0]
        self.output = os.path.join(workdir, 'baresip.out')
        outbound = f'sip:127.0.0.1:{server_port}' + (';transport=tcp' if transport == 'tcp' else '')
        with open(os.path.join(workdir, 'config'), 'w') as f:
            f.write('\n'.join([
                'poll_method epoll',
                'module_path /usr/lib/baresip/modules',
                f'sip_listen 127.0.0.1:{self.sip_port}',
                'net_interface 127.0.0.1',
                f'audio_source aufile,{workdir}/tone.wav',
                f'audio_player aufile,{workdir}/play.wav',
                'audio_alert aufile,/dev/null',
                'module g711.so',
                'module aufile.so',
                'module_tmp account.so',
                'module_app menu.so',
                '']))
        with open(os.path.join(workdir, 'accounts'), 'w') as f:
            f.write(f'<sip:{user}@{domain}>;auth_pass={password};outbound="{outbound}";'
                    f'regint={regint};answermode=auto;audio_codecs=PCMU,PCMA{extra_account}\n')
        self.proc = None

    def start(self, trace_sip=False):
        """Starts baresip; with trace_sip its output shows every SIP message (-s)."""
        out = open(self.output, 'a')
        args = ['baresip', '-f', self.dir] + (['-s'] if trace_sip else [])
        self.proc = subprocess.Popen(args, stdin=subprocess.DEVNULL,
                                     stdout=out, stderr=subprocess.STDOUT)
        out.close()
        return self

    def kill(self):
        if self.proc is not None and self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()

    def stop(self):
        end_process(self.proc)

    def log(self):
        try:
            with open(self.output, errors='replace') as f:
                return f.read()
        except FileNotFoundError:
            return ''


# ----------------------------------------------------------------------------------------------
# fail2ban

def fail2ban_regex(logfile, filter_path='/etc/fail2ban/filter.d/asterisk.conf'):
    """Runs fail2ban-regex on a log file. Returns a dict: lines, matched, missed (counts),
    matched_lines, missed_lines (the log lines), hosts (the <HOST> of every match, in order),
    output (the text, for failure messages)."""
    base = ['fail2ban-regex']
    r = subprocess.run(base + ['--print-all-matched', '--print-all-missed', logfile, filter_path],
                       capture_output=True, text=True, errors='replace', timeout=120)
    out = r.stdout + r.stderr
    m = re.search(r'^Lines: (\d+) lines, (\d+) ignored, (\d+) matched, (\d+) missed', out, re.M)
    if not m:
        raise AssertionError(f'cannot read fail2ban-regex output (rc {r.returncode}):\n{out}')
    result = {'output': out}
    result['lines'], result['ignored'], result['matched'], result['missed'] = map(int, m.groups())
    result['matched_lines'] = _section_lines(out, 'Matched line(s)')
    result['missed_lines'] = _section_lines(out, 'Missed line(s)')
    r = subprocess.run(base + ['-o', 'ip', logfile, filter_path], capture_output=True, text=True,
                       errors='replace', timeout=120)
    result['hosts'] = [line.strip() for line in r.stdout.splitlines() if line.strip()]
    return result


def _section_lines(out, title):
    """The lines of a `|- Matched line(s):` block of fail2ban-regex's output."""
    m = re.search(r'^\|-\s*' + re.escape(title) + r':\s*\n((?:\|  .*\n?)*)', out, re.M)
    if not m:
        return []
    return [line[3:] for line in m.group(1).splitlines() if line.startswith('|  ')]
