# SPDX-License-Identifier: MIT
"""Self-check of phones.py WITHOUT Switchboard (not a registered test: run it by hand after
changing phones.py or upgrading baresip).

Two baresip phones call each other directly by IP on loopback (no registrar), once per codec
(PCMU, PCMA, G.722, Opus); the caller sends 440 Hz, the callee 1000 Hz, and each phone's recording
of what it heard must hold the other's tone and not its own. Also: each side can hang up and the
other sees the call closed; the tone checker tells a wrong tone, silence and a short file apart;
the pure-Python G.711 codec round-trips.

    python3 tests/integration/selfcheck_phones.py [-v]
"""

import os
import shutil
import sys
import tempfile
import time
import types
import unittest

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import phones as p  # noqa: E402
import rtp_phone  # noqa: E402

CALLER_HZ = 440
CALLEE_HZ = 1000
TALK_SECONDS = 4


class PhonesSelfCheck(unittest.TestCase):

    def setUp(self):
        self.workdir = tempfile.mkdtemp(prefix='sb-phonecheck-')
        self.phones = []

    def tearDown(self):
        for ph in self.phones:
            ph.stop()
        failed = any(t is self for t, _ in self._outcome.result.failures
                     + self._outcome.result.errors) if hasattr(self._outcome, 'result') else False
        if failed or os.environ.get('SB_KEEP') == '1':
            sys.stderr.write(f'(work folder kept: {self.workdir})\n')
        else:
            shutil.rmtree(self.workdir, ignore_errors=True)

    def phone(self, name, **kw):
        ph = p.Baresip(os.path.join(self.workdir, name), name, name=name, **kw)
        self.phones.append(ph)
        return ph.start()

    def call_and_check(self, codecs, hangup_by='caller'):
        caller = self.phone('alice', tone_hz=CALLER_HZ, codecs=codecs)
        callee = self.phone('bob', tone_hz=CALLEE_HZ, codecs=codecs)
        since_callee = callee.mark()
        since = caller.dial(callee.uri)
        caller.wait_established(since, timeout=10)
        callee.wait_established(since_callee, timeout=5)
        time.sleep(TALK_SECONDS)
        ender, other = (caller, callee) if hangup_by == 'caller' else (callee, caller)
        mark_other = other.mark()
        ended = ender.hangup()
        ender.wait_closed(ended, timeout=5)
        closed = other.wait_closed(mark_other, timeout=5)
        self.assertIn('peer', closed.get('param', ''), closed)
        time.sleep(0.3)     # sndfile closes its files when the call's audio is torn down
        context = caller.describe() + '\n' + callee.describe()
        reports = [
            p.assert_hears(callee.last_recording('dec'), CALLER_HZ, CALLEE_HZ, context=context),
            p.assert_hears(caller.last_recording('dec'), CALLEE_HZ, CALLER_HZ, context=context),
            # What each one sent is its own tone (the source works, whatever the codec).
            p.assert_hears(caller.last_recording('enc'), CALLER_HZ, CALLEE_HZ, context=context),
            p.assert_hears(callee.last_recording('enc'), CALLEE_HZ, CALLER_HZ, context=context),
        ]
        for ph in (caller, callee):
            self.assertEqual(ph.codecs_used(), [codecs[0]], ph.describe())
        print(f'\n  {"/".join(codecs)}: ' + '\n    '.join(reports), file=sys.stderr)
        return caller, callee

    def test_pcmu_both_ways(self):
        self.call_and_check(('PCMU',))

    def test_pcma_both_ways_callee_hangs_up(self):
        self.call_and_check(('PCMA',), hangup_by='callee')

    def test_g722_both_ways(self):
        self.call_and_check(('G722',))

    def test_opus_both_ways(self):
        self.call_and_check(('opus',))

    def test_a_phone_that_rings_until_the_caller_gives_up(self):
        caller = self.phone('carol', codecs=('PCMU',))
        callee = self.phone('dave', codecs=('PCMU',), answermode='manual')
        since_callee = callee.mark()
        since = caller.dial(callee.uri)
        caller.wait_event('CALL_RINGING', 5, since)
        callee.wait_event('CALL_INCOMING', 5, since_callee)
        time.sleep(0.5)
        caller.hangup()
        closed = callee.wait_closed(since_callee, timeout=5)
        self.assertNotIn('CALL_ESTABLISHED', callee.event_types(since_callee), closed)

    # -- the hand-made RTP phone (rtp_phone.py) against baresip, directly

    def rtp_phone(self, baresip, **kw):
        fake_server = types.SimpleNamespace(address=('127.0.0.1', baresip.sip_port))
        ph = rtp_phone.RtpPhone(os.path.join(self.workdir, 'rtp'), fake_server, 'rtp', 'unused',
                                '127.0.0.1', tone_hz=CALLER_HZ, **kw)
        self.addCleanup(ph.close)
        return ph

    def test_rtp_phone_calls_baresip_both_ways(self):
        callee = self.phone('bob', tone_hz=CALLEE_HZ, codecs=('PCMU',))
        ph = self.rtp_phone(callee)
        final = ph.call('bob')
        self.assertEqual(final.status, 200, ph.describe())
        time.sleep(TALK_SECONDS)
        bye = ph.hangup()
        self.assertEqual(bye.status if bye else None, 200, ph.describe())
        ph.rtp.stop()
        time.sleep(0.3)
        context = ph.describe() + '\n' + callee.describe()
        print('\n  ' + p.assert_hears(ph.recording(), CALLEE_HZ, CALLER_HZ, context=context)
              + '\n  ' + p.assert_hears(callee.last_recording('dec'), CALLER_HZ, CALLEE_HZ,
                                         context=context), file=sys.stderr)

    def test_rtp_phone_answers_baresip_with_pcma(self):
        caller = self.phone('alice', tone_hz=CALLEE_HZ, codecs=('PCMA',))
        ph = self.rtp_phone(caller, payload_type=8)
        since = caller.dial(f'sip:rtp@127.0.0.1:{ph.ep.local[1]}')
        ph.answer(timeout=10)
        caller.wait_established(since, 5)
        time.sleep(TALK_SECONDS)
        mark = caller.hangup()
        caller.wait_closed(mark, 5)
        self.assertIsNotNone(ph.wait_bye(5), ph.describe())
        ph.rtp.stop()
        time.sleep(0.3)
        context = ph.describe() + '\n' + caller.describe()
        self.assertEqual(caller.codecs_used(), ['PCMA'], context)
        p.assert_hears(ph.recording(), CALLEE_HZ, CALLER_HZ, context=context)
        p.assert_hears(caller.last_recording('dec'), CALLER_HZ, CALLEE_HZ, context=context)

    def test_a_wrong_sdp_address_costs_the_audio_without_a_latching_relay(self):
        """The control for the latching tests: baresip sends where the SDP says, so a phone that
        announces an address where nobody listens hears nothing when there is no relay."""
        callee = self.phone('bob', tone_hz=CALLEE_HZ, codecs=('PCMU',))
        nowhere = ('127.0.0.66', p.h.free_port(('udp',)))
        ph = self.rtp_phone(callee, announce=nowhere)
        self.assertEqual(ph.call('bob').status, 200, ph.describe())
        time.sleep(3)
        ph.hangup()
        ph.rtp.stop()
        self.assertEqual(ph.rtp.audio_packets(), [], ph.describe())
        time.sleep(0.3)
        # The other way still works: the phone sends to the address baresip announced.
        p.assert_hears(callee.last_recording('dec'), CALLER_HZ, CALLEE_HZ, min_seconds=1.5,
                       context=ph.describe() + callee.describe())

    def test_the_tone_checker_can_fail(self):
        tone = p.make_tone_wav(os.path.join(self.workdir, 't440.wav'), 440, 3)
        both = os.path.join(self.workdir, 'both.wav')
        _, a = p.read_wav(tone)
        _, b = p.read_wav(p.make_tone_wav(os.path.join(self.workdir, 't1000.wav'), 1000, 3))
        p.write_wav(both, [x + y for x, y in zip(a, b)])
        silence = p.write_wav(os.path.join(self.workdir, 'silence.wav'), [0] * 24000)
        short = p.make_tone_wav(os.path.join(self.workdir, 'short.wav'), 440, 1.5)
        self.assertGreater(p.tone_power(tone, 440), 0.95)
        self.assertLess(p.tone_power(tone, 1000), 0.01)
        self.assertEqual(p.dominant_tones(tone)[0][0], 440)
        p.assert_hears(tone, 440, 1000)
        for path, want, absent in ((tone, 1000, 440), (both, 440, 1000), (silence, 440, 1000),
                                   (short, 440, 1000)):
            with self.assertRaises(AssertionError, msg=path):
                p.assert_hears(path, want, absent)
        # 48 kHz (what an Opus phone may record) works the same.
        high = p.make_tone_wav(os.path.join(self.workdir, 't48k.wav'), 1000, 3, rate=48000)
        self.assertGreater(p.tone_power(high, 1000), 0.95)
        self.assertEqual(p.dominant_tones(high)[0][0], 1000)

    def test_g711_round_trip(self):
        for x in (-32768, -20000, -1000, -1, 0, 1, 999, 12345, 32767):
            for enc, dec in ((p.linear_to_ulaw, p.ulaw_to_linear),
                             (p.linear_to_alaw, p.alaw_to_linear)):
                y = dec(enc(x))
                self.assertLessEqual(abs(y - x), max(16, abs(x) // 16), (x, y, enc.__name__))


if __name__ == '__main__':
    unittest.main(verbosity=2)
