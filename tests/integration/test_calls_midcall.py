# SPDX-License-Identifier: MIT
"""What happens inside an answered call (decision 0006: Switchboard answers each leg's re-INVITE
itself): hold with a=sendonly, a=inactive or the Cisco c=0.0.0.0 and resume, with music on hold
for the held phone and none of the holder's audio reaching it; a re-INVITE that moves a phone's
media to a new port; both phones hanging up at the same moment; session timers (RFC 4028).

Phones: rtp_phone.RtpPhone (hand-made SIP and G.711, every packet timed) for both ends, and a
baresip phone as the held party, whose recording must hold music, not the holder's tone, while
held, and the holder's tone again after the resume.
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

DOMAIN = cc.DOMAIN
# Neither tone is a note of the built-in music (260 Hz..1.2 kHz, second harmonics up to 2.35 kHz).
HOLDER_HZ = 1500
HELD_HZ = 2700
TALK = 2.0          # seconds of two-way audio before the hold and after the resume
HOLD = 3.5          # seconds on hold
SETTLE = 0.5        # seconds after a re-INVITE's 200 before the audio must have changed
PACKET = 0.02


class MidCallTest(cc.CallTest):

    def setUp(self):
        super().setUp()
        self.exts = [h.Extension(n) for n in ('100', '101', '102')]
        self.baresips = []

    def tearDown(self):
        for ph in self.baresips:
            ph.stop()
        super().tearDown()

    def start_server(self, **kw):
        return self.call_server(self.exts, **kw)

    def connect(self, caller_hz=HOLDER_HZ, callee_hz=HELD_HZ, caller=None, callee=None):
        """An answered call from RtpPhone 100 to RtpPhone 101 (new ones unless given); returns
        (caller, callee, relay port of the caller's leg, relay port of the callee's leg)."""
        caller = caller or self.rtp_phone('100', caller_hz, register=False)
        callee = callee or self.rtp_phone('101', callee_hz)
        answering = cc.Background(callee.answer, 10)
        final = caller.call('101')
        invite = answering.result(15)
        info = caller.describe() + '\n' + callee.describe()
        self.assertEqual(final.status, 200, info)
        caller_port = self.assert_relay_sdp(final.body, info)
        callee_port = self.assert_relay_sdp(invite.body, info)
        return caller, callee, caller_port, callee_port

    def hang_up(self, caller, callee, info):
        bye = caller.hangup()
        self.assertEqual(bye.status if bye else None, 200, 'BYE answered\n' + info())
        self.assertIsNotNone(callee.wait_bye(5), 'the BYE reaches the other phone\n' + info())
        record = self.wait_records()[0]
        self.assert_record(record, 'ANSWERED', hangup_side='caller', context=info())
        self.assert_no_calls_left()
        return record

    def assert_reinvite_answer(self, response, relay_port, direction, who, info):
        """A re-INVITE's 200: our relay (same address and port as before) and the direction
        RFC 3264 §6.1 asks for; `direction` may be a tuple of acceptable ones."""
        self.assertIsNotNone(response, f'no answer to {who}\'s re-INVITE\n{info()}')
        self.assertEqual(response.status, 200, f'{who}\'s re-INVITE\n{response.text()}\n{info()}')
        port = self.assert_relay_sdp(response.body, f'{who}\'s re-INVITE answer\n{info()}')
        self.assertEqual(port, relay_port, f'the relay port of {who}\'s leg stays the same\n'
                         f'{response.text()}')
        wanted = direction if isinstance(direction, tuple) else (direction,)
        got = cc.sdp_direction(response.body)
        self.assertIn(got, wanted, f'direction in the answer to {who}\'s re-INVITE (RFC 3264 '
                      f'§6.1)\n{response.text()}')

    def assert_tone(self, phone, start, end, want_hz, not_hz, label, info, stream=None):
        stream = stream or phone.rtp
        path = stream.write_window(os.path.join(self.workdir, f'{label}.wav'), start, end)
        got = cc.share_between(path, want_hz, 0)
        other = cc.share_between(path, not_hz, 0)
        packets = len(stream.packets_between(start, end))
        detail = (f'{label}: {phone.name} between {start - self.t0:.1f} and {end - self.t0:.1f} s: '
                  f'{packets} packets, {cc.describe_part(path, 0, None, (want_hz, not_hz))}, '
                  f'dominant {phones.dominant_tones(path, skip=0) if packets else []}')
        self.assertGreater(packets, 0.7 * (end - start) / PACKET, f'{detail}\n{info()}')
        self.assertGreater(got, 0.5, f'{want_hz} Hz should be heard: {detail}\n{info()}')
        self.assertLess(other, 0.15, f'{not_hz} Hz should not be heard: {detail}\n{info()}')

    def assert_music(self, phone, start, end, not_hz, label, info):
        """Music on hold: packets keep coming from the relay, loud enough, and not `not_hz`."""
        path = phone.rtp.write_window(os.path.join(self.workdir, f'{label}.wav'), start, end)
        packets = phone.rtp.packets_between(start, end)
        sources = sorted({p[1] for p in packets})
        detail = (f'{label}: {phone.name} on hold between {start - self.t0:.1f} and '
                  f'{end - self.t0:.1f} s: {len(packets)} packets from {sources}, '
                  f'{cc.describe_part(path, 0, None, not_hz)}, '
                  f'dominant {phones.dominant_tones(path, skip=0) if packets else []}')
        self.assertGreater(len(packets), 0.7 * (end - start) / PACKET,
                           f'the held phone should hear music on hold: {detail}\n{info()}')
        self.assertEqual(sources, [phone.media_target],
                         f'music comes from the held phone\'s relay port: {detail}\n{info()}')
        self.assertGreater(cc.rms_between(path, 0), 300,
                           f'music on hold should not be silence: {detail}\n{info()}')
        for hz in not_hz:
            self.assertLess(cc.share_between(path, hz, 0), 0.15,
                            f'{hz} Hz must not reach the held phone: {detail}\n{info()}')

    def assert_nothing(self, phone, start, end, label, info, why=''):
        packets = phone.rtp.packets_between(start, end, audio_only=False)
        if not packets:
            return
        sources = sorted({p[1] for p in packets})
        path = phone.rtp.write_window(os.path.join(self.workdir, f'{label}.wav'), start, end)
        self.fail(f'{label}: {phone.name} should receive no RTP between {start - self.t0:.1f} '
                  f'and {end - self.t0:.1f} s ({why}), got {len(packets)} packets from '
                  f'{sources}: {cc.describe_part(path, 0, None, (HOLDER_HZ, HELD_HZ))}, '
                  f'dominant {phones.dominant_tones(path, skip=0)}\n{info()}')


class HoldAndResume(MidCallTest):

    def test_hold_with_sendonly_plays_music_to_the_held_phone_and_resume_restores_audio(self):
        self.start_server()
        caller, callee, caller_port, _ = self.connect()
        self.t0 = time.monotonic()
        info = lambda: caller.describe() + '\n' + callee.describe()  # noqa: E731
        time.sleep(TALK)
        t_hold_sent = time.monotonic()
        held = caller.reinvite('sendonly')
        t_hold = time.monotonic()
        self.assert_reinvite_answer(held, caller_port, 'recvonly', 'the holder (a=sendonly)', info)
        calls = self.srv.ctl_json('calls')
        self.assertEqual([c.get('state') for c in calls], ['up'], f'ctl calls on hold: {calls}')
        time.sleep(HOLD)
        t_resume_sent = time.monotonic()
        resumed = caller.reinvite('sendrecv')
        t_resume = time.monotonic()
        self.assert_reinvite_answer(resumed, caller_port, 'sendrecv', 'the holder (resume)', info)
        time.sleep(TALK)
        t_end = time.monotonic()

        self.assert_tone(callee, self.t0 + SETTLE, t_hold_sent, HOLDER_HZ, HELD_HZ,
                         'held-before', info)
        self.assert_tone(caller, self.t0 + SETTLE, t_hold_sent, HELD_HZ, HOLDER_HZ,
                         'holder-before', info)
        # The holder keeps sending (a=sendonly says it may): none of it reaches the held phone.
        self.assert_music(callee, t_hold + SETTLE, t_resume_sent, (HOLDER_HZ, HELD_HZ),
                          'held-during', info)
        self.assert_tone(callee, t_resume + SETTLE, t_end, HOLDER_HZ, HELD_HZ, 'held-after', info)
        self.assert_tone(caller, t_resume + SETTLE, t_end, HELD_HZ, HOLDER_HZ, 'holder-after',
                         info)
        self.hang_up(caller, callee, info)
        self.srv.stop()
        # Our answer said recvonly: we send the holder nothing (RFC 3264 §6.1, §5.1), so the
        # held party's room is not heard on the holder's phone.
        self.assert_nothing(caller, t_hold + SETTLE, t_resume_sent, 'holder-during', info,
                            'the answer to its a=sendonly said a=recvonly')

    def test_cisco_hold_with_address_zero_silences_the_holder_and_plays_music(self):
        # The callee holds the RFC 2543 way (c=IN IP4 0.0.0.0, no direction attribute, as a
        # Cisco 7960 does) and stops sending; the caller is the held party.
        self.start_server()
        # The callee (101) is the holder here: it sends HOLDER_HZ.
        caller, callee, _, callee_port = self.connect(caller_hz=HELD_HZ, callee_hz=HOLDER_HZ)
        self.t0 = time.monotonic()
        info = lambda: caller.describe() + '\n' + callee.describe()  # noqa: E731
        time.sleep(TALK)
        t_hold_sent = time.monotonic()
        held = callee.reinvite(direction=None, address='0.0.0.0')
        callee.rtp.muted = True
        t_hold = time.monotonic()
        # Offer sendrecv (by default) -> answer sendrecv, recvonly or inactive are all fine.
        self.assert_reinvite_answer(held, callee_port, ('sendrecv', 'recvonly', 'inactive'),
                                    'the holder (c=0.0.0.0)', info)
        self.assertNotIn('0.0.0.0', held.body.decode(errors='replace'),
                         f'the answer names our relay, not the hold address\n{held.text()}')
        time.sleep(HOLD)
        t_resume_sent = time.monotonic()
        resumed = callee.reinvite(direction=None)
        callee.rtp.muted = False
        t_resume = time.monotonic()
        self.assert_reinvite_answer(resumed, callee_port, 'sendrecv', 'the holder (resume)', info)
        time.sleep(TALK)
        t_end = time.monotonic()

        self.assert_tone(caller, self.t0 + SETTLE, t_hold_sent, HOLDER_HZ, HELD_HZ,
                         'held-before', info)
        self.assert_tone(callee, self.t0 + SETTLE, t_hold_sent, HELD_HZ, HOLDER_HZ,
                         'holder-before', info)
        self.assert_music(caller, t_hold + SETTLE, t_resume_sent, (HOLDER_HZ, HELD_HZ),
                          'held-during', info)
        # 0.0.0.0 is "send me nothing": not the other phone's audio, not anything.
        self.assert_nothing(callee, t_hold + SETTLE, t_resume_sent, 'holder-during', info,
                            'it holds with c=IN IP4 0.0.0.0')
        self.assert_tone(caller, t_resume + SETTLE, t_end, HOLDER_HZ, HELD_HZ, 'held-after', info)
        self.assert_tone(callee, t_resume + SETTLE, t_end, HELD_HZ, HOLDER_HZ, 'holder-after',
                         info)
        self.hang_up(caller, callee, info)
        self.srv.stop()

    def test_baresip_held_with_inactive_hears_music_then_the_holder_again(self):
        self.start_server()
        held = phones.Baresip(os.path.join(self.workdir, 'phone101'), '101',
                              server_port=self.srv.port, password=self.exts[1].secret,
                              domain=DOMAIN, tone_hz=HELD_HZ, codecs=('PCMU',),
                              name=f'baresip 101 ({HELD_HZ} Hz)')
        self.baresips.append(held)
        held.start()
        held.wait_registered(10)
        self.wait_until(lambda: self.srv.registrations_of('101'), 5,
                        message='extension 101 registered')
        holder = self.rtp_phone('100', HOLDER_HZ, register=False)
        mark = held.mark()
        final = holder.call('101')
        info = lambda: holder.describe() + '\n' + held.describe()  # noqa: E731
        self.assertEqual(final.status, 200, info())
        caller_port = self.assert_relay_sdp(final.body, info())
        established = held.wait_established(mark, timeout=5)['at']
        self.t0 = time.monotonic()
        time.sleep(TALK + 0.5)
        t_hold_sent = time.monotonic()
        answer = holder.reinvite('inactive')
        t_hold = time.monotonic()
        self.assert_reinvite_answer(answer, caller_port, 'inactive', 'the holder (a=inactive)',
                                    info)
        time.sleep(HOLD + 0.5)
        t_resume_sent = time.monotonic()
        answer = holder.reinvite('sendrecv')
        t_resume = time.monotonic()
        self.assert_reinvite_answer(answer, caller_port, 'sendrecv', 'the holder (resume)', info)
        time.sleep(TALK + 0.5)
        t_end = time.monotonic()
        mark = held.mark()
        bye = holder.hangup()
        self.assertEqual(bye.status if bye else None, 200, info())
        held.wait_closed(mark, timeout=5)
        time.sleep(0.3)            # sndfile closes its WAV as the audio stops

        # baresip's recording starts with the call's audio, about when it saw the call set up;
        # a margin of a second on each side of every change absorbs that.
        wav = held.last_recording('dec')
        at = lambda t: t - established  # noqa: E731
        parts = {
            'before the hold': (at(self.t0) + 0.5, at(t_hold_sent) - 0.5),
            'on hold': (at(t_hold) + 1.0, at(t_resume_sent) - 0.5),
            'after the resume': (at(t_resume) + 1.0, at(t_end) - 0.5),
        }
        report = '\n'.join(f'{name}: {cc.describe_part(wav, s, e, (HOLDER_HZ, HELD_HZ))}'
                           for name, (s, e) in parts.items())
        ctx = f'baresip\'s recording {wav}:\n{report}\n{info()}'
        self.assertIsNotNone(wav, 'baresip recorded nothing\n' + info())
        self.assertGreater(phones.duration(wav), at(t_end) - 1.5,
                           'the recording covers the whole call\n' + ctx)
        for name in ('before the hold', 'after the resume'):
            s, e = parts[name]
            self.assertGreater(cc.share_between(wav, HOLDER_HZ, s, e), 0.5,
                               f'{name}: the held phone hears the holder\'s {HOLDER_HZ} Hz\n{ctx}')
        s, e = parts['on hold']
        self.assertLess(cc.share_between(wav, HOLDER_HZ, s, e), 0.15,
                        f'on hold: the holder\'s {HOLDER_HZ} Hz must not be heard\n{ctx}')
        self.assertGreater(cc.rms_between(wav, s, e), 300,
                           f'on hold: music, not silence\n{ctx}')
        self.assert_record(self.wait_records()[0], 'ANSWERED', hangup_side='caller',
                           context=info())
        self.assert_no_calls_left()
        self.srv.stop()
        # a=inactive both ways: the relay sends the holder nothing (RFC 3264 §6.1).
        self.assert_nothing(holder, t_hold + SETTLE, t_resume_sent, 'holder-during', info,
                            'the answer to its a=inactive said a=inactive')


class MovedMedia(MidCallTest):

    def check_move(self, mover_is_callee, payload_type=None):
        self.start_server()
        caller, callee, caller_port, callee_port = self.connect(caller_hz=440, callee_hz=1000)
        self.t0 = time.monotonic()
        info = lambda: caller.describe() + '\n' + callee.describe()  # noqa: E731
        mover, other = (callee, caller) if mover_is_callee else (caller, callee)
        relay_port = callee_port if mover_is_callee else caller_port
        old_hz, new_hz = mover.rtp.tone_hz, 1700
        time.sleep(TALK)
        t_move_sent = time.monotonic()
        final, old = mover.move_media(tone_hz=new_hz, payload_type=payload_type)
        t_move = time.monotonic()
        self.assert_reinvite_answer(final, relay_port, 'sendrecv',
                                    f'{mover.name} (new port {mover.rtp.port})', info)
        if payload_type is not None:
            name = {0: 'PCMU', 8: 'PCMA'}[payload_type]
            self.assertEqual(cc.sdp_codecs(final.body)[0], name, f'the answer keeps to the only '
                             f'codec offered\n{final.text()}')
        time.sleep(TALK + 1)
        t_end = time.monotonic()
        self.assert_tone(other, self.t0 + SETTLE, t_move_sent, old_hz, new_hz, 'other-before',
                         info)
        # The other phone now hears what the new port sends, and the new port hears it.
        self.assert_tone(other, t_move + SETTLE, t_end, new_hz, old_hz, 'other-after', info)
        self.assert_tone(mover, t_move + SETTLE, t_end, other.rtp.tone_hz, new_hz,
                         'mover-new-port', info)
        # Packets the phone sent from its old port just before moving may reach the relay after
        # our answer and latch it back there; the relay follows the new port once the old one has
        # been silent for the latch policy's 1 s (media/rtp/source_latch.h).
        late = old.packets_between(t_move + SETTLE + 1.0, t_end, audio_only=False)
        self.assertEqual(len(late), 0, f'the old port {old.port} still gets {len(late)} packets '
                         f'{SETTLE} s after the move\n{info()}')
        self.assertEqual(mover.rtp.sources, {mover.media_target},
                         f'the new port hears only the relay\n{info()}')
        if payload_type is not None:
            got = {p[2] for p in mover.rtp.packets_between(t_move + SETTLE, t_end)}
            self.assertEqual(got, {payload_type}, f'the mover gets its new codec\n{info()}')
            got = {p[2] for p in other.rtp.packets_between(t_move + SETTLE, t_end)}
            self.assertEqual(got, {0}, f'the other phone keeps PCMU: transcoded\n{info()}')
            calls = self.srv.ctl_json('calls')
            key = 'callee_codec' if mover_is_callee else 'caller_codec'
            self.assertEqual([str(c.get(key)).upper() for c in calls], ['PCMA'], calls)
        self.hang_up(caller, callee, info)
        self.srv.stop()

    def test_callee_reinvite_with_a_new_port_moves_its_audio(self):
        self.check_move(mover_is_callee=True)

    def test_caller_reinvite_with_a_new_port_moves_its_audio(self):
        self.check_move(mover_is_callee=False)

    def test_reinvite_offering_only_another_codec_is_transcoded(self):
        # Both start on PCMU; the caller moves to PCMA only: Switchboard transcodes rather than
        # renegotiating with the callee (decision 0006).
        self.check_move(mover_is_callee=False, payload_type=8)


class UnsupportedInDialog(MidCallTest):

    def test_a_method_the_call_does_not_take_gets_405_with_allow_and_the_call_goes_on(self):
        self.start_server()
        caller, callee, _, _ = self.connect(440, 1000)
        info = lambda: caller.describe() + '\n' + callee.describe()  # noqa: E731
        # RFC 3261 §8.2.1: a method we know but do not take in a call's dialog is 405 with Allow.
        cseq = caller.dialog['cseq'] + 1
        caller.dialog['cseq'] = cseq
        caller._send(caller._in_dialog('SUBSCRIBE', cseq, extra=['Event: dialog', 'Expires: 60']))
        response = caller.wait_response(caller.dialog['call_id'], cseq)
        self.assertEqual(response.status if response else None, 405, info())
        self.assertIn('BYE', response.get('Allow', ''), response.text())
        self.assertEqual(len(self.srv.ctl_json('calls')), 1, 'the call goes on\n' + info())
        self.hang_up(caller, callee, info)


class EndedByTheServer(MidCallTest):

    def test_call_whose_audio_stops_is_hung_up_after_rtp_timeout(self):
        self.start_server(rtp={'rtp_timeout': 5})
        caller, callee, _, _ = self.connect(440, 1000)
        info = lambda: caller.describe() + '\n' + callee.describe()  # noqa: E731
        time.sleep(1)
        caller.rtp.muted = callee.rtp.muted = True
        silent = time.monotonic()
        ended = [cc.Background(ph.wait_bye, 17) for ph in (caller, callee)]
        byes = [e.result(20) for e in ended]
        took = time.monotonic() - silent
        self.assertTrue(all(byes), f'BYE to both phones after {took:.1f} s of silence\n{info()}')
        self.assertGreater(took, 4, f'hung up after only {took:.1f} s (rtp_timeout 5)\n{info()}')
        self.assertLess(took, 12, f'hung up after {took:.1f} s (rtp_timeout 5, checked every '
                        f'5 s)\n{info()}')
        self.assert_record(self.wait_records()[0], 'ANSWERED', hangup_side='system',
                           context=info())
        self.assert_no_calls_left()
        self.srv.stop()

    def test_call_on_hold_is_not_hung_up_for_missing_audio(self):
        self.start_server(rtp={'rtp_timeout': 5})
        caller, callee, caller_port, _ = self.connect(440, 1000)
        info = lambda: caller.describe() + '\n' + callee.describe()  # noqa: E731
        held = caller.reinvite('inactive')
        self.assertEqual(held.status if held else None, 200, info())
        caller.rtp.muted = callee.rtp.muted = True
        time.sleep(12)
        self.assertEqual(caller.byes + callee.byes, [], 'a held call is not hung up for '
                         'silence\n' + info())
        self.assertIsNone(callee.wait_bye(0.2), 'a held call is not hung up for silence\n'
                          + info())
        calls = self.srv.ctl_json('calls')
        self.assertEqual([c.get('state') for c in calls], ['up'], calls)
        caller.rtp.muted = callee.rtp.muted = False
        resumed = caller.reinvite('sendrecv')
        self.assertEqual(resumed.status if resumed else None, 200, info())
        time.sleep(1)
        self.hang_up(caller, callee, info)
        self.srv.stop()

    def test_max_call_length_ends_the_call_from_the_server(self):
        self.start_server(sip={'max_call_length': 3})
        caller, callee, _, _ = self.connect(440, 1000)
        started = time.monotonic()
        info = lambda: caller.describe() + '\n' + callee.describe()  # noqa: E731
        ended = [cc.Background(ph.wait_bye, 10) for ph in (caller, callee)]
        byes = [e.result(12) for e in ended]
        took = time.monotonic() - started
        self.assertTrue(all(byes), f'BYE to both phones\n{info()}')
        self.assertLess(took, 5, f'ended after {took:.1f} s (max_call_length 3)\n{info()}')
        self.assert_record(self.wait_records()[0], 'ANSWERED', hangup_side='system',
                           context=info())
        self.assert_no_calls_left()
        self.srv.stop()


class ByeRace(MidCallTest):

    ROUNDS = 6

    def test_both_phones_hanging_up_at_once_leave_one_record_and_no_call(self):
        self.start_server()
        caller = self.rtp_phone('100', 440, register=False)
        callee = self.rtp_phone('101', 1000)
        for n in range(self.ROUNDS):
            self.connect(caller=caller, callee=callee)
            info = lambda: caller.describe() + '\n' + callee.describe()  # noqa: E731
            time.sleep(0.3)
            caller_bye, callee_bye = caller.bye_text(), callee.bye_text()
            first, second = (caller, callee) if n % 2 == 0 else (callee, caller)
            texts = {caller: caller_bye, callee: callee_bye}
            first.send_raw(texts[first])
            second.send_raw(texts[second])
            waits = {ph: cc.Background(ph.wait_response, ph.dialog['call_id'], ph.dialog['cseq'],
                                       texts[ph], 8) for ph in (caller, callee)}
            for ph, wait in waits.items():
                answer = wait.result(12)
                self.assertIsNotNone(answer, f'round {n}: {ph.name}\'s BYE got no answer\n'
                                     f'{info()}')
                self.assertIn(answer.status, (200, 481), f'round {n}: {ph.name}\'s BYE\n'
                              f'{answer.text()}\n{info()}')
            records = self.wait_records(count=n + 1)
            time.sleep(0.5)
            records = self.records()
            self.assertEqual(len(records), n + 1, f'round {n}: one call record per call: '
                             f'{records}\n{info()}')
            self.assert_record(records[0], 'ANSWERED', context=f'round {n}\n{info()}')
            self.assertIn(records[0]['hangup_side'], ('caller', 'callee'), records[0])
            self.assert_no_calls_left()
            self.assert_server_alive(context=info())
        self.srv.stop()


class SessionTimers(MidCallTest):

    def test_short_session_interval_gets_422_and_90_seconds_is_accepted_and_refreshed(self):
        self.start_server()
        caller = self.rtp_phone('100', 440, register=False)
        callee = self.rtp_phone('101', 1000)
        info = lambda: caller.describe() + '\n' + callee.describe()  # noqa: E731
        for short in (30, 89):
            final = caller.call('101', extra=[f'Session-Expires: {short}', 'Supported: timer'],
                                start_media=False)
            self.assertEqual(final.status, 422, f'Session-Expires: {short} (RFC 4028 §6)\n'
                             f'{final.text()}\n{info()}')
            self.assertEqual(final.get('Min-SE', '').split(';')[0].strip(), '90',
                             f'422 names Min-SE: 90\n{final.text()}')
        answering = cc.Background(callee.answer, 10)
        final = caller.call('101', extra=['Session-Expires: 90;refresher=uac',
                                          'Supported: timer'])
        answering.result(15)
        self.assertEqual(final.status, 200, info())
        invites = [m for d, m in callee.log if d == '<-' and m.is_request and m.method == 'INVITE']
        self.assertEqual(len(invites), 1, 'the refused INVITEs never rang the callee\n' + info())
        self.assertEqual(h.header_params(final.get('Session-Expires', '')).get('refresher'),
                         'uac', f'refresher=uac in the 200 (RFC 4028 §9)\n{final.text()}')
        self.assertEqual(final.get('Session-Expires', '').split(';')[0].strip(), '90',
                         final.text())
        self.assertIn('timer', [v.lower() for v in final.values('Require')],
                      f'Require: timer in the 200\n{final.text()}')
        time.sleep(1)
        refresh = caller.reinvite('sendrecv', extra=['Session-Expires: 90;refresher=uac',
                                                     'Supported: timer'])
        self.assertIsNotNone(refresh, 'no answer to the refreshing re-INVITE\n' + info())
        self.assertEqual(refresh.status, 200, f'{refresh.text()}\n{info()}')
        self.assertEqual(refresh.get('Session-Expires', '').split(';')[0].strip(), '90',
                         f'the refresh is answered with Session-Expires (RFC 4028 §9)\n'
                         f'{refresh.text()}')
        self.assertEqual(h.header_params(refresh.get('Session-Expires', '')).get(
            'refresher'), 'uac', refresh.text())
        self.hang_up(caller, callee, info)
        self.srv.stop()


if __name__ == '__main__':
    unittest.main(verbosity=2)
