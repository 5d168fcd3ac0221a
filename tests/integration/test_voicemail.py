#!/usr/bin/env python3
"""Voicemail: a call nobody takes (not registered, busy, unanswered) reaches the callee's
mailbox, where a spoken greeting and a tone ask for a message; the message is kept (WAV + index,
across a restart), the callee's phone gets its message lamp (unsolicited NOTIFY, Event:
message-summary, RFC 3842) and *97 plays it back, with 7 to delete it. Callers are
rtp_phone.RtpPhone: G.711 whose audio is checked, RFC 4733 key presses.
"""

import os
import sys
import time
import unittest

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import call_checks as cc  # noqa: E402
import harness as h  # noqa: E402
import phones  # noqa: E402
import sipp_calls as sc  # noqa: E402

BEEP_HZ = cc.VOICEMAIL_BEEP_HZ
MESSAGE_HZ = 700      # what the caller "says"


class VoicemailTest(cc.CallTest):

    def setUp(self):
        super().setUp()
        self.exts = [h.Extension('100'), h.Extension('101', voicemail=True),
                     h.Extension('102', voicemail=True)]

    def start(self, **kw):
        return self.call_server(self.exts, **kw)

    def mailbox(self, number='101'):
        return self.srv.ctl_json('voicemail', number)

    def leave_message(self, caller, dialled='101', seconds=3.0, end_with_key=True, context=''):
        """Calls `dialled`, which does not take the call; checks the greeting is spoken and the
        tone follows, then 'speaks' `seconds` of MESSAGE_HZ and presses # (or hangs up)."""
        final = caller.call(dialled)
        info = f'{caller.describe()}\n{context}\n{self.srv.diagnostics()}'
        self.assertEqual(final.status, 200, f'voicemail answers the call to {dialled}\n{info}')
        answered = time.monotonic()
        caller.rtp.muted = True
        beep = cc.wait_for_tone(caller, BEEP_HZ, answered, timeout=20)
        self.assertIsNotNone(beep, f'the tone after the greeting\n{caller.describe()}')
        self.assertGreater(cc.speech_seconds(caller, answered, beep), 2.0,
                           f'a spoken greeting before the tone\n{caller.describe()}')
        time.sleep(0.6)                         # the tone is 0.4 s
        caller.rtp.muted = False
        time.sleep(seconds)
        if not end_with_key:
            bye = caller.hangup()
            self.assertEqual(bye.status if bye else None, 200, caller.describe())
            return
        caller.rtp.muted = True
        caller.rtp.send_key('#')
        said = time.monotonic()
        bye = caller.wait_bye(15)
        self.assertIsNotNone(bye, f'voicemail hangs up after the goodbye\n{caller.describe()}')
        self.assertGreater(cc.speech_seconds(caller, said, time.monotonic()), 1.0,
                           f'"your message has been saved" is spoken\n{caller.describe()}')

    def reach_the_tone(self, caller, dialled='101', body=None):
        """Calls `dialled`, which voicemail answers, and waits for the tone after its greeting."""
        final = caller.call(dialled, body=body)
        self.assertEqual(final.status, 200, caller.describe())
        self.assertIsNotNone(cc.wait_for_tone(caller, BEEP_HZ, time.monotonic(), timeout=20), caller.describe())
        return final

    def assert_summary(self, body, waiting, new, old):
        self.assertIn(f'Messages-Waiting: {"yes" if waiting else "no"}', body, body)
        self.assertIn(f'Message-Account: sip:*97@{cc.DOMAIN}', body, body)
        self.assertIn(f'Voice-Message: {new}/{old} (0/0)', body, body)

    def test_message_for_an_unregistered_extension_lights_the_lamp_and_plays_back_on_star97(self):
        self.start()
        caller = self.rtp_phone('100', MESSAGE_HZ, register=False)
        self.leave_message(caller)
        record = self.wait_records()[0]
        self.assert_record(record, 'ANSWERED', hangup_side='system', context=caller.describe())
        messages = self.mailbox()
        self.assertEqual(len(messages), 1, messages)
        m = messages[0]
        self.assertEqual(str(m['caller']), '100')
        self.assertFalse(m['heard'])
        self.assertTrue(2500 <= m['duration_ms'] <= 4500, m)
        phones.assert_hears(m['file'], MESSAGE_HZ, min_seconds=2.5, min_share=0.6,
                            context='the stored message is what the caller sent')
        # The owner's phone registers and is told at once (a rebooted phone forgot).
        owner = self.rtp_phone('101', 440)
        self.assert_summary(owner.wait_mwi(1), True, 1, 0)
        self.assertEqual(self.srv.ctl_json('voicemail'),
                         [{'mailbox': '101', 'new': 1, 'old': 0}, {'mailbox': '102', 'new': 0, 'old': 0}])

        # *97: the count, the message (with who left it), then the menu.
        owner.rtp.muted = True
        final = owner.call('*97')
        self.assertEqual(final.status, 200, owner.describe())
        answered = time.monotonic()
        heard_tone = cc.wait_for_tone(owner, MESSAGE_HZ, answered, timeout=20, frames=50)
        self.assertIsNotNone(heard_tone, f'the message is played\n{owner.describe()}')
        self.assertGreater(cc.speech_seconds(owner, answered, heard_tone), 1.5,
                           f'the count and the header are spoken first\n{owner.describe()}')
        # Heard once it started: the lamp goes out.
        self.assert_summary(owner.wait_mwi(2), False, 0, 1)
        time.sleep(3.5)                         # the rest of the message, the menu begins
        owner.rtp.send_key('7')
        bye = owner.wait_bye(20)
        self.assertIsNotNone(bye, f'"deleted, no more messages, goodbye", then BYE\n{owner.describe()}')
        self.assert_summary(owner.wait_mwi(3), False, 0, 0)
        self.assertEqual(self.mailbox(), [])
        self.assertFalse(os.path.exists(m['file']), 'the deleted message file is gone')
        self.assertEqual(self.srv.ctl_json('voicemail')[0], {'mailbox': '101', 'new': 0, 'old': 0})
        self.assert_no_calls_left()
        self.srv.stop()

    def test_busy_callee_and_caller_hanging_up_keeps_the_message_across_a_restart(self):
        self.start()
        callee = self.rtp_phone('102', 440)
        caller = self.rtp_phone('100', MESSAGE_HZ, register=False)
        done = cc.Background(lambda: callee.reject(486, 'Busy Here', timeout=15))
        self.leave_message(caller, '102', seconds=2.5, end_with_key=False)
        done.result()
        messages = self.mailbox('102')
        self.assertEqual(len(messages), 1, f'{messages}\n{self.srv.diagnostics()}')
        self.assertTrue(2000 <= messages[0]['duration_ms'] <= 4000, messages)
        self.assert_summary(callee.wait_mwi(1), True, 1, 0)
        self.srv.stop()
        self.srv.start()
        self.assertEqual(self.mailbox('102'), messages, 'the message survives a restart')
        callee.register()
        self.assert_summary(callee.wait_mwi(2), True, 1, 0)
        self.srv.stop()

    def test_a_subscriber_is_told_in_its_subscription_and_not_also_out_of_it(self):
        self.start()
        owner = self.rtp_phone('101', 440)
        final, dialog = owner.subscribe_mwi(600)
        self.assertEqual(final.status if final else None, 200, owner.describe())
        self.assertEqual(final.get('Expires'), '600', final.text())
        body = owner.wait_mwi(1)
        self.assert_summary(body, False, 0, 0)
        first = owner.mwi[0][0]
        self.assertEqual(first.get('Subscription-State'), 'active;expires=600', first.text())
        self.assertEqual(first.get('Call-ID'), dialog['call_id'], 'the NOTIFY is in the subscription\'s dialog')
        # Someone else's mailbox, or an unknown event package, is refused.
        other = self.rtp_phone('102', 440)
        refused, _ = other.subscribe_mwi(600, target=f'sip:101@{cc.DOMAIN}')
        self.assertEqual(refused.status if refused else None, 403, other.describe())

        caller = self.rtp_phone('100', MESSAGE_HZ, register=False)
        self.leave_message(caller)
        lit = owner.wait_mwi(2)
        self.assert_summary(lit, True, 1, 0)
        self.assertEqual(owner.mwi[1][0].get('Call-ID'), dialog['call_id'], owner.describe())
        time.sleep(1)
        self.assertEqual(len(owner.mwi), 2, 'no unsolicited NOTIFY besides the subscription\'s\n'
                         + owner.describe())
        # A refresh keeps it (and says the state again); Expires 0 ends it with a final NOTIFY.
        final, dialog = owner.subscribe_mwi(120, dialog)
        self.assertEqual(final.status if final else None, 200, owner.describe())
        self.assertEqual(final.get('Expires'), '120')
        owner.wait_mwi(3)
        final, dialog = owner.subscribe_mwi(0, dialog)
        self.assertEqual(final.status if final else None, 200, owner.describe())
        owner.wait_mwi(4)
        self.assertTrue(owner.mwi[3][0].get('Subscription-State', '').startswith('terminated'), owner.describe())
        # Ended: the next change reaches the phone unsolicited again, as it would a Cisco 79x0.
        self.leave_message(caller)
        self.assert_summary(owner.wait_mwi(5), True, 2, 0)
        self.assertNotEqual(owner.mwi[4][0].get('Call-ID'), dialog['call_id'])
        self.srv.stop()

    def test_a_message_being_left_when_the_server_stops_is_kept(self):
        self.start()
        caller = self.rtp_phone('100', MESSAGE_HZ, register=False)
        self.reach_the_tone(caller)
        time.sleep(2.5)
        self.srv.stop()                         # SIGTERM mid-message: the call ends, the words stay
        self.assertIsNotNone(caller.wait_bye(5), 'the caller is told the call ended\n' + caller.describe())
        self.srv.start()
        messages = self.mailbox()
        self.assertEqual(len(messages), 1, self.srv.diagnostics())
        self.assertTrue(1500 <= messages[0]['duration_ms'] <= 3500, messages)
        self.srv.stop()

    def test_a_phone_without_telephone_event_ends_its_message_with_an_in_band_pound(self):
        self.start()
        caller = self.rtp_phone('100', MESSAGE_HZ, register=False)
        # Its offer names no telephone-event: its keys can only be heard in its audio.
        offer = '\r\n'.join(line for line in caller.sdp().split('\r\n') if 'telephone-event' not in line
                             and not line.startswith('a=fmtp:101')).replace(' 101\r\n', '\r\n')
        self.assertNotIn('101', offer.split('m=audio')[1].split('\r\n')[0])
        final = self.reach_the_tone(caller, body=offer)
        self.assertNotIn(b'telephone-event', final.body, 'the answer offers no events either')
        time.sleep(3)
        caller.rtp.send_tone_key('#')
        time.sleep(0.2)
        caller.rtp.muted = True
        self.assertIsNotNone(caller.wait_bye(15), f'# heard in the audio ends the message\n{caller.describe()}')
        messages = self.mailbox()
        self.assertEqual(len(messages), 1, self.srv.diagnostics())
        self.assertTrue(2500 <= messages[0]['duration_ms'] <= 4500, messages)
        self.srv.stop()

    def test_a_hang_up_at_the_tone_leaves_no_message_and_star97_without_a_mailbox_is_404(self):
        self.start()
        caller = self.rtp_phone('100', MESSAGE_HZ, register=False)
        self.reach_the_tone(caller)
        bye = caller.hangup()
        self.assertEqual(bye.status if bye else None, 200, caller.describe())
        self.wait_records()
        self.assertEqual(self.mailbox(), [], 'nothing kept from a caller who said nothing')
        final = caller.call('*97', start_media=False)
        self.assertEqual(final.status, 404, f'100 has no mailbox\n{caller.describe()}')
        self.srv.stop()


def tone_seconds(wav_path, hz, window=0.1, share=0.6):
    """Seconds of `wav_path` (in `window` steps) in which `hz` holds at least `share` of the sound."""
    rate, samples = phones.read_wav(wav_path)
    n = int(rate * window)
    hits = sum(1 for start in range(0, len(samples) - n + 1, n)
               if phones._goertzel_share(samples, start, n, rate, hz) >= share)
    return hits * window


class VoicemailWithBaresip(cc.CallTest):
    """Real softphones: baresip sending Opus leaves the message, baresip on G.722 hears it."""

    def test_opus_caller_leaves_a_message_that_a_g722_phone_hears_on_star97(self):
        exts = {'100': h.Extension('100'), '101': h.Extension('101', voicemail=True)}
        self.call_server(list(exts.values()))
        made = []

        def phone(number, hz, codecs):
            ph = phones.Baresip(os.path.join(self.workdir, f'phone{number}'), number, server_port=self.srv.port,
                                password=exts[number].secret, domain=cc.DOMAIN, tone_hz=hz, codecs=codecs)
            made.append(ph)
            self.addCleanup(ph.stop)
            ph.start()
            ph.wait_registered(10)
            return ph

        def context():
            return '\n'.join(p.describe() for p in made) + '\n' + self.srv.diagnostics()

        caller = phone('100', MESSAGE_HZ, ('opus',))
        since = caller.dial('101')                       # 101 is not registered
        caller.wait_established(since, timeout=10)
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline and not any(
                c.get('state') == 'up' for c in self.srv.ctl_json('calls')):
            time.sleep(0.2)
        time.sleep(14)                                   # greeting, tone, then about 4 s of tone
        ended = caller.hangup()
        caller.wait_closed(ended, timeout=5)
        messages = []
        deadline = time.monotonic() + 5
        while not messages and time.monotonic() < deadline:
            messages = self.srv.ctl_json('voicemail', '101')
            time.sleep(0.2)
        self.assertEqual(len(messages), 1, context())
        self.assertGreater(messages[0]['duration_ms'], 2000, messages)
        phones.assert_hears(messages[0]['file'], MESSAGE_HZ, min_seconds=2.0, min_share=0.6,
                            context='the Opus caller\'s tone is in the message\n' + context())

        owner = phone('101', 440, ('G722',))
        since = owner.dial('*97')
        owner.wait_established(since, timeout=10)
        # Count, message, menu, a pause, goodbye: voicemail hangs up by itself.
        owner.wait_closed(since, timeout=60)
        time.sleep(0.3)
        heard = tone_seconds(owner.last_recording('dec'), MESSAGE_HZ)
        self.assertGreater(heard, 1.5, f'the G.722 phone hears the message ({heard:.1f} s of it)\n{context()}')
        self.assertEqual(self.srv.ctl_json('voicemail'), [{'mailbox': '101', 'new': 0, 'old': 1}])
        self.srv.stop()


class VoicemailWithSipp(cc.CallTest):

    def test_sipp_leaves_its_recording_and_ends_the_message_with_pound(self):
        exts = [h.Extension('100'), h.Extension('101', voicemail=True)]
        self.call_server(exts)
        result = sc.run_caller(self.workdir, self.srv.target, 'uac-voicemail-deposit.xml', '100', exts[0].secret,
                               '101', cc.DOMAIN, timeout=60)
        info = result.describe() + '\n' + self.srv.diagnostics()
        self.assertEqual((result.successful, result.failed), (1, 0), info)
        messages = self.srv.ctl_json('voicemail', '101')
        self.assertEqual(len(messages), 1, info)
        # g711a.pcap lasts 7.08 s; '#' follows it, and Switchboard stops recording there.
        self.assertTrue(6500 <= messages[0]['duration_ms'] <= 7800, f'{messages}\n{info}')
        self.assertGreater(phones.rms_level(messages[0]['file'], skip=0.5), 300,
                           'the message holds what sipp sent, not silence')
        record = self.wait_records()[0]
        self.assert_record(record, 'ANSWERED', dialled='101', hangup_side='system', context=info)
        self.srv.stop()


if __name__ == '__main__':
    unittest.main()
