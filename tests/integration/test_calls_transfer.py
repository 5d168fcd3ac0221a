# SPDX-License-Identifier: MIT
"""Blind transfer (RFC 3515 REFER) with real softphones: 100 calls 101, 101 transfers the call to
102; 100 and 102 then hear each other through the relay, 101 is out of the call, and the call
record names 102. A transfer to an unknown number is refused with 404 (baresip then ends the call
itself; that is its choice, not Switchboard's)."""

import os
import sys
import time
import unittest

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness as h  # noqa: E402
import phones  # noqa: E402
from test_calls_baresip import BaresipCallTest, DOMAIN  # noqa: E402

HZ = {'100': 440, '101': 1000, '102': 1800}


class BlindTransfer(BaresipCallTest):

    def setUp(self):
        super().setUp()
        self.exts = {n: h.Extension(n) for n in ('100', '101', '102')}

    def start_phones(self):
        self.srv = self.start_server()
        return [self.phone(n, HZ[n]) for n in ('100', '101', '102')]

    def test_callee_transfers_the_caller_to_a_third_phone(self):
        a, b, c = self.start_phones()
        since = a.dial('101')
        a.wait_established(since, timeout=10)
        time.sleep(1)
        c_mark = c.mark()
        b_mark = b.mark()
        reply = b.command('transfer', f'sip:102@{DOMAIN}')
        self.assertTrue(reply.get('ok'), f'baresip refused to transfer: {reply}\n{self.context()}')
        c.wait_established(c_mark, timeout=10)
        b.wait_closed(b_mark, timeout=10)
        calls = self.srv.ctl_json('calls')
        self.assertEqual(len(calls), 1, calls)
        self.assertEqual(calls[0]['callee'], '102', calls)
        time.sleep(3)
        a_mark = a.mark()
        ended = c.hangup()
        c.wait_closed(ended, timeout=5)
        a.wait_closed(a_mark, timeout=5)
        time.sleep(0.3)
        ctx = self.context()
        phones.assert_hears(c.last_recording('dec'), HZ['100'], (HZ['101'], HZ['102']),
                            context='102 should hear 100 after the transfer\n' + ctx)
        records = self.wait_records(1)
        self.assertEqual(records[0]['callee'], '102', records)
        self.assertEqual(records[0]['disposition'], 'ANSWERED', records)
        self.assertEqual(self.srv.ctl_json('calls'), [])

    def test_a_transfer_to_an_unknown_number_is_refused_with_404(self):
        a, b, _ = self.start_phones()
        since = a.dial('101')
        a.wait_established(since, timeout=10)
        b.command('transfer', f'sip:999@{DOMAIN}')
        self.wait_until(lambda: 'transfer failed: 404' in b.log(), 5,
                        message='baresip told that the transfer failed with 404\n' + self.context())
        records = self.wait_records(1)
        self.assertEqual(records[0]['callee'], '101', records)


if __name__ == '__main__':
    unittest.main()
