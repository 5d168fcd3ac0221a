# SPDX-License-Identifier: MIT
"""Calls between real softphones (baresip) registered as extensions, with checkable audio: the
caller sends 440 Hz, the callee 1000 Hz, and each one's recording of what it heard must hold the
other's tone (and not its own). Also with one phone offering only PCMA and the other only Opus, so
Switchboard must transcode; and with a phone whose SDP names a private address it cannot be
reached on (it really sends from 127.0.0.1), as caller and as callee, so that only symmetric
latching gives two-way audio.

The latching tests run in a network namespace of their own when `unshare -n` works (root): it has
loopback and a veth pair holding 10.99.0.0/24 with nobody on it, so 10.99.0.7 is a private address
where packets vanish. Elsewhere they announce 127.0.0.66, an unused loopback address.
"""

import functools
import os
import re
import subprocess
import sys
import time
import unittest

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import call_checks as cc  # noqa: E402
import harness as h  # noqa: E402
import phones  # noqa: E402
import rtp_phone  # noqa: E402

DOMAIN = cc.DOMAIN
CALLER_HZ = 440
CALLEE_HZ = 1000
TALK_SECONDS = 4
NETNS_ENV = 'SB_IN_PRIVATE_NETNS'
PRIVATE_NET_SETUP = ('ip link set lo up && ip link add sbnat0 type veth peer name sbnat1 && '
                     'ip addr add 10.99.0.1/24 dev sbnat0 && ip link set sbnat0 up && '
                     'ip link set sbnat1 up')


@functools.lru_cache(maxsize=None)
def private_netns_available():
    try:
        r = subprocess.run(['unshare', '-n', 'sh', '-c', PRIVATE_NET_SETUP],
                           capture_output=True, timeout=10)
    except (OSError, subprocess.TimeoutExpired):
        return False
    return r.returncode == 0


def relay_sources(phone):
    """The (address, port) pairs baresip said its RTP came from, in order."""
    return [(a, int(p)) for a, p in re.findall(
        r"incoming rtp for 'audio' established, receiving from ([\d.]+):(\d+)", phone.log())]


class BaresipCallTest(cc.CallTest):
    """Extensions 100 and 101, baresip phones for them, and the checks on what they heard."""

    def setUp(self):
        super().setUp()
        self.exts = {n: h.Extension(n) for n in ('100', '101')}
        self.phones = []

    def tearDown(self):
        for ph in self.phones:
            ph.stop()
        super().tearDown()

    def start_server(self):
        return self.call_server(list(self.exts.values()))

    def phone(self, number, tone_hz, codecs=('PCMU', 'PCMA')):
        ph = phones.Baresip(os.path.join(self.workdir, f'phone{number}'), number,
                            server_port=self.srv.port, password=self.exts[number].secret,
                            domain=DOMAIN, tone_hz=tone_hz, codecs=codecs,
                            name=f'phone {number} ({"/".join(codecs)}, {tone_hz} Hz)')
        self.phones.append(ph)
        ph.start()
        ph.wait_registered(10)
        self.wait_until(lambda: self.srv.registrations_of(number), 5,
                        message=f'extension {number} listed as registered')
        return ph

    def context(self, *extra):
        return '\n'.join([ph.describe() for ph in self.phones] + [str(e) for e in extra])

    def talk(self, caller, callee, hangup_by):
        """caller dials the callee's extension, both reach 'established', they talk, then
        `hangup_by` hangs up and the other one must see the call closed."""
        callee_mark = callee.mark()
        since = caller.dial(callee.user)
        caller.wait_established(since, timeout=10)
        callee.wait_established(callee_mark, timeout=5)
        calls = self.srv.ctl_json('calls')
        self.assertEqual(len(calls), 1, calls)
        self.assertEqual(calls[0].get('state'), 'up', calls)
        time.sleep(TALK_SECONDS)
        other = callee if hangup_by is caller else caller
        other_mark = other.mark()
        ended = hangup_by.hangup()
        hangup_by.wait_closed(ended, timeout=5)
        other.wait_closed(other_mark, timeout=5)
        time.sleep(0.3)          # sndfile closes its WAV files as the audio stops

    def check_audio(self, caller, callee):
        ctx = self.context()
        phones.assert_hears(callee.last_recording('dec'), CALLER_HZ, CALLEE_HZ,
                            context='the callee should hear the caller\n' + ctx)
        phones.assert_hears(caller.last_recording('dec'), CALLEE_HZ, CALLER_HZ,
                            context='the caller should hear the callee\n' + ctx)
        # The audio came from Switchboard's relay, not straight from the other phone.
        for ph in (caller, callee):
            sources = relay_sources(ph)
            self.assertTrue(sources, f'{ph.name} received no RTP\n{ctx}')
            address, port = sources[-1]
            self.assertEqual(address, '127.0.0.1', ctx)
            self.assertTrue(self.rtp_min <= port <= self.rtp_max,
                            f'{ph.name} got RTP from port {port}, outside the relay\'s '
                            f'{self.rtp_min}..{self.rtp_max}\n{ctx}')



class CallsWithBaresip(BaresipCallTest):

    def test_two_phones_hear_each_other_through_the_relay(self):
        self.start_server()
        caller = self.phone('100', CALLER_HZ)
        callee = self.phone('101', CALLEE_HZ)
        self.talk(caller, callee, hangup_by=caller)
        self.check_audio(caller, callee)
        record = self.wait_records()[0]
        self.assert_record(record, 'ANSWERED', hangup_side='caller',
                           min_billable_ms=(TALK_SECONDS - 1) * 1000, context=self.context())
        self.assert_no_calls_left()
        self.srv.stop()

    def test_pcma_phone_and_opus_phone_hear_each_other_by_transcoding(self):
        self.start_server()
        caller = self.phone('100', CALLER_HZ, codecs=('PCMA',))
        callee = self.phone('101', CALLEE_HZ, codecs=('opus',))
        self.talk(caller, callee, hangup_by=callee)
        ctx = self.context()
        self.assertEqual(caller.codecs_used(), ['PCMA'], ctx)
        self.assertEqual(callee.codecs_used(), ['opus'], ctx)
        self.check_audio(caller, callee)
        record = self.wait_records()[0]
        self.assert_record(record, 'ANSWERED', hangup_side='callee', context=ctx)
        self.assertEqual(str(record.get('caller_codec', '')).upper(), 'PCMA', record)
        self.assertEqual(str(record.get('callee_codec', '')).lower(), 'opus', record)
        self.assert_no_calls_left()
        self.srv.stop()


class LatchingWithBaresip(BaresipCallTest):
    """A phone behind NAT: its SDP names a private address, it sends from 127.0.0.1."""

    def run_in_private_network(self):
        """Runs this very test again inside `unshare -n` (see the module comment) and fails with
        its output if it fails there. Returns False when we are already inside or it cannot be
        done, and the test should go on here."""
        if os.environ.get(NETNS_ENV) == '1' or not private_netns_available():
            return False
        name = f'{type(self).__name__}.{self._testMethodName}'
        cmd = ['unshare', '-n', 'sh', '-c', PRIVATE_NET_SETUP + ' && exec "$0" "$@"',
               sys.executable, os.path.abspath(__file__), name]
        env = dict(os.environ, **{NETNS_ENV: '1'})
        try:
            r = subprocess.run(cmd, env=env, capture_output=True, text=True, errors='replace',
                               timeout=120)
        except subprocess.TimeoutExpired as e:
            self.fail(f'{name} in a private network namespace: no end within 120 s\n'
                      f'{e.stdout or ""}{e.stderr or ""}')
        self.assertEqual(r.returncode, 0, f'{name} failed in a private network namespace:\n'
                                          f'{r.stdout[-5000:]}\n{r.stderr[-20000:]}')
        return True

    def private_address(self):
        """(address, port) a NAT'd phone would write in its SDP: nobody receives there."""
        address = '10.99.0.7' if os.environ.get(NETNS_ENV) == '1' else '127.0.0.66'
        return address, h.free_port(('udp',))

    def rtp_phone(self, number, tone_hz):
        ph = rtp_phone.RtpPhone(os.path.join(self.workdir, f'rtp{number}'), self.srv, number,
                                self.exts[number].secret, DOMAIN, tone_hz=tone_hz,
                                announce=self.private_address(),
                                name=f'NAT phone {number} ({tone_hz} Hz)')
        self.addCleanup(ph.close)
        ph.register()
        return ph

    def check_latched(self, nat_phone, baresip_phone, nat_hz, baresip_hz):
        nat_phone.rtp.stop()
        time.sleep(0.3)
        ctx = self.context(nat_phone.describe())
        phones.assert_hears(baresip_phone.last_recording('dec'), nat_hz, baresip_hz,
                            context=f'{baresip_phone.name} should hear the NAT phone\n{ctx}')
        heard = nat_phone.recording()
        phones.assert_hears(heard, baresip_hz, nat_hz,
                            context=f'the NAT phone should hear {baresip_phone.name} (packets '
                                    f'sent to its SDP address are lost: only latching onto '
                                    f'where it sends from works)\n{ctx}')
        # What it heard came from the relay port its SDP exchange named.
        self.assertEqual(nat_phone.rtp.sources, {nat_phone.media_target}, ctx)

    def test_caller_with_private_address_in_sdp_gets_two_way_audio(self):
        if self.run_in_private_network():
            return
        self.start_server()
        callee = self.phone('101', CALLEE_HZ)
        nat = self.rtp_phone('100', CALLER_HZ)
        mark = callee.mark()
        final = nat.call('101')
        self.assertEqual(final.status, 200, nat.describe())
        self.assert_relay_sdp(final.body, nat.describe())
        callee.wait_established(mark, timeout=5)
        time.sleep(TALK_SECONDS)
        mark = callee.mark()
        bye = nat.hangup()
        self.assertEqual(bye.status if bye else None, 200, nat.describe())
        callee.wait_closed(mark, timeout=5)
        self.check_latched(nat, callee, CALLER_HZ, CALLEE_HZ)
        self.assert_record(self.wait_records()[0], 'ANSWERED', hangup_side='caller',
                           context=self.context(nat.describe()))
        self.srv.stop()

    def test_callee_with_private_address_in_sdp_gets_two_way_audio(self):
        if self.run_in_private_network():
            return
        self.start_server()
        caller = self.phone('100', CALLER_HZ)
        nat = self.rtp_phone('101', CALLEE_HZ)
        since = caller.dial('101')
        invite = nat.answer(timeout=10)
        self.assert_relay_sdp(invite.body, nat.describe())
        caller.wait_established(since, timeout=5)
        time.sleep(TALK_SECONDS)
        ended = caller.hangup()
        caller.wait_closed(ended, timeout=5)
        self.assertIsNotNone(nat.wait_bye(5), 'the caller\'s BYE reaches the NAT phone\n'
                             + nat.describe())
        self.check_latched(nat, caller, CALLEE_HZ, CALLER_HZ)
        self.assert_record(self.wait_records()[0], 'ANSWERED', hangup_side='caller',
                           context=self.context(nat.describe()))
        self.srv.stop()


if __name__ == '__main__':
    unittest.main(verbosity=2)
