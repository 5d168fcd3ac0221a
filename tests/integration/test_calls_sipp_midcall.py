# SPDX-License-Identifier: MIT
"""Mid-call scenarios driven by sipp on both ends (issue 3's list): the caller holds and resumes
both ways (RFC 3264 a=sendonly and the Cisco/RFC 2543 c=0.0.0.0), the callee holds and resumes, a
re-INVITE moves the caller's media to another port, a BYE race (both ends hang up at once), a
blind transfer by the callee's REFER (RFC 3515), and an attended transfer (RFC 5589 §7: the
REFER's Refer-To carries RFC 3891 Replaces naming the transferor's call to the target). Switchboard answers each leg's re-INVITE itself
(decision 0006), so the other sipp must see none. Where the media matters, the SDP names ports this
test binds (sipp binds its own -mp ones): music must reach the held phone only while it is held,
and RTP must follow the re-INVITE to the new port.
"""

import os
import socket
import struct
import sys
import threading
import time
import unittest
import urllib.parse

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import call_checks as cc  # noqa: E402
import harness as h  # noqa: E402
import sipp_calls as sc  # noqa: E402

DOMAIN = cc.DOMAIN


class MediaPort:
    """A UDP socket on 127.0.0.1 that a phone's SDP names: it notes when each packet arrived and
    from where, and can send 20 ms RTP packets to a target."""

    def __init__(self, port=None):
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        self.sock.bind(('127.0.0.1', port or 0))
        self.port = self.sock.getsockname()[1]
        self.sock.settimeout(0.1)
        self.arrivals = []          # (wall-clock time, source port)
        self.target = None
        self._stop = False
        self._threads = [threading.Thread(target=self._receive, daemon=True),
                         threading.Thread(target=self._send, daemon=True)]
        for t in self._threads:
            t.start()

    def _receive(self):
        while not self._stop:
            try:
                _, source = self.sock.recvfrom(2048)
            except OSError:
                continue
            self.arrivals.append((time.time(), source[1]))

    def _send(self):
        seq = 0
        while not self._stop:
            if self.target:
                packet = struct.pack('!BBHII', 0x80, 0, seq & 0xffff, seq * 160, 0x5eed) + b'\xff' * 160
                self.sock.sendto(packet, self.target)
                seq += 1
            time.sleep(0.02)

    def between(self, start, end):
        return [a for a in self.arrivals if start <= a[0] <= end]

    def close(self):
        self._stop = True
        for t in self._threads:
            t.join(1)
        self.sock.close()


def stamp_of(traced):
    """A sipp message log entry's time as seconds since the epoch (sipp logs local time)."""
    whole, _, fraction = traced.stamp.partition('.')
    return time.mktime(time.strptime(whole, '%Y-%m-%d %H:%M:%S')) + float('0.' + (fraction or '0'))


def request_entries(messages, method, sent):
    """The log entries (with their times) of the requests of `method` sent or received."""
    return [t for t in messages if t.sent == sent and t.msg.is_request and t.msg.method == method]


def answers_to(messages, method, sent=False):
    """The final responses (sent or received) to `method`, in order, by CSeq number."""
    return [t for t in messages if t.sent == sent and not t.msg.is_request and t.msg.status >= 200
            and t.msg.cseq[1] == method]


class SippMidCall(cc.CallTest):

    def setUp(self):
        super().setUp()
        self.exts = {n: h.Extension(n) for n in ('100', '101', '102')}
        self.callees = []
        self.call_server(list(self.exts.values()))

    def tearDown(self):
        for c in self.callees:
            c.kill()
        super().tearDown()

    def callee(self, scenario, number='101', duration_ms=1000, extra=()):
        port = h.free_port()
        sc.register_contact(self.srv, number, self.exts[number].secret, port)
        c = sc.SippCallee(self.workdir, scenario, port=port, duration_ms=duration_ms, extra=extra,
                          name=f'callee-{number}')
        self.callees.append(c)
        return c.start()

    def media(self, port=None):
        m = MediaPort(port)
        self.addCleanup(m.close)
        return m

    def call(self, scenario, duration_ms, extra=(), media_port=None, callee='101', timeout=40):
        return sc.run_caller(self.workdir, self.srv.target, scenario, '100', self.exts['100'].secret,
                             callee, DOMAIN, duration_ms=duration_ms, extra=extra,
                             media_port=media_port, timeout=timeout)

    def explain(self, result, *callees):
        return '\n'.join([f'--- caller ---\n{result.describe()}']
                         + [f'--- callee ---\n{c.describe()}' for c in callees])

    def assert_ended_cleanly(self, info, callee='101'):
        record = self.wait_records()[0]
        self.assert_record(record, 'ANSWERED', callee=callee, context=info)
        self.assert_no_calls_left()
        self.assert_server_alive(context=info)

    def test_caller_holds_and_resumes_both_ways_and_the_callee_hears_music_only_while_held(self):
        held = self.media()
        callee = self.callee('uas-answer-media.xml', extra=['-set', 'rtp_port', str(held.port)])
        result = self.call('uac-call-auth-hold.xml', 1000)
        info = self.explain(result, callee)
        self.assertEqual((result.successful, result.failed), (1, 0), info)
        self.assertIsNotNone(callee.wait_for_request('BYE', 5), info)
        self.assertEqual(len(callee.received('INVITE')), 1,
                         'the caller\'s re-INVITEs are answered by Switchboard, not passed on\n' + info)
        relay_port = cc.sdp_address(callee.received('INVITE')[0].body)[1]
        oks = {t.msg.cseq[0]: stamp_of(t) for t in answers_to(result.messages, 'INVITE')}
        bye = stamp_of(request_entries(result.messages, 'BYE', sent=True)[0])
        self.assertTrue({2, 3, 4, 5, 6} <= set(oks), info)
        # CSeq 3 holds (sendonly) until 4 resumes; 5 holds (c=0.0.0.0) until 6 resumes.
        for hold, resume, how in ((3, 4, 'a=sendonly'), (5, 6, 'c=0.0.0.0')):
            music = held.between(oks[hold] + 0.3, oks[resume] - 0.1)
            self.assertGreater(len(music), 20, f'music while held with {how}: {len(music)} packets\n{info}')
            self.assertEqual({p for _, p in music}, {relay_port}, 'music comes from the callee leg\'s relay port')
        before = held.between(0, oks[3] - 0.1)
        between = held.between(oks[4] + 0.3, oks[5] - 0.1)
        after = held.between(oks[6] + 0.3, bye)
        self.assertEqual((len(before), len(between), len(after)), (0, 0, 0),
                         'nothing reaches the callee while not held (the caller sends no RTP)\n' + info)
        self.assert_ended_cleanly(info)

    def test_callee_holds_and_resumes_without_disturbing_the_caller(self):
        callee = self.callee('uas-answer-then-hold.xml', duration_ms=500)
        result = self.call('uac-call-auth.xml', 4000)
        info = self.explain(result, callee)
        self.assertEqual((result.successful, result.failed), (1, 0), info)
        self.assertIsNotNone(callee.wait_for_request('BYE', 5), info)
        self.assertEqual(callee.failed, 0, 'the callee\'s hold and resume were answered as expected\n' + info)
        self.assertEqual(len(answers_to(callee.messages, 'INVITE')), 2, info)
        self.assertEqual(sc.requests(result.messages, 'INVITE'), [],
                         'the callee\'s re-INVITEs are answered by Switchboard, not passed on\n' + info)
        self.assert_ended_cleanly(info)

    def test_a_reinvite_moves_the_callers_media_to_the_new_port(self):
        old, new, callee_side = self.media(), self.media(), self.media()
        callee = self.callee('uas-answer-media.xml', extra=['-set', 'rtp_port', str(callee_side.port)])
        caller = cc.Background(self.call, 'uac-call-auth-reinvite.xml', 1500,
                               extra=['-set', 'rtp_port', str(old.port), '-set', 'newport', str(new.port)])
        invites = callee.wait_for_request('INVITE', 10)
        self.assertIsNotNone(invites, callee.describe())
        # The callee's phone talks from the port its SDP names, to its relay port.
        callee_side.target = ('127.0.0.1', cc.sdp_address(invites[0].body)[1])
        result = caller.result(40)
        callee_side.target = None
        info = self.explain(result, callee)
        self.assertEqual((result.successful, result.failed), (1, 0), info)
        self.assertEqual(len(callee.received('INVITE')), 1, 'the re-INVITE is not passed on\n' + info)
        moved = stamp_of(answers_to(result.messages, 'INVITE')[-1])
        bye = stamp_of(request_entries(result.messages, 'BYE', sent=True)[0])
        self.assertGreater(len(old.between(0, moved)), 20, f'audio at the first port\n{info}')
        self.assertEqual(len(old.between(moved + 0.3, bye)), 0, f'audio left the old port\n{info}')
        self.assertGreater(len(new.between(moved + 0.3, bye)), 40, f'audio at the new port\n{info}')
        self.assert_ended_cleanly(info)

    def test_both_ends_hanging_up_at_once_leave_one_record_and_no_call(self):
        # Each end hangs up 1500 ms after the answer. sipp can take the other's BYE in the moment
        # between deciding to send its own and sending it, where the scenario expects nothing:
        # without abortunexp it lets that one pass, and answers its retransmission (500 ms on).
        lenient = ['-default_behaviors', 'all,-abortunexp']
        callee = self.callee('uas-answer-bye-race.xml', extra=lenient)
        result = self.call('uac-call-auth-bye-race.xml', 1500, extra=lenient)
        info = self.explain(result, callee)
        self.assertEqual((result.successful, result.failed), (1, 0), info)
        self.assertIsNotNone(callee.wait_for_request('ACK', 5), info)
        time.sleep(3)  # the callee's BYE, its answer and whatever crossed it
        self.assertEqual(len(sc.requests(callee.messages, 'BYE', sent=True)), 1, info)
        self.assertEqual(callee.failed, 0, info)
        self.assertEqual(len(self.wait_records()), 1)
        self.assert_ended_cleanly(info)

    def test_callee_transfers_the_caller_blind_to_a_third_phone(self):
        target = self.callee('uas-answer.xml', number='102')
        transferor = self.callee('uas-answer-then-refer.xml', duration_ms=1000,
                                 extra=['-set', 'refer_to', f'sip:102@{DOMAIN}'])
        result = self.call('uac-call-auth.xml', 5000)
        info = self.explain(result, transferor, target)
        self.assertEqual((result.successful, result.failed), (1, 0), info)
        self.assertEqual(transferor.failed, 0, info)
        referred = answers_to(transferor.messages, 'REFER')
        self.assertEqual([t.msg.status for t in referred], [202], info)
        notifies = sc.requests(transferor.messages, 'NOTIFY')
        self.assertTrue(notifies, info)
        self.assertIn(b'SIP/2.0 200', notifies[-1].body, 'the last NOTIFY reports the target answered\n' + info)
        self.assertEqual(len(transferor.received('BYE')), 1, 'the transferor\'s part ends\n' + info)
        invites = target.wait_for_request('INVITE', 5)
        self.assertIsNotNone(invites, info)
        self.assertEqual(h.aor_user(h.uri_of(invites[0].get('From'))), '100', 'the target sees the transferee\n' + info)
        self.assertIsNotNone(target.wait_for_request('BYE', 5), 'the caller\'s BYE reaches the target\n' + info)
        self.assertEqual(sc.requests(result.messages, 'INVITE'), [], 'the caller is not re-INVITEd\n' + info)
        self.assert_ended_cleanly(info, callee='102')

    def test_the_callee_joins_the_caller_to_its_other_call_by_attended_transfer(self):
        """101's second line (a sipp caller) calls 102 first; then 100 calls 101's first line (a
        sipp callee), which REFERs 100 to 102 with Replaces naming the second line's call."""
        target = self.callee('uas-answer-reinvite.xml', number='102')
        second_line = cc.Background(sc.run_caller, self.workdir, self.srv.target, 'uac-call-auth-remote-bye.xml',
                                    '101', self.exts['101'].secret, '102', DOMAIN, name='line2', timeout=40)
        self.assertIsNotNone(target.wait_for_request('ACK', 10), target.describe())
        invite = target.received('INVITE')[0]
        # Switchboard's leg to the second line: its Call-ID and tags are what the line itself
        # sees, read from the message log of the second line's sipp.
        line2_log = self.wait_for_log('line2')
        ok = [t.msg for t in line2_log if not t.sent and not t.msg.is_request and t.msg.status == 200][0]
        replaces = urllib.parse.quote(f'{ok.get("Call-ID")};to-tag={h.tag_of(ok.get("To"))};'
                                      f'from-tag={h.tag_of(ok.get("From"))}', safe='')
        transferor = self.callee('uas-answer-then-refer.xml', duration_ms=1000,
                                 extra=['-set', 'refer_to', f'sip:102@{DOMAIN}?Replaces={replaces}'])
        result = self.call('uac-call-auth.xml', 5000)
        line2 = second_line.result(40)
        info = self.explain(result, transferor, target) + f'\n--- second line ---\n{line2.describe()}'
        self.assertEqual((result.successful, result.failed), (1, 0), info)
        self.assertEqual((line2.successful, line2.failed), (1, 0), 'the second line\'s call ends by BYE\n' + info)
        self.assertEqual(transferor.failed, 0, info)
        self.assertEqual([t.msg.status for t in answers_to(transferor.messages, 'REFER')], [202], info)
        notifies = sc.requests(transferor.messages, 'NOTIFY')
        self.assertTrue(notifies and b'SIP/2.0 200' in notifies[-1].body, info)
        invites = target.received('INVITE')
        self.assertEqual(len(invites), 2, 'the target is re-INVITEd onto the transferee\'s call\n' + info)
        self.assertEqual(invites[1].get('Call-ID'), invite.get('Call-ID'), info)
        self.assertIsNotNone(target.wait_for_request('BYE', 5), 'the caller\'s BYE reaches the target\n' + info)
        self.assertEqual(sc.requests(result.messages, 'INVITE'), [], 'the caller is not re-INVITEd\n' + info)
        records = self.wait_records(2)
        by_caller = {str(r['caller']): r for r in records}
        self.assert_record(by_caller['100'], 'ANSWERED', callee='102', context=info)
        self.assert_record(by_caller['101'], 'ANSWERED', caller='101', dialled='102', context=info)
        self.assert_no_calls_left()

    def wait_for_log(self, name, timeout=10):
        """The message log of the run_caller named `name` once it holds the 200 to its INVITE."""
        deadline = time.monotonic() + timeout
        while True:
            for entry in os.listdir(self.workdir):
                if entry.startswith(name + '-') and entry.endswith('.msg'):
                    log = sc.read_message_log(os.path.join(self.workdir, entry))
                    if any(not t.sent and not t.msg.is_request and t.msg.status == 200 for t in log):
                        return log
            self.assertLess(time.monotonic(), deadline, f'no 200 in the {name} log')
            time.sleep(0.1)


if __name__ == '__main__':
    unittest.main()
