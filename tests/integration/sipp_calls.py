# SPDX-License-Identifier: MIT
"""sipp as the two ends of a call: a caller run to completion (`run_caller`) and a callee that runs in
the background for as long as a test needs it (`SippCallee`), both leaving a message log that tests
read back (`read_message_log`), plus `register_contact` to make a callee's port a registered
extension before sipp binds it. Python 3 standard library only; builds on harness.py.

The scenarios are in tests/scenarios/sipp/ (see each file's first comment):
  callers  uac-call-auth.xml, uac-call-auth-remote-bye.xml, uac-cancel-auth.xml,
           uac-call-expect-status.xml (with `-set expected NNN`), uac-call-auth-hold.xml,
           uac-call-auth-reinvite.xml (with `-set newport N`), uac-call-auth-bye-race.xml
  callees  uas-answer.xml, uas-answer-then-bye.xml, uas-busy.xml, uas-ring-forever.xml,
           uas-answer-media.xml (with `-set rtp_port P`), uas-answer-then-hold.xml, uas-answer-bye-race.xml,
           uas-answer-then-refer.xml (with `-set refer_to URI`), uas-answer-reinvite.xml
Every callee scenario answers OPTIONS (Switchboard qualifies contacts): each OPTIONS is a sipp
"call" of its own, so a callee's counters count them too; tests look at its message log instead.
"""

import os
import re
import secrets
import signal
import subprocess
import time

import harness as h


def write_call_users(path, rows):
    """A SEQUENTIAL injection file for the uac-* scenarios: one `caller;domain;[authentication
    username=caller password=P];callee` line per (caller, domain, password, callee)."""
    with open(path, 'w') as f:
        f.write('SEQUENTIAL\n')
        for caller, domain, password, callee in rows:
            f.write(f'{caller};{domain};[authentication username={caller} password={password}];'
                    f'{callee}\n')
    return path


# ----------------------------------------------------------------------------------------------
# Message logs (-trace_msg)

class Traced:
    """One message of a sipp message log: `sent` (bool), the time it was logged, the SipMessage."""

    def __init__(self, sent, stamp, msg):
        self.sent = sent
        self.stamp = stamp
        self.msg = msg

    def __repr__(self):
        return f'<{"sent" if self.sent else "received"} {self.msg.start_line!r}>'


_ENTRY = re.compile(r'^-{10,} (\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d+)\n'
                    r'(?:UDP|TCP|TLS|SCTP) message (sent|received)[^\n]*\n\n', re.M)


def read_message_log(path):
    """The messages of a sipp -trace_msg file in order (an empty list while it does not exist)."""
    try:
        with open(path, errors='replace') as f:
            text = f.read()
    except FileNotFoundError:
        return []
    out = []
    entries = list(_ENTRY.finditer(text))
    for i, m in enumerate(entries):
        end = entries[i + 1].start() if i + 1 < len(entries) else len(text)
        raw = text[m.end():end].strip('\n')
        if not raw:
            continue
        head, sep, body = raw.partition('\n\n')
        data = ('\r\n'.join(head.split('\n')) + '\r\n\r\n' + body).encode()
        out.append(Traced(m.group(2) == 'sent', m.group(1), h.SipMessage.parse(data)))
    return out


def requests(traced, method, sent=False):
    return [t.msg for t in traced if t.sent == sent and t.msg.is_request and t.msg.method == method]


def responses(traced, sent=False, method=None):
    return [t.msg for t in traced if t.sent == sent and not t.msg.is_request
            and (method is None or t.msg.cseq[1] == method)]


def summary(traced, limit=60):
    """One line per message, for failure messages."""
    lines = [f'{"->" if t.sent else "<-"} {t.msg.start_line}  [{t.msg.get("Call-ID", "")} '
             f'{t.msg.get("CSeq", "")}]' for t in traced]
    return '\n'.join(lines[-limit:]) or '(no messages)'


def _tail(path, chars=3000):
    try:
        with open(path, errors='replace') as f:
            return f.read()[-chars:]
    except FileNotFoundError:
        return '(missing)'


# ----------------------------------------------------------------------------------------------
# The caller

class CallerResult(h.SippResult):
    def __init__(self, base, message_file):
        super().__init__(base.returncode, base.stats, base.errors, base.output)
        self.message_file = message_file

    @property
    def messages(self):
        return read_message_log(self.message_file)

    def describe(self):
        return (super().describe() + f'\nmessages ({self.message_file}):\n'
                f'{summary(self.messages)}')


def run_caller(workdir, target, scenario, caller, password, callee, domain, calls=1,
               duration_ms=1000, expected=None, timeout=30, extra=(), rate=10, name='caller',
               media_port=None):
    """Runs one of the uac-*.xml scenarios from `caller` (authenticating with `password`) to
    `callee` until `calls` calls ended. `expected` is the status uac-call-expect-status.xml must
    see. The digest's uri is the Request-URI (sipp would use sip:remote_ip:port). `media_port` is
    the port its SDP names (a free one if not given; sipp itself sends and binds no RTP)."""
    tag = secrets.token_hex(3)
    users = write_call_users(os.path.join(workdir, f'{name}-{tag}.csv'),
                             [(caller, domain, password, callee)] * calls)
    message_file = os.path.join(workdir, f'{name}-{tag}.msg')
    args = ['-auth_uri', f'{callee}@{domain}', '-d', str(duration_ms),
            '-mp', str(media_port or h.free_ports(1, kinds=('udp',), spacing=4)[0]),
            '-trace_msg', '-message_file', message_file]
    if expected is not None:
        args += ['-set', 'expected', str(expected)]
    base = h.run_sipp(workdir, target, h.sipp_scenario(scenario), calls, inf=users, rate=rate,
                      timeout=timeout, extra=args + list(extra), name=name)
    return CallerResult(base, message_file)


# ----------------------------------------------------------------------------------------------
# A sipp process in the background (usually a callee)

class SippProcess:
    """sipp running a scenario in the background on its own free port, with message log, error log
    and stats. `stop()` makes it quit (SIGUSR1, as if `q` was pressed) and returns its final
    counters."""

    def __init__(self, workdir, scenario, port=None, target=None, extra=(), rtp_echo=False,
                 name='sipp'):
        self.dir = os.path.join(workdir, f'{name}-{secrets.token_hex(3)}')
        os.makedirs(self.dir)
        self.scenario = h.sipp_scenario(scenario)
        self.port = port or h.free_port()
        self.media_port = h.free_ports(1, kinds=('udp',), spacing=4)[0]
        self.target = target
        self.extra = list(extra)
        self.rtp_echo = rtp_echo
        self.message_file = os.path.join(self.dir, 'messages.log')
        self.error_file = os.path.join(self.dir, 'errors.log')
        self.stat_file = os.path.join(self.dir, 'stat.csv')
        self.output_file = os.path.join(self.dir, 'output.txt')
        self.proc = None
        self.cmd = None

    def start(self):
        cmd = ['sipp'] + ([self.target] if self.target else []) + [
            '-sf', self.scenario, '-i', '127.0.0.1', '-p', str(self.port),
            '-mi', '127.0.0.1', '-mp', str(self.media_port), '-nostdin',
            '-trace_msg', '-message_file', self.message_file,
            '-trace_err', '-error_file', self.error_file,
            '-trace_stat', '-stf', self.stat_file, '-fd', '1']
        if self.rtp_echo:
            cmd.append('-rtp_echo')
        cmd += self.extra
        self.cmd = cmd
        out = open(self.output_file, 'w')
        self.proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=out,
                                     stderr=subprocess.STDOUT, cwd=self.dir)
        out.close()
        # sipp binds its socket at once; a message sent before that would be lost, so wait until
        # the port is taken (or sipp died).
        deadline = time.monotonic() + 5
        while time.monotonic() < deadline and self.proc.poll() is None:
            if not _udp_port_free(self.port):
                return self
            time.sleep(0.02)
        if self.proc.poll() is not None:
            raise AssertionError(f'sipp exited at start ({self.proc.returncode}):\n'
                                 f'{self.describe()}')
        return self

    @property
    def messages(self):
        return read_message_log(self.message_file)

    def received(self, method):
        return requests(self.messages, method)

    def alive(self):
        return self.proc is not None and self.proc.poll() is None

    def wait(self, timeout):
        """Waits for sipp to end on its own (-m reached); its exit code, or None if it still runs."""
        try:
            return self.proc.wait(timeout)
        except subprocess.TimeoutExpired:
            return None

    def stop(self, timeout=5):
        """Quits sipp (if it still runs) and returns its final counters."""
        if self.alive():
            self.proc.send_signal(signal.SIGUSR1)
            try:
                self.proc.wait(timeout)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        return self.stats()

    def kill(self):
        if self.alive():
            self.proc.kill()
            self.proc.wait()

    def stats(self):
        try:
            with open(self.stat_file, errors='replace') as f:
                rows = [line.rstrip('\n').split(';') for line in f if line.strip()]
        except FileNotFoundError:
            return {}
        return dict(zip(rows[0], rows[-1])) if len(rows) >= 2 else {}

    @property
    def failed(self):
        return int(self.stats().get('FailedCall(C)', 0) or 0)

    @property
    def successful(self):
        return int(self.stats().get('SuccessfulCall(C)', 0) or 0)

    @property
    def errors(self):
        return _tail(self.error_file, 100000) if os.path.exists(self.error_file) else ''

    def describe(self):
        rc = self.proc.returncode if self.proc else None
        return (f'sipp {os.path.basename(self.scenario)} on 127.0.0.1:{self.port} (rc {rc}, '
                f'successful {self.successful}, failed {self.failed}) in {self.dir}\n'
                f'command: {" ".join(self.cmd or [])}\n'
                f'errors:\n{_tail(self.error_file)}\n'
                f'messages:\n{summary(self.messages)}\n'
                f'output:\n{_tail(self.output_file, 1500)}')


class SippCallee(SippProcess):
    """A callee scenario (uas-*.xml) in the background."""

    def __init__(self, workdir, scenario='uas-answer.xml', port=None, duration_ms=1000, extra=(),
                 rtp_echo=True, name='callee'):
        super().__init__(workdir, scenario, port=port, extra=['-d', str(duration_ms)] + list(extra),
                         rtp_echo=rtp_echo, name=name)

    def invites(self):
        return self.received('INVITE')

    def wait_for_request(self, method, timeout, count=1):
        """The first `count` requests of `method` received within `timeout` seconds, or None."""
        deadline = time.monotonic() + timeout
        while True:
            found = self.received(method)
            if len(found) >= count:
                return found
            if time.monotonic() >= deadline or not self.alive():
                return None
            time.sleep(0.05)


def _udp_port_free(port):
    import socket
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    try:
        s.bind(('127.0.0.1', port))
        return True
    except OSError:
        return False
    finally:
        s.close()


# ----------------------------------------------------------------------------------------------
# Registering a callee

def register_contact(server, number, password, port, domain=None, expires=3600, user=None):
    """Registers `sip:<user>@127.0.0.1:<port>` for extension `number` by a REGISTER sent FROM that
    port (so the binding's source and its Contact agree, as for a real phone), then frees the port
    for the sipp callee that will bind it. Returns the final response (asserts it is 200)."""
    domain = domain or server.domain
    user = user or number
    with h.SipEndpoint(server.address, 'udp', local_port=port) as ep:
        contact = f'<sip:{user}@127.0.0.1:{port}>'
        first, final = ep.register(number, password, domain, expires=expires, contact=contact)
    if final is None or final.status != 200:
        got = (final or first)
        raise AssertionError(f'REGISTER of {number} from port {port} failed: '
                             f'{got.start_line if got else "no answer"}\n'
                             f'{got.text() if got else ""}\n{server.diagnostics()}')
    return final
