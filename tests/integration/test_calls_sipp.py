# SPDX-License-Identifier: MIT
"""Calls between extensions, driven by sipp on both ends: an authenticated caller (uac-*.xml) and
a callee registered as an extension (uas-*.xml, registered by a REGISTER sent from the port the
callee then binds). Covers the answered call relayed through Switchboard's own SDP, hang-up from
either side, cancel before answer, busy, no answer (480 after [sip] ring_timeout), unknown number
(404), an extension without contacts (480), ringing every contact of an extension, INVITEs without
or with wrong credentials, and the call record each call leaves in `ctl cdr --json`."""

import os
import sys
import time
import unittest

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import call_checks as cc  # noqa: E402
import harness as h  # noqa: E402
import sipp_calls as sc  # noqa: E402

DOMAIN = cc.DOMAIN
TALK_MS = 2000


class CallsWithSipp(cc.CallTest):

    def setUp(self):
        super().setUp()
        self.caller_ext = h.Extension('100')
        self.callee_ext = h.Extension('101')
        self.callees = []

    def tearDown(self):
        for c in self.callees:
            c.kill()
        super().tearDown()

    def start_server(self, **kw):
        return self.call_server([self.caller_ext, self.callee_ext, h.Extension('102')], **kw)

    def callee(self, scenario, duration_ms=TALK_MS, number='101', register=True):
        """A sipp callee on a fresh port, registered as `number` from that very port first."""
        port = h.free_port()
        if register:
            sc.register_contact(self.srv, number, self.srv.secret_of(number), port)
        c = sc.SippCallee(self.workdir, scenario, port=port, duration_ms=duration_ms,
                          name=f'callee-{number}')
        self.callees.append(c)
        return c.start()

    def call(self, scenario, callee='101', expected=None, duration_ms=TALK_MS, timeout=30):
        return sc.run_caller(self.workdir, self.srv.target, scenario, '100',
                             self.caller_ext.secret, callee, DOMAIN, duration_ms=duration_ms,
                             expected=expected, timeout=timeout)

    def explain(self, result, *callees):
        parts = [f'--- caller ---\n{result.describe()}']
        parts += [f'--- callee ---\n{c.describe()}' for c in callees]
        return '\n'.join(parts)

    def assert_caller_ok(self, result, *callees):
        info = self.explain(result, *callees)
        self.assertEqual((result.successful, result.failed), (1, 0), info)
        return info

    def assert_challenged_first(self, result, info):
        """The first INVITE got 407 with a digest challenge for our realm; the second carried
        Proxy-Authorization."""
        got = [t.msg for t in result.messages if not t.sent and not t.msg.is_request
               and t.msg.status >= 200]
        self.assertTrue(got, info)
        self.assertEqual(got[0].status, 407, info)
        challenge = h.challenges(got[0], 'Proxy-Authenticate')
        self.assertTrue(challenge, info)
        self.assertEqual(challenge[0].get('realm'), DOMAIN, info)
        invites = sc.requests(result.messages, 'INVITE', sent=True)
        self.assertTrue(invites[-1].has('Proxy-Authorization'), info)

    # -- answered calls

    def test_answered_call_is_relayed_and_recorded(self):
        self.start_server()
        callee = self.callee('uas-answer.xml')
        result = self.call('uac-call-auth.xml')
        info = self.assert_caller_ok(result, callee)
        self.assert_challenged_first(result, info)

        invites = callee.invites()
        self.assertEqual(len(invites), 1, 'one INVITE per contact\n' + info)
        invite = invites[0]
        # RFC 3261 §8.1.1 / issue 3: the Request-URI is the contact as registered.
        self.assertEqual(invite.uri, f'sip:101@127.0.0.1:{callee.port}', info)
        self.assertEqual(h.aor_user(h.uri_of(invite.get('From'))), '100', 'caller ID\n' + info)
        self.assertEqual(h.aor_user(h.uri_of(invite.get('To'))), '101', info)
        self.assertNotEqual(invite.get('Call-ID'),
                            sc.requests(result.messages, 'INVITE', sent=True)[0].get('Call-ID'),
                            'a B2BUA leg has its own Call-ID\n' + info)
        # Both legs see Switchboard's relay, never the other phone's address.
        callee_leg_port = self.assert_relay_sdp(invite.body, info)
        answer = [t.msg for t in result.messages if not t.sent and not t.msg.is_request
                  and t.msg.status == 200 and t.msg.cseq[1] == 'INVITE'][0]
        caller_leg_port = self.assert_relay_sdp(answer.body, info)
        self.assertNotEqual(caller_leg_port, callee_leg_port, 'each leg its own port\n' + info)
        self.assertIn('PCMU', cc.sdp_codecs(answer.body), info)
        self.assertIn('PCMU', cc.sdp_codecs(invite.body), info)

        self.assertEqual(len(callee.received('ACK')), 1, info)
        self.assertIsNotNone(callee.wait_for_request('BYE', 5), 'the caller\'s BYE reaches the callee\n' + info)
        self.assertEqual(len(callee.received('BYE')), 1, 'the caller\'s BYE reaches the callee\n'
                         + info)
        self.assertEqual(callee.failed, 0, info)
        record = self.wait_records()[0]
        self.assert_record(record, 'ANSWERED', hangup_side='caller',
                           min_billable_ms=TALK_MS - 500, context=info)
        self.assertLess(record['billable_ms'], TALK_MS + 3000, record)
        self.assert_no_calls_left()
        self.srv.stop()

    def test_callee_hangs_up_first(self):
        self.start_server()
        callee = self.callee('uas-answer-then-bye.xml', duration_ms=1500)
        result = self.call('uac-call-auth-remote-bye.xml')
        info = self.assert_caller_ok(result, callee)
        byes = sc.requests(result.messages, 'BYE')
        self.assertEqual(len(byes), 1, 'the callee\'s BYE reaches the caller\n' + info)
        invite = sc.requests(result.messages, 'INVITE', sent=True)[-1]
        self.assertEqual(byes[0].get('Call-ID'), invite.get('Call-ID'), info)
        self.assertEqual(byes[0].uri, h.uri_of(invite.get('Contact')),
                         'BYE to the caller\'s Contact (RFC 3261 §12.2.1.1)\n' + info)
        self.assertEqual(callee.failed, 0, info)
        self.assertEqual(len(sc.responses(callee.messages, method='BYE')), 1,
                         'the callee\'s BYE is answered\n' + info)
        self.assert_record(self.wait_records()[0], 'ANSWERED', hangup_side='callee',
                           min_billable_ms=1000, context=info)
        self.assert_no_calls_left()
        self.srv.stop()

    def test_every_contact_rings_and_the_first_answer_wins(self):
        self.start_server()
        ringing = self.callee('uas-ring-forever.xml')
        answering = self.callee('uas-answer.xml')
        regs = self.srv.registrations_of('101')
        self.assertEqual(len(regs), 2, regs)
        result = self.call('uac-call-auth.xml')
        info = self.assert_caller_ok(result, answering, ringing)
        self.assertEqual(len(answering.invites()), 1, info)
        self.assertEqual(len(ringing.invites()), 1, 'both contacts are rung\n' + info)
        self.assertEqual(ringing.invites()[0].uri, f'sip:101@127.0.0.1:{ringing.port}', info)
        self.assertIsNotNone(ringing.wait_for_request('CANCEL', 5),
                             'the contact that did not answer is cancelled\n' + info)
        self.assertIsNotNone(ringing.wait_for_request('ACK', 5), 'its 487 is ACKed\n' + info)
        # The callee's BYE leaves with the caller's 200: give sipp a moment to log it.
        self.assertIsNotNone(answering.wait_for_request('BYE', 5), info)
        self.assertEqual(len(answering.received('BYE')), 1, info)
        self.assertEqual((answering.failed, ringing.failed), (0, 0), info)
        self.assert_record(self.wait_records()[0], 'ANSWERED', hangup_side='caller', context=info)
        self.srv.stop()

    # -- calls that are not answered

    def test_caller_cancels_before_answer(self):
        self.start_server()
        callee = self.callee('uas-ring-forever.xml')
        result = self.call('uac-cancel-auth.xml')
        info = self.assert_caller_ok(result, callee)
        got = [t.msg.status for t in result.messages if not t.sent and not t.msg.is_request]
        self.assertIn(180, got, 'the callee\'s 180 is relayed\n' + info)
        self.assertIn(487, got, info)
        self.assertIsNotNone(callee.wait_for_request('CANCEL', 5),
                             'the CANCEL reaches the callee\n' + info)
        self.assertIsNotNone(callee.wait_for_request('ACK', 5),
                             'the callee\'s 487 is ACKed\n' + info)
        self.assertEqual(callee.failed, 0, info)
        self.assert_record(self.wait_records()[0], 'CANCELLED', hangup_side='caller',
                           context=info)
        self.assert_no_calls_left()
        self.srv.stop()

    def test_busy_callee_gives_486(self):
        self.start_server()
        callee = self.callee('uas-busy.xml')
        result = self.call('uac-call-expect-status.xml', expected=486)
        info = self.assert_caller_ok(result, callee)
        self.assertIsNotNone(callee.wait_for_request('ACK', 5),
                             'Switchboard ACKs the callee\'s 486\n' + info)
        self.assertEqual(callee.failed, 0, info)
        self.assert_record(self.wait_records()[0], 'BUSY', hangup_side='callee', context=info)
        self.assert_no_calls_left()
        self.srv.stop()

    def test_no_answer_gives_480_after_the_ring_timeout(self):
        self.start_server()
        callee = self.callee('uas-ring-forever.xml')
        result = self.call('uac-call-expect-status.xml', expected=480)
        info = self.assert_caller_ok(result, callee)
        # From the authenticated INVITE to the 480: the ring timeout, give or take.
        sent = [t for t in result.messages if t.sent and t.msg.is_request
                and t.msg.method == 'INVITE'][-1]
        final = [t for t in result.messages if not t.sent and not t.msg.is_request
                 and t.msg.status == 480][0]
        waited = stamp_seconds(final.stamp) - stamp_seconds(sent.stamp)
        self.assertGreaterEqual(waited, cc.RING_TIMEOUT - 0.5, info)
        self.assertLess(waited, cc.RING_TIMEOUT + 2.5, info)
        self.assertIsNotNone(callee.wait_for_request('CANCEL', 5),
                             'the ringing callee is cancelled\n' + info)
        self.assertEqual(callee.failed, 0, info)
        self.assert_record(self.wait_records()[0], 'NO ANSWER', context=info)
        self.assert_no_calls_left()
        self.srv.stop()

    def test_unknown_number_gives_404(self):
        self.start_server()
        result = self.call('uac-call-expect-status.xml', callee='999', expected=404)
        info = self.assert_caller_ok(result)
        self.assert_challenged_first(result, info)
        self.assert_record(self.wait_records()[0], 'FAILED', dialled='999', callee='',
                           context=info)
        self.srv.stop()

    def test_extension_without_contacts_gives_480(self):
        self.start_server()
        self.assertEqual(self.srv.registrations_of('102'), [])
        result = self.call('uac-call-expect-status.xml', callee='102', expected=480)
        info = self.assert_caller_ok(result)
        self.assert_record(self.wait_records()[0], 'FAILED', dialled='102', context=info)
        self.srv.stop()

    # -- authentication

    def test_invite_without_valid_credentials_never_rings(self):
        self.start_server()
        callee = self.callee('uas-answer.xml')
        with h.SipEndpoint(self.srv.address, 'udp') as ep:
            first = ep.request(invite_request(ep, '100', '101'), timeout=5)
            self.assertIsNotNone(first, 'no answer to an INVITE without credentials')
            self.assertEqual(first.status, 407, first.text())
            challenge = h.challenges(first, 'Proxy-Authenticate')
            self.assertTrue(challenge, first.text())
            ep.send(ack_for(ep, first))
            # Right user, wrong secret; then an extension that does not exist.
            for user, secret in (('100', self.caller_ext.secret + 'x'), ('555', 'whatever')):
                creds = h.authorization(challenge[0], user, secret, 'INVITE',
                                        f'sip:101@{DOMAIN}')
                again = ep.request(invite_request(ep, user, '101', auth=creds), timeout=5)
                self.assertIsNotNone(again, f'no answer to {user}\'s INVITE with bad credentials')
                self.assertIn(again.status, (401, 403, 407), again.text())
                ep.send(ack_for(ep, again))
        time.sleep(1)
        self.assertEqual(callee.invites(), [], 'an unauthenticated INVITE rang the callee\n'
                         + callee.describe())
        self.assertEqual(self.srv.ctl_json('calls'), [])
        self.srv.stop()


def stamp_seconds(stamp):
    """Seconds since midnight of a sipp message-log time stamp ('2026-11-26 23:06:12.443905')."""
    clock = stamp.split(' ')[1]
    hours, minutes, seconds = clock.split(':')
    return int(hours) * 3600 + int(minutes) * 60 + float(seconds)


def invite_request(ep, user, callee, auth=None):
    host, port = ep.local
    lines = [f'INVITE sip:{callee}@{DOMAIN} SIP/2.0',
             f'Via: SIP/2.0/UDP {host}:{port};branch={h.new_branch()};rport',
             'Max-Forwards: 70',
             f'From: <sip:{user}@{DOMAIN}>;tag={h.new_tag()}',
             f'To: <sip:{callee}@{DOMAIN}>',
             f'Call-ID: {h.new_call_id()}',
             'CSeq: 1 INVITE',
             f'Contact: <sip:{user}@{host}:{port}>']
    if auth:
        lines.append(f'Proxy-Authorization: {auth}')
    body = ('v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\n'
            'm=audio 40000 RTP/AVP 0\r\na=rtpmap:0 PCMU/8000\r\n')
    lines += ['Content-Type: application/sdp', f'Content-Length: {len(body)}']
    return '\r\n'.join(lines) + '\r\n\r\n' + body


def ack_for(ep, response):
    """ACK of a non-2xx final response (RFC 3261 §17.1.1.3): the INVITE's Via and Call-ID, the
    response's To tag."""
    return '\r\n'.join([
        f'ACK {h.uri_of(response.get("To"))} SIP/2.0',
        f'Via: {response.get("Via")}',
        'Max-Forwards: 70',
        f'From: {response.get("From")}',
        f'To: {response.get("To")}',
        f'Call-ID: {response.get("Call-ID")}',
        f'CSeq: {response.cseq[0]} ACK',
        'Content-Length: 0', '', ''])


if __name__ == '__main__':
    unittest.main(verbosity=2)
