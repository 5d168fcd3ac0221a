# SPDX-License-Identifier: MIT
"""Kernel forwarding of relayed calls (decision 0013): once both phones of a pass-through call are
latched, Switchboard hands their RTP to nftables (conntrack NAT in a table of its own) and the
kernel carries it; the relay reads the kernel's counters for the call's packet counts and its
rtp_timeout. Two real baresip phones talk through it and each must hear the other's tone; the
table must show the call's elements while it lasts, and nothing once it ends, the server stops,
or a killed server starts again (the table itself is loaded with the first call and unloaded a
while after the last, so that connection tracking runs only while calls need it). With `kernel_forwarding = "off"` the relay carries the call
itself and creates no table.

Runs in a network namespace of its own (nftables state stays in it), as root or as the owner of
a user namespace (`unshare -rn`).
"""

import json
import os
import subprocess
import sys
import time
import unittest

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness as h  # noqa: E402
import test_calls_baresip as baresip_calls  # noqa: E402 - its BaresipCallTest

NETNS_FLAG = 'SB_KERNEL_FORWARDING_NETNS'
CALLER_HZ = baresip_calls.CALLER_HZ
CALLEE_HZ = baresip_calls.CALLEE_HZ
RTP_TIMEOUT = 5


def nft_json(*args):
    r = subprocess.run(['nft', '-j', *args], capture_output=True, text=True)
    return r.returncode, (json.loads(r.stdout) if r.returncode == 0 and r.stdout.strip() else None), r.stderr


class KernelForwardingTest(baresip_calls.BaresipCallTest):

    def start(self, **rtp):
        self.call_server(list(self.exts.values()), rtp=dict({'rtp_timeout': RTP_TIMEOUT}, **rtp))
        self.table = f'switchboard_rtp_{self.rtp_min}'

    def phone(self, number, tone_hz, codecs=('PCMU',)):
        return super().phone(number, tone_hz, codecs)

    def context(self, *extra):
        return super().context(self.srv.diagnostics(30), *extra)

    def streams(self):
        """The call elements of the table's streams map: [(source, packets)], or None without a table."""
        rc, data, _ = nft_json('list', 'map', 'ip', self.table, 'streams')
        if rc != 0:
            return None
        found = []
        for item in data['nftables']:
            for element in item.get('map', {}).get('elem', []) or []:
                key, _zone = element
                concat = key['elem']['val']['concat'] if 'elem' in key else key['concat']
                counter = key.get('elem', {}).get('counter', {})
                found.append((f'{concat[0]}:{concat[1]}->{concat[2]}', counter.get('packets', 0)))
        return found

    def table_exists(self):
        return nft_json('list', 'table', 'ip', self.table)[0] == 0

    def call(self, caller, callee):
        mark = callee.mark()
        since = caller.dial(callee.user)
        caller.wait_established(since, timeout=10)
        callee.wait_established(mark, timeout=5)

    def talk_through_the_kernel(self):
        """Two new phones call, the call reaches the kernel, they talk 2 s and hear each other."""
        caller = self.phone('100', CALLER_HZ)
        callee = self.phone('101', CALLEE_HZ)
        self.call(caller, callee)
        self.wait_until(lambda: len(self.streams() or []) == 2, 5, message='the call in the kernel')
        time.sleep(2)
        self.hang_up(caller, callee)
        self.check_audio(caller, callee)

    def hang_up(self, caller, callee):
        mark = callee.mark()
        ended = caller.hangup()
        caller.wait_closed(ended, timeout=5)
        callee.wait_closed(mark, timeout=5)
        time.sleep(0.3)  # sndfile closes its WAV files as the audio stops

    def test_the_kernel_carries_a_latched_call_and_its_counters_keep_it_alive(self):
        self.start()
        self.assertFalse(self.table_exists(), 'no table (and no connection tracking) before a call needs it')
        status = self.srv.ctl_json('status')
        self.assertTrue(status['media_forwarding'].startswith('kernel'), status)
        self.assertEqual(status['calls_in_kernel'], 0, status)
        caller = self.phone('100', CALLER_HZ)
        callee = self.phone('101', CALLEE_HZ)
        self.call(caller, callee)
        self.wait_until(lambda: self.srv.ctl_json('calls')[0].get('media_in_kernel') is True, 5,
                        message='ctl calls shows the call\'s media in the kernel')
        # The forwarder's thread loads the table and the call's elements moments later.
        self.wait_until(lambda: len(self.streams() or []) == 2, 3,
                        message='the call\'s two streams in the kernel\'s table')
        first = self.streams()
        self.assertEqual(self.srv.ctl_json('status')['calls_in_kernel'], 1)
        # Longer than rtp_timeout: the relay's sockets see nothing of the phones' RTP now, so only
        # the kernel's counters tell it the call is alive.
        time.sleep(RTP_TIMEOUT + 3)
        calls = self.srv.ctl_json('calls')
        self.assertEqual(len(calls), 1, f'the call ended while the kernel carried it: {calls}\n{self.context()}')
        later = dict(self.streams())
        for source, packets in first:
            self.assertGreater(later.get(source, 0), packets + 5 * 40,
                               f'{source}: kernel counters {packets} -> {later.get(source)}\n{self.context()}')
        # 50 packets/s each way for 8 s or more, counted from the kernel.
        self.assertGreater(calls[0]['packets_caller_to_callee'], 300, calls)
        self.assertGreater(calls[0]['packets_callee_to_caller'], 300, calls)
        self.hang_up(caller, callee)
        self.check_audio(caller, callee)
        self.assert_no_calls_left()
        # The table stays a while for the next call, empty.
        self.wait_until(lambda: self.streams() == [], 3, message='the call\'s elements removed')
        record = self.wait_records()[0]
        self.assert_record(record, 'ANSWERED', hangup_side='caller', context=self.context())
        self.srv.stop()
        self.assertFalse(self.table_exists(), 'the table outlived the server')

    def test_a_killed_servers_table_is_replaced_at_the_next_start(self):
        self.start()
        caller = self.phone('100', CALLER_HZ)
        callee = self.phone('101', CALLEE_HZ)
        self.call(caller, callee)
        self.wait_until(lambda: len(self.streams() or []) == 2, 5, message='the call in the kernel')
        self.srv.kill()
        self.assertEqual(len(self.streams() or []), 2, 'a killed server cannot remove its elements')
        for ph in self.phones:
            ph.stop()
        self.phones.clear()
        self.srv.start()
        self.assertIsNone(self.streams(), 'the next start removes what the killed server left')
        self.talk_through_the_kernel()
        self.srv.stop()

    def test_a_relay_on_the_wildcard_address_forwards_from_the_address_each_sdp_names(self):
        # The default configuration: relay sockets on 0.0.0.0, the SDP naming the route's source.
        self.start(bind_address='0.0.0.0')
        self.talk_through_the_kernel()  # check_audio: RTP also came from 127.0.0.1 and a relay port
        self.srv.stop()

    def test_off_keeps_the_call_in_the_relay_and_creates_no_table(self):
        self.start(kernel_forwarding='off')
        self.assertFalse(self.table_exists())
        self.assertIn('off', self.srv.ctl_json('status')['media_forwarding'])
        caller = self.phone('100', CALLER_HZ)
        callee = self.phone('101', CALLEE_HZ)
        self.call(caller, callee)
        time.sleep(3)
        calls = self.srv.ctl_json('calls')
        self.assertIs(calls[0].get('media_in_kernel'), False, calls)
        self.assertGreater(calls[0]['packets_caller_to_callee'], 100, calls)
        self.hang_up(caller, callee)
        self.check_audio(caller, callee)
        self.assertFalse(self.table_exists())
        self.srv.stop()


if __name__ == '__main__':
    if not h.in_private_netns(NETNS_FLAG):
        h.reexec_in_private_netns(NETNS_FLAG)
    subprocess.run(['ip', 'link', 'set', 'lo', 'up'], check=True)
    unittest.main()
