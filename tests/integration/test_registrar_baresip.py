# SPDX-License-Identifier: MIT
"""A real softphone (baresip) registers with its generated secret, is qualified reachable with a
round-trip time through several OPTIONS rounds, and becomes unreachable soon after it dies."""

import os
import re
import sys
import time
import unittest

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness as h  # noqa: E402

DOMAIN = 'pbx.test'
FREQUENCY = 10
TIMEOUT = 2
SLACK = 5


class RegistrarWithBaresip(h.IntegrationTest):

    def test_baresip_registers_stays_reachable_and_is_seen_dying(self):
        srv = self.server(extensions=[h.Extension('100', secret='')], domain=DOMAIN,
                          sip={'qualify_frequency': FREQUENCY, 'qualify_timeout': TIMEOUT,
                               'min_expires': 30, 'max_expires': 3600})
        secret = srv.secret_of('100')
        self.assertGreaterEqual(len(secret), 16, 'a generated secret carries >= 128 bits')

        # -s makes baresip trace SIP, so its output shows every OPTIONS it answered.
        phone = h.Phone(os.path.join(self.workdir, 'phone'), '100', DOMAIN, secret, srv.port,
                        regint=60)
        self.addCleanup(phone.kill)
        phone.start(trace_sip=True)

        def registered():
            regs = srv.registrations_of('100')
            return regs if regs else None
        try:
            regs = self.wait_until(registered, 10, message='baresip registered')
        except AssertionError:
            hint = ''
            if 'Function not implemented' in phone.log():
                hint = (' (baresip 1.0 / libre answers ENOSYS to any WWW-Authenticate whose '
                        'algorithm is not MD5, even next to an MD5 one)')
            raise AssertionError(f'baresip did not register{hint}; its output:\n'
                                 f'{phone.log()[-3000:]}')
        self.assertEqual(len(regs), 1, regs)
        reg = regs[0]
        self.assertEqual(reg['source'], f'udp:127.0.0.1:{phone.sip_port}', reg)
        self.assertIn('baresip', reg['user_agent'], reg)
        self.assertIn('200 OK', phone.log(), phone.log()[-3000:])
        registered_at = time.monotonic()

        # Reachable with an RTT, after at least two OPTIONS rounds.
        def qualified_twice():
            r = srv.registrations_of('100')
            rounds = options_answered(phone.log())
            if r and r[0]['reachable'] is True and isinstance(r[0]['rtt_ms'], (int, float)) \
                    and rounds >= 2:
                return r[0]
            return None
        try:
            reg = self.wait_until(qualified_twice, 3 * FREQUENCY + SLACK, interval=0.5,
                                  message='reachable after two qualify rounds')
        except AssertionError:
            raise AssertionError(f'not qualified twice: registrations {srv.registrations()}, '
                                 f'OPTIONS seen by baresip {options_answered(phone.log())}\n'
                                 f'{phone.log()[-3000:]}')
        self.assertGreaterEqual(reg['rtt_ms'], 0, reg)
        self.assertLess(reg['rtt_ms'], 1000, reg)
        # Two rounds cannot be faster than one qualify period apart.
        self.assertGreaterEqual(time.monotonic() - registered_at, FREQUENCY - 1)
        self.wait_until(lambda: re.search(r'reachab|qualif', srv.read_log('messages'), re.I), 5,
                        message='the reachability change in log/messages')

        # The phone dies without unregistering: it must turn unreachable within one period plus
        # the timeout (plus slack for scheduling), and stay registered.
        phone.proc.kill()
        phone.proc.wait()
        killed_at = time.monotonic()

        def unreachable():
            r = srv.registrations_of('100')
            return r[0] if r and r[0]['reachable'] is False else None
        reg = self.wait_until(unreachable, FREQUENCY + TIMEOUT + SLACK, interval=0.25,
                              message='unreachable after baresip was killed')
        self.assertLessEqual(time.monotonic() - killed_at, FREQUENCY + TIMEOUT + SLACK)
        self.assertEqual(reg['source'], f'udp:127.0.0.1:{phone.sip_port}')
        self.wait_until(lambda: re.search(r'unreachab', srv.read_log('messages'), re.I), 5,
                        message='the change to unreachable in log/messages')
        srv.stop()


class QualifyWithRawSocket(h.IntegrationTest):
    """The same qualify cycle with a hand-driven contact, which can also stay silent while its
    socket is open (no ICMP shortcut) and come back."""

    def test_contact_is_qualified_times_out_and_recovers(self):
        ext = h.Extension('100')
        srv = self.server(extensions=[ext], domain=DOMAIN,
                          sip={'qualify_frequency': FREQUENCY, 'qualify_timeout': TIMEOUT,
                               'min_expires': 30, 'max_expires': 3600})
        ep = h.SipEndpoint(srv.address, 'udp')
        self.addCleanup(ep.close)
        _, final = ep.register('100', ext.secret, DOMAIN, expires=600)
        self.assertEqual(final.status, 200, final.text())
        seen = []

        def reachable_after_two_rounds():
            seen.extend(ep.answer_requests(0.5))
            r = srv.registrations_of('100')
            options = [m for m in seen if m.method == 'OPTIONS']
            if len(options) >= 2 and r and r[0]['reachable'] is True \
                    and isinstance(r[0]['rtt_ms'], (int, float)):
                return r[0]
            return None
        self.wait_until(reachable_after_two_rounds, 3 * FREQUENCY + SLACK, interval=0,
                        message='reachable after two answered OPTIONS')
        options = [m for m in seen if m.method == 'OPTIONS']
        first = options[0]
        self.assertEqual(first.uri, ep.contact_uri('100'), first.text())
        for name in ('Via', 'From', 'To', 'Call-ID', 'CSeq', 'Max-Forwards'):
            self.assertTrue(first.has(name), f'OPTIONS without {name}:\n{first.text()}')
        self.assertEqual(first.cseq[1], 'OPTIONS')
        self.assertEqual(first.source, srv.address, 'keepalives come from the listening socket')
        # Distinct rounds, not retransmissions of one: different Call-ID or CSeq.
        self.assertNotEqual((options[0].get('Call-ID'), options[0].cseq),
                            (options[-1].get('Call-ID'), options[-1].cseq))

        # Silent but open: only the qualify timeout can tell.
        ep.answer_options = False
        silent_at = time.monotonic()

        def unreachable():
            ep.answer_requests(0.25)
            r = srv.registrations_of('100')
            return r[0] if r and r[0]['reachable'] is False else None
        self.wait_until(unreachable, FREQUENCY + TIMEOUT + SLACK, interval=0,
                        message='unreachable while the contact does not answer')
        self.assertGreaterEqual(time.monotonic() - silent_at, TIMEOUT - 0.5,
                                'declared unreachable before the qualify timeout ran out')

        ep.answer_options = True

        def reachable_again():
            ep.answer_requests(0.25)
            r = srv.registrations_of('100')
            return r[0] if r and r[0]['reachable'] is True else None
        self.wait_until(reachable_again, FREQUENCY + SLACK, interval=0,
                        message='reachable again once the contact answers')
        # Each change is logged (the file may be flushed a moment later).
        self.wait_until(lambda: len(re.findall(r'(?<!un)reachable', srv.read_log('messages'),
                                               re.I)) >= 2, 5,
                        message='both changes to reachable in log/messages')
        self.assertRegex(srv.read_log('messages'), re.compile(r'unreachab', re.I))
        srv.stop()


def options_answered(baresip_output):
    """How many OPTIONS requests baresip received (its -s SIP trace prints each message)."""
    return len(re.findall(r'^OPTIONS sip:', baresip_output, re.M))


if __name__ == '__main__':
    unittest.main(verbosity=2)
