# SPDX-License-Identifier: MIT
"""Attended transfer (RFC 5589 §7: REFER whose Refer-To carries RFC 3891 Replaces). 100 calls 101;
101, on a second line, calls 102; then 101 sends REFER in the first call naming 102 with Replaces
of its dialog in the second. Switchboard re-INVITEs 102 onto the first call's relay, hangs up both
of 101's legs, tells 101 how it went by NOTIFY (sipfrag 100 then 200), and 100 and 102 hear each
other. A Replaces naming no call of the transferor's fails with a 481 sipfrag and the call goes on.

Phones: rtp_phone.RtpPhone for all three (101 as two of them, one per line, as a desk phone with
two line keys registers two contacts), each sending its own tone; every packet is timed.
"""

import os
import sys
import time
import unittest
import urllib.parse

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import call_checks as cc  # noqa: E402
import harness as h  # noqa: E402
import phones  # noqa: E402

DOMAIN = cc.DOMAIN
HZ = {'100': 440, '101': 1000, '101b': 1250, '102': 1800}
PACKET = 0.02


class AttendedTransfer(cc.CallTest):

    def setUp(self):
        super().setUp()
        self.srv = self.call_server([h.Extension(n) for n in ('100', '101', '102')])
        self.t0 = time.monotonic()

    def answered(self, caller, callee, number):
        answering = cc.Background(callee.answer, 10)
        final = caller.call(number)
        answering.result(15)
        self.assertEqual(final.status, 200, caller.describe() + '\n' + callee.describe())

    def two_calls(self):
        """100 talking to 101 (first line), and 101 (second line) talking to 102."""
        a = self.rtp_phone('100', HZ['100'], register=False)
        b1 = self.rtp_phone('101', HZ['101'], name='rtp phone 101 line 1')
        c = self.rtp_phone('102', HZ['102'])
        self.answered(a, b1, '101')
        # The second line registers only now, so that the first call rang one contact.
        b2 = self.rtp_phone('101', HZ['101b'], name='rtp phone 101 line 2')
        self.answered(b2, c, '102')
        self.info = lambda: '\n'.join(p.describe() for p in (a, b1, b2, c))
        return a, b1, b2, c

    def refer_to(self, call_id, to_tag, from_tag):
        replaces = urllib.parse.quote(f'{call_id};to-tag={to_tag};from-tag={from_tag}', safe='')
        return f'<sip:102@{DOMAIN}?Replaces={replaces}>'

    def assert_hears(self, phone, start, end, want_hz, not_hz, label):
        path = phone.rtp.write_window(os.path.join(self.workdir, f'{label}.wav'), start, end)
        packets = len(phone.rtp.packets_between(start, end))
        detail = (f'{label}: {phone.name} between {start - self.t0:.1f} and {end - self.t0:.1f} s: '
                  f'{packets} packets, {cc.describe_part(path, 0, None, (want_hz,) + not_hz)}, '
                  f'dominant {phones.dominant_tones(path, skip=0) if packets else []}')
        self.assertGreater(packets, 0.7 * (end - start) / PACKET, f'{detail}\n{self.info()}')
        self.assertGreater(cc.share_between(path, want_hz, 0), 0.5,
                           f'{want_hz} Hz should be heard: {detail}\n{self.info()}')
        for hz in not_hz:
            self.assertLess(cc.share_between(path, hz, 0), 0.15,
                            f'{hz} Hz should not be heard: {detail}\n{self.info()}')

    def test_the_transferor_joins_its_two_calls(self):
        a, b1, b2, c = self.two_calls()
        time.sleep(0.5)
        call_id, ours, theirs = b2.dialog_tags
        reinvited = cc.Background(c.answer_reinvite, 10)
        accepted = b1.refer(self.refer_to(call_id, theirs, ours))
        self.assertIsNotNone(accepted, 'no answer to the REFER\n' + self.info())
        self.assertEqual(accepted.status, 202, accepted.text() + '\n' + self.info())
        reinvite = reinvited.result(15)
        port = self.assert_relay_sdp(reinvite.body, 'the re-INVITE to 102\n' + self.info())
        frags = b1.wait_notifies(10)
        self.assertEqual(frags[0], 'SIP/2.0 100 Trying', self.info())
        self.assertEqual(frags[-1], 'SIP/2.0 200 OK', self.info())
        self.assertIsNotNone(b1.wait_bye(5), '101 leaves the first call\n' + self.info())
        self.assertIsNotNone(b2.wait_bye(5), '101 leaves the second call\n' + self.info())

        calls = self.srv.ctl_json('calls')
        self.assertEqual(len(calls), 1, calls)
        self.assertEqual((str(calls[0]['caller']), str(calls[0]['callee'])), ('100', '102'), calls)
        self.assertEqual(c.media_target[1], port, '102 sends to the port the re-INVITE named')

        joined = time.monotonic()
        time.sleep(3.0)
        # The relay takes 102 at its first packet (the address its answer names wins the latch
        # over 101, which may still be sending; decision 0008); a margin for the loopback path.
        start, end = joined + 1.2, joined + 3.0
        self.assert_hears(a, start, end, HZ['102'], (HZ['101'], HZ['101b']), 'a-after')
        self.assert_hears(c, start, end, HZ['100'], (HZ['101'], HZ['101b']), 'c-after')

        bye = a.hangup()
        self.assertEqual(bye.status if bye else None, 200, self.info())
        self.assertIsNotNone(c.wait_bye(5), 'the BYE reaches 102\n' + self.info())
        records = self.wait_records(2)
        by_caller = {str(r['caller']): r for r in records}
        self.assert_record(by_caller['100'], 'ANSWERED', caller='100', dialled='101', callee='102',
                           hangup_side='caller', context=self.info())
        self.assert_record(by_caller['101'], 'ANSWERED', caller='101', dialled='102', callee='102',
                           context=self.info())
        self.assertEqual(by_caller['101'].get('hangup_cause'), 'attended transfer', records)
        self.assert_no_calls_left()

    def test_a_replaces_naming_no_call_of_the_transferor_fails_and_the_call_goes_on(self):
        a, b1, b2, c = self.two_calls()
        call_id, ours, theirs = b2.dialog_tags
        for refer_to in (self.refer_to(call_id, theirs, 'not-the-tag'),
                         self.refer_to('no-such-call', theirs, ours)):
            accepted = b1.refer(refer_to)
            self.assertEqual(accepted.status if accepted else None, 202, self.info())
            frags = b1.wait_notifies(10)
            self.assertTrue(frags[-1].startswith('SIP/2.0 481'), f'{frags}\n{self.info()}')
        # Another party cannot take 101's place: 102 naming 101's dialog in the first call.
        b1_call, b1_ours, b1_theirs = b1.dialog_tags
        accepted = c.refer(self.refer_to(b1_call, b1_theirs, b1_ours))
        self.assertEqual(accepted.status if accepted else None, 202, self.info())
        frags = c.wait_notifies(10)
        self.assertTrue(frags[-1].startswith('SIP/2.0 481'), f'{frags}\n{self.info()}')
        bad = b1.refer(f'<sip:102@{DOMAIN}?Replaces=x>')
        self.assertEqual(bad.status if bad else None, 400, self.info())

        self.assertEqual(len(self.srv.ctl_json('calls')), 2)
        started = time.monotonic()
        time.sleep(1.5)
        self.assert_hears(a, started + 0.2, started + 1.5, HZ['101'], (HZ['102'],), 'a-still')
        self.assert_hears(c, started + 0.2, started + 1.5, HZ['101b'], (HZ['100'],), 'c-still')

if __name__ == '__main__':
    unittest.main()
