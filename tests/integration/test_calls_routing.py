# SPDX-License-Identifier: MIT
"""Where a call goes, and the calls Switchboard answers itself: ring groups ([[ring_group]] ringall
and hunt, skipping busy, unregistered and unanswered members, the no_answer number), forwarding
(on busy from [[extension]], do not disturb, the FreePBX feature codes *78/*79, *72/*73, *90/*91,
*52/*53 set from a phone and kept across a restart), call pickup (**<ext> and *8) and the *43 echo
test.

Callers and pickers are rtp_phone.RtpPhone (hand-made SIP and G.711 whose audio is checked);
callees are sipp (tests/scenarios/sipp/uas-*.xml) registered as extensions.
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
CONFIRM_HZ = (660, 880)     # a feature code that took effect: two rising beeps
REFUSE_HZ = (480, 350)      # one that did not
HANGUP_AFTER = 3            # seconds Switchboard lets the beeps play before its BYE


class RoutingTest(cc.CallTest):

    def setUp(self):
        super().setUp()
        self.exts = [h.Extension(n) for n in ('100', '101', '102', '103', '104', '105')]

    def start_server(self, extension_keys=None, groups=(), **kw):
        """The server with extensions 100-105, `extension_keys` ({number: {key: value}}) added to
        their [[extension]] tables and `groups` (dicts for cc.add_ring_group) appended."""
        srv = self.call_server(self.exts, start=False, **kw)
        for number, keys in (extension_keys or {}).items():
            cc.add_extension_keys(srv, number, **keys)
        for group in groups:
            cc.add_ring_group(srv, **group)
        return srv.start()

    def caller(self, number='100', tone_hz=440):
        return self.rtp_phone(number, tone_hz, register=False)

    def explain(self, *parties):
        parts = []
        for p in parties:
            parts.append(p.describe())
        return '\n'.join(parts)

    def assert_answered_by(self, final, answering, others=(), dialled='101', callee=None,
                           caller='100', phone=None):
        """The call was answered by sipp callee `answering` (extension `callee`), its record says
        so; the caller hangs up. `others` are callees that must not be in the call."""
        parties = ([phone] if phone else []) + [answering] + list(others)
        info = self.explain(*parties)
        self.assertIsNotNone(final, info)
        self.assertEqual(final.status, 200, f'the call to {dialled} is answered\n{final.text()}'
                         f'\n{info}')
        self.assertEqual(len(answering.invites()), 1, f'{callee} got the call\n{info}')
        if phone is not None:
            bye = phone.hangup()
            self.assertEqual(bye.status if bye else None, 200, self.explain(*parties))
        self.assertIsNotNone(answering.wait_for_request('BYE', 5),
                             'the BYE reaches the phone that answered\n' + self.explain(*parties))
        record = self.wait_records()[0]
        self.assert_record(record, 'ANSWERED', caller=caller, dialled=dialled, callee=callee,
                           hangup_side='caller', context=self.explain(*parties))
        self.assert_no_calls_left()
        return record

    def dial_code(self, phone, code, status=200, tone=CONFIRM_HZ, context=''):
        """Dials a feature code: `status` 200 means answered, the beeps of `tone` heard, then
        Switchboard's BYE about HANGUP_AFTER seconds later. Returns the final response."""
        final = phone.call(code, start_media=(status == 200))
        info = f'{phone.describe()}\n{context}'
        self.assertEqual(final.status, status, f'{code}: {final.start_line}\n{info}')
        if status != 200:
            return final
        answered = time.monotonic()
        bye = phone.wait_bye(HANGUP_AFTER + 4)
        waited = time.monotonic() - answered
        self.assertIsNotNone(bye, f'{code}: Switchboard hangs up after the beeps\n{info}')
        self.assertGreater(waited, HANGUP_AFTER - 1.5, f'{code}: BYE after {waited:.1f} s\n{info}')
        time.sleep(0.1)
        heard = phone.recording()
        for hz in tone:
            share = cc.peak_share(heard, hz)
            self.assertGreater(share, 0.5, f'{code}: the {hz} Hz beep is heard (peak share '
                               f'{share:.3f}): {phones.describe_recording(heard)}\n{info}')
        return final


class RingGroups(RoutingTest):

    GROUPS = [
        dict(number='600', members=['101', '102', '103'], strategy='ringall', ring_time=10),
        dict(number='601', members=['101', '102', '103', '104'], strategy='hunt', ring_time=5),
        dict(number='602', members=['101'], strategy='ringall', ring_time=5, no_answer='102'),
        dict(number='603', members=['103', '105'], strategy='hunt', ring_time=5),
    ]

    def test_ringall_group_rings_every_member_and_the_first_answer_wins(self):
        self.start_server(groups=self.GROUPS)
        ringing = self.sipp_callee('101', 'uas-ring-forever.xml')
        answering = self.sipp_callee('102', 'uas-answer.xml')
        phone = self.caller()
        final = phone.call('600')
        info = self.explain(phone, ringing, answering)
        self.assertEqual(len(ringing.invites()), 1, 'every registered member rings\n' + info)
        self.assertIsNotNone(ringing.wait_for_request('CANCEL', 5),
                             'the member that did not answer is cancelled\n' + info)
        self.assertEqual(ringing.invites()[0].uri, f'sip:101@127.0.0.1:{ringing.port}', info)
        self.assert_answered_by(final, answering, [ringing], dialled='600', callee='102',
                                phone=phone)
        self.srv.stop()

    def test_hunt_group_skips_unanswered_busy_and_unregistered_members(self):
        # 601 hunts 101 (rings, never answers), 102 (busy), 103 (not registered), 104
        # (answers): 101 rings for ring_time, then 102 at once, then 104.
        self.start_server(groups=self.GROUPS)
        ringing = self.sipp_callee('101', 'uas-ring-forever.xml')
        busy = self.sipp_callee('102', 'uas-busy.xml')
        answering = self.sipp_callee('104', 'uas-answer.xml')
        phone = self.caller()
        started = time.monotonic()
        final = phone.call('601', timeout=20)
        took = time.monotonic() - started
        info = self.explain(phone, ringing, busy, answering)
        self.assertEqual(len(ringing.invites()), 1, info)
        self.assertIsNotNone(ringing.wait_for_request('CANCEL', 1),
                             'the first member is cancelled after ring_time\n' + info)
        self.assertEqual(len(busy.invites()), 1, 'then the second member rings\n' + info)
        self.assertIsNotNone(busy.wait_for_request('ACK', 2), 'its 486 is ACKed\n' + info)
        # One after another: 101's INVITE, its CANCEL, then 102, then 104. The CANCEL and the next
        # INVITE leave in the same loop turn; each sipp stamps what it reads when the scheduler
        # runs it, so the order across two processes holds only to within a few milliseconds.
        t = lambda callee, method: sc_stamp(callee, method)  # noqa: E731
        self.assertLessEqual(t(ringing, 'CANCEL'), t(busy, 'INVITE') + 0.05, info)
        self.assertLessEqual(t(busy, 'INVITE'), t(answering, 'INVITE') + 0.05, info)
        self.assertGreater(took, 4.5, f'101 rang its ring_time (5 s) first: answered after '
                           f'{took:.1f} s\n{info}')
        self.assertLess(took, 9, f'busy and unregistered members cost no ring time: answered '
                        f'after {took:.1f} s\n{info}')
        self.assert_answered_by(final, answering, [ringing, busy], dialled='601', callee='104',
                                phone=phone)
        self.srv.stop()

    def test_unanswered_group_goes_to_its_no_answer_number(self):
        self.start_server(groups=self.GROUPS)
        ringing = self.sipp_callee('101', 'uas-ring-forever.xml')
        fallback = self.sipp_callee('102', 'uas-answer.xml')
        phone = self.caller()
        started = time.monotonic()
        final = phone.call('602', timeout=20)
        took = time.monotonic() - started
        info = self.explain(phone, ringing, fallback)
        self.assertIsNotNone(ringing.wait_for_request('CANCEL', 1),
                             'the group\'s member is cancelled after ring_time\n' + info)
        self.assertGreater(took, 4.5, f'answered after {took:.1f} s, before ring_time (5 s)\n'
                           + info)
        self.assert_answered_by(final, fallback, [ringing], dialled='602', callee='102',
                                phone=phone)
        self.srv.stop()

    def test_group_with_no_member_available_gives_480(self):
        self.start_server(groups=self.GROUPS, extension_keys={'105': {'dnd': True}})
        # 103 is not registered; 105 is registered but on do not disturb.
        dnd = self.sipp_callee('105', 'uas-answer.xml')
        phone = self.caller()
        final = phone.call('603')
        info = self.explain(phone, dnd)
        self.assertEqual(final.status, 480, f'{final.start_line}\n{info}')
        time.sleep(0.5)
        self.assertEqual(dnd.invites(), [], 'a member on do not disturb is skipped\n' + info)
        record = self.wait_records()[0]
        self.assertEqual(record['dialled'], '603', record)
        self.assertNotEqual(record['disposition'], 'ANSWERED', record)
        self.assert_no_calls_left()
        self.srv.stop()


def sc_stamp(callee, method):
    """Seconds (of the day) at which a sipp callee received its first `method`."""
    for t in callee.messages:
        if not t.sent and t.msg.is_request and t.msg.method == method:
            clock = t.stamp.split(' ')[1]
            hours, minutes, seconds = clock.split(':')
            return int(hours) * 3600 + int(minutes) * 60 + float(seconds)
    raise AssertionError(f'no {method} received:\n{callee.describe()}')


class Forwarding(RoutingTest):

    def test_busy_extension_forwards_to_its_forward_busy_number(self):
        self.start_server(extension_keys={'101': {'forward_busy': '102'}})
        busy = self.sipp_callee('101', 'uas-busy.xml')
        other = self.sipp_callee('102', 'uas-answer.xml')
        phone = self.caller()
        final = phone.call('101')
        info = self.explain(phone, busy, other)
        self.assertEqual(len(busy.invites()), 1, '101 is tried first\n' + info)
        self.assertIsNotNone(busy.wait_for_request('ACK', 2), 'its 486 is ACKed\n' + info)
        self.assert_answered_by(final, other, [busy], dialled='101', callee='102', phone=phone)
        self.srv.stop()

    def test_do_not_disturb_gives_486_until_star79_turns_it_off(self):
        self.start_server(extension_keys={'101': {'dnd': True}})
        callee = self.sipp_callee('101', 'uas-answer.xml')
        phone = self.caller()
        final = phone.call('101')
        info = self.explain(phone, callee)
        self.assertEqual(final.status, 486, f'do not disturb: {final.start_line}\n{info}')
        time.sleep(0.3)
        self.assertEqual(callee.invites(), [], 'a phone on do not disturb does not ring\n' + info)
        self.assert_record(self.wait_records()[0], 'BUSY', context=info)

        own = self.caller('101')
        self.dial_code(own, '*79', context=info)
        final = phone.call('101')
        self.assert_answered_by(final, callee, dialled='101', callee='101', phone=phone)

        self.dial_code(own, '*78')
        final = phone.call('101')
        self.assertEqual(final.status, 486, f'*78 turned do not disturb back on\n{final.text()}')
        self.assertEqual(len(callee.invites()), 1, self.explain(phone, callee))
        self.assert_no_calls_left()
        self.srv.stop()

    def test_star90_forward_on_busy_set_from_the_phone_survives_a_restart(self):
        self.start_server()
        busy = self.sipp_callee('101', 'uas-busy.xml')
        other = self.sipp_callee('102', 'uas-answer.xml')
        own = self.caller('101')
        self.dial_code(own, '*90102')

        self.srv.restart()
        self.wait_until(lambda: self.srv.registrations_of('101') and
                        self.srv.registrations_of('102'), 5,
                        message='registrations of 101 and 102 restored after the restart')
        phone = self.caller()
        final = phone.call('101')
        info = self.explain(phone, busy, other)
        self.assertEqual(final.status, 200, f'*90102 (set before the restart) forwards the busy '
                         f'101 to 102\n{final.text()}\n{info}')
        self.assertEqual(len(busy.invites()), 1, info)
        self.assert_answered_by(final, other, [busy], dialled='101', callee='102', phone=phone)

        own = self.caller('101')
        self.dial_code(own, '*91')
        final = phone.call('101')
        self.assertEqual(final.status, 486, f'*91 stops forwarding on busy\n{final.text()}\n'
                         + self.explain(phone, busy, other))
        self.assertEqual(len(other.invites()), 1, self.explain(phone, busy, other))
        self.srv.stop()

    def test_star72_forwards_every_call_and_star73_stops_it(self):
        self.start_server()
        first = self.sipp_callee('101', 'uas-answer.xml')
        second = self.sipp_callee('102', 'uas-answer.xml')
        own = self.caller('101')
        self.dial_code(own, '*72', status=484)
        self.dial_code(own, '*72102')
        phone = self.caller()
        final = phone.call('101')
        self.assert_answered_by(final, second, [first], dialled='101', callee='102', phone=phone)
        self.assertEqual(first.invites(), [], 'forward all: 101 does not ring\n'
                         + self.explain(phone, first, second))
        self.dial_code(own, '*73')
        final = phone.call('101')
        self.assert_answered_by(final, first, [second], dialled='101', callee='101', phone=phone)
        self.srv.stop()

    def test_forward_to_oneself_is_refused_with_the_low_tone(self):
        self.start_server()
        callee = self.sipp_callee('101', 'uas-answer.xml')
        own = self.caller('101')
        self.dial_code(own, '*72101', tone=REFUSE_HZ)
        phone = self.caller()
        final = phone.call('101')
        self.assert_answered_by(final, callee, dialled='101', callee='101', phone=phone)
        self.srv.stop()

    def test_star52_forwards_calls_not_answered_within_the_ring_timeout(self):
        self.start_server()
        ringing = self.sipp_callee('101', 'uas-ring-forever.xml')
        other = self.sipp_callee('102', 'uas-answer.xml')
        own = self.caller('101')
        self.dial_code(own, '*52102')
        phone = self.caller()
        started = time.monotonic()
        final = phone.call('101', timeout=20)
        took = time.monotonic() - started
        info = self.explain(phone, ringing, other)
        self.assertIsNotNone(ringing.wait_for_request('CANCEL', 1),
                             '101 is cancelled when the ring timeout passes\n' + info)
        self.assertGreater(took, cc.RING_TIMEOUT - 0.5, f'answered after {took:.1f} s, before '
                           f'the ring timeout ({cc.RING_TIMEOUT} s)\n{info}')
        self.assert_answered_by(final, other, [ringing], dialled='101', callee='102', phone=phone)
        self.srv.stop()


class Pickup(RoutingTest):

    def pick_up(self, code):
        self.start_server()
        ringing = self.sipp_callee('101', 'uas-ring-forever.xml')
        caller = self.caller('100', 440)
        calling = cc.Background(caller.call, '101', 20)
        self.assertIsNotNone(ringing.wait_for_request('INVITE', 5),
                             '101 rings\n' + ringing.describe())
        time.sleep(0.5)
        picker = self.caller('102', 1000)
        picked = picker.call(code)
        answered = calling.result(10)
        info = lambda: self.explain(caller, picker, ringing)  # noqa: E731
        self.assertEqual(picked.status, 200, f'{code}: {picked.start_line}\n{info()}')
        self.assertEqual(answered.status, 200, f'the caller is answered by the pickup\n{info()}')
        self.assert_relay_sdp(picked.body, info())
        self.assert_relay_sdp(answered.body, info())
        self.assertIsNotNone(ringing.wait_for_request('CANCEL', 3),
                             'the phone that rang is cancelled\n' + info())
        time.sleep(3)
        caller.rtp.muted = picker.rtp.muted = True
        time.sleep(0.2)
        phones.assert_hears(caller.recording(), 1000, 440,
                            context='the caller hears the picker\n' + info())
        phones.assert_hears(picker.recording(), 440, 1000,
                            context='the picker hears the caller\n' + info())
        bye = picker.hangup()
        self.assertEqual(bye.status if bye else None, 200, info())
        self.assertIsNotNone(caller.wait_bye(5), 'the picker\'s BYE reaches the caller\n'
                             + info())
        time.sleep(0.5)
        records = self.records()
        self.assertEqual(len(records), 1, f'one call record for a picked-up call: {records}')
        self.assert_record(records[0], 'ANSWERED', caller='100', dialled='101', callee='102',
                           hangup_side='callee', context=info())
        self.assert_no_calls_left()
        self.srv.stop()

    def test_star_star_extension_picks_up_the_call_ringing_there(self):
        self.pick_up('**101')

    def test_star_star_member_picks_up_a_ring_group_call_ringing_there(self):
        # A ring group call rings at 101 and 103: **101 is "the call ringing at 101", however
        # it got there (as with Asterisk's directed pickup of a device).
        self.start_server(groups=[dict(number='600', members=['101', '103'], ring_time=15)])
        first = self.sipp_callee('101', 'uas-ring-forever.xml')
        second = self.sipp_callee('103', 'uas-ring-forever.xml')
        caller = self.caller('100', 440)
        calling = cc.Background(caller.call, '600', 20)
        for ringing in (first, second):
            self.assertIsNotNone(ringing.wait_for_request('INVITE', 5), ringing.describe())
        picker = self.caller('102', 1000)
        picked = picker.call('**101')
        info = lambda: self.explain(caller, picker, first, second)  # noqa: E731
        self.assertEqual(picked.status, 200, f'**101 while group 600 rings at 101: '
                         f'{picked.start_line}\n{info()}')
        self.assertEqual(calling.result(10).status, 200, info())
        for ringing in (first, second):
            self.assertIsNotNone(ringing.wait_for_request('CANCEL', 3),
                                 'every member that rang is cancelled\n' + info())
        bye = caller.hangup()
        self.assertEqual(bye.status if bye else None, 200, info())
        record = self.wait_records()[0]
        self.assert_record(record, 'ANSWERED', caller='100', dialled='600', callee='102',
                           hangup_side='caller', context=info())
        self.assert_no_calls_left()
        self.srv.stop()

    def test_star8_picks_up_the_call_ringing_longest(self):
        self.start_server()
        first = self.sipp_callee('101', 'uas-ring-forever.xml')
        second = self.sipp_callee('103', 'uas-ring-forever.xml')
        picker = self.caller('102', 1000)
        nothing = picker.call('*8', start_media=False)
        self.assertNotEqual(nothing.status, 200, f'*8 with nothing ringing\n{nothing.text()}')
        old_caller = self.caller('100', 440)
        new_caller = self.caller('104', 440)
        old_call = cc.Background(old_caller.call, '101', 20)
        self.assertIsNotNone(first.wait_for_request('INVITE', 5), first.describe())
        time.sleep(0.5)
        new_call = cc.Background(new_caller.call, '103', 20)
        self.assertIsNotNone(second.wait_for_request('INVITE', 5), second.describe())
        time.sleep(0.3)
        picked = picker.call('*8')
        info = lambda: self.explain(picker, old_caller, new_caller, first, second)  # noqa: E731
        self.assertEqual(picked.status, 200, f'*8: {picked.start_line}\n{info()}')
        self.assertEqual(old_call.result(10).status, 200,
                         'the call ringing longest (100 -> 101) is picked up\n' + info())
        self.assertIsNotNone(first.wait_for_request('CANCEL', 3), info())
        self.assertIsNone(second.wait_for_request('CANCEL', 0.5),
                          'the younger call (104 -> 103) keeps ringing\n' + info())
        calls = self.srv.ctl_json('calls')
        self.assertEqual(sorted(c.get('state') for c in calls), ['ringing', 'up'], calls)
        # The younger call ends at the ring timeout, untouched.
        self.assertEqual(new_call.result(cc.RING_TIMEOUT + 5).status, 480, info())
        bye = old_caller.hangup()
        self.assertEqual(bye.status if bye else None, 200, info())
        self.assertIsNotNone(picker.wait_bye(5), info())
        record = [r for r in self.wait_records(count=3) if r['dialled'] == '101']
        self.assertEqual(len(record), 1, self.records())
        self.assert_record(record[0], 'ANSWERED', caller='100', dialled='101', callee='102',
                           hangup_side='caller', context=info())
        self.assert_no_calls_left()
        self.srv.stop()


class EchoTest(RoutingTest):

    def setUp(self):
        super().setUp()
        self.baresips = []

    def tearDown(self):
        for ph in self.baresips:
            ph.stop()
        super().tearDown()

    def test_star43_sends_the_callers_own_audio_back(self):
        self.start_server()
        phone = self.caller('100', 700)
        final = phone.call('*43')
        self.assertEqual(final.status, 200, f'{final.start_line}\n{phone.describe()}')
        port = self.assert_relay_sdp(final.body, phone.describe())
        time.sleep(3.5)
        phone.rtp.muted = True
        time.sleep(0.2)
        self.assertEqual(phone.rtp.sources, {('127.0.0.1', port)},
                         'the echo comes from the relay port the phone sends to\n'
                         + phone.describe())
        phones.assert_hears(phone.recording(), 700, min_seconds=2.5,
                            context='the caller hears itself\n' + phone.describe())
        self.assertIsNone(phone.wait_bye(0.5), 'the echo test waits for the caller to hang up\n'
                          + phone.describe())
        bye = phone.hangup()
        self.assertEqual(bye.status if bye else None, 200, phone.describe())
        record = self.wait_records()[0]
        self.assert_record(record, 'ANSWERED', dialled='*43', hangup_side='caller',
                           context=phone.describe())
        self.assert_no_calls_left()
        self.srv.stop()

    def test_baresip_calling_star43_hears_its_own_tone(self):
        self.start_server()
        ph = phones.Baresip(os.path.join(self.workdir, 'phone100'), '100',
                            server_port=self.srv.port, password=self.exts[0].secret,
                            domain=DOMAIN, tone_hz=900, codecs=('PCMA',), name='baresip 100')
        self.baresips.append(ph)
        ph.start()
        ph.wait_registered(10)
        since = ph.dial('*43')
        ph.wait_established(since, timeout=10)
        time.sleep(3.5)
        ended = ph.hangup()
        ph.wait_closed(ended, timeout=5)
        time.sleep(0.3)
        phones.assert_hears(ph.last_recording('dec'), 900, context=ph.describe())
        self.assert_record(self.wait_records()[0], 'ANSWERED', dialled='*43',
                           hangup_side='caller', context=ph.describe())
        self.srv.stop()


if __name__ == '__main__':
    unittest.main(verbosity=2)
