# SPDX-License-Identifier: MIT
"""The security log is what fail2ban's stock Asterisk filter expects: every failed attempt (unknown
user, wrong secret) matches with the packet's source as the host, successes and challenges never
match, and attacker-written quotes cannot smuggle in another address. The same holds for the
PJSIP-style NOTICE lines in log/messages (the second, independent match path)."""

import os
import re
import sys
import time
import unittest

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness as h  # noqa: E402

DOMAIN = 'pbx.test'
# These tests fail on purpose more often than [security] max_retry allows by default: they are
# about the log, not about banning 127.0.0.1.
NO_BANS = {'security': {'max_retry': 1000}}
FAILURE_EVENTS = ('FailedACL', 'InvalidAccountID', 'ChallengeResponseFailed', 'InvalidPassword')
EVENT = re.compile(r'SecurityEvent="(\w+)"')
SESSION = re.compile(r'SessionID="([^"]*)"')
# [2024-05-01 10:00:00] SECURITY[123] res_security_log.c: SecurityEvent="...",EventTV="...",...
LINE = re.compile(r'^\[\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\] SECURITY\[\d+\] res_security_log\.c: '
                  r'SecurityEvent="\w+",EventTV="\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}[+-]\d{4}",'
                  r'Severity="(?:Error|Informational)",Service="SIP",EventVersion="\d+",'
                  r'AccountID="[^"]*",SessionID="[^"]*",LocalAddress="IPV4/(?:UDP|TCP)/[\d.]+/\d+",'
                  r'RemoteAddress="IPV4/(?:UDP|TCP)/[\d.]+/\d+"(?:,\w+="[^"]*")*$')


class SecurityLog(h.IntegrationTest):

    def test_fail2ban_matches_every_failure_and_no_success(self):
        ext100 = h.Extension('100')
        ext101 = h.Extension('101')
        srv = self.server(extensions=[ext100, ext101], domain=DOMAIN, extra_sections=NO_BANS)
        failed, succeeded = {}, {}       # Call-ID -> (kind, transport, local port)

        def attempt(transport, user, password, expect_ok, kind):
            with h.SipEndpoint(srv.address, transport) as ep:
                call_id = h.new_call_id()
                first, final = ep.register(user, password, DOMAIN, expires=600, call_id=call_id)
                self.assertIsNotNone(final, f'{kind} over {transport}: no answer\n{first}')
                self.assertEqual(final.status, 200 if expect_ok else 401, final.text())
                (succeeded if expect_ok else failed)[call_id] = (kind, transport, ep.local[1])

        for transport in ('udp', 'udp', 'tcp'):
            attempt(transport, '999', 'no-such-user-secret', False, 'unknown')
            attempt(transport, '100', ext100.secret + 'x', False, 'wrong')
        attempt('udp', '100', ext100.secret, True, 'ok')
        attempt('tcp', '101', ext101.secret, True, 'ok')
        attempt('udp', '101', ext101.secret, True, 'ok')

        def logged():
            text = srv.read_log('security')
            ids = {SESSION.search(l).group(1) for l in text.splitlines() if SESSION.search(l)}
            return text if all(c in ids for c in list(failed) + list(succeeded)) else None
        try:
            security = self.wait_until(logged, 5, message='every attempt in log/security')
        except AssertionError:
            raise AssertionError('not every attempt appears (by SessionID = Call-ID) in '
                                 f'log/security; attempts {failed} {succeeded}\n'
                                 f'{srv.read_log("security")}')
        lines = [l for l in security.splitlines() if l.strip()]
        for line in lines:
            self.assertRegex(line, LINE, 'the Asterisk res_security_log line format')

        events = [(EVENT.search(l).group(1), SESSION.search(l).group(1), l) for l in lines]
        failure_lines = [l for e, _, l in events if e in FAILURE_EVENTS]
        for call_id, (kind, transport, port) in failed.items():
            mine = [(e, l) for e, s, l in events if s == call_id]
            names = {e for e, _ in mine}
            want = {'InvalidAccountID'} if kind == 'unknown' else \
                {'ChallengeResponseFailed', 'InvalidPassword'}
            self.assertTrue(names & want, f'{kind} attempt {call_id}: events {names}')
            self.assertNotIn('SuccessfulAuth', names)
            for e, l in mine:
                self.assertIn(f'RemoteAddress="IPV4/{transport.upper()}/127.0.0.1/{port}"', l)
            if kind == 'wrong':
                self.assertTrue(any('AccountID="100"' in l or 'AccountID="<unknown>"' in l
                                    for e, l in mine if e in want), mine)
        for call_id, (kind, transport, port) in succeeded.items():
            names = {e for e, s, _ in events if s == call_id}
            self.assertIn('SuccessfulAuth', names, f'success {call_id}')
            self.assertFalse(names & set(FAILURE_EVENTS), f'success {call_id} logged {names}')
        self.assertTrue(any(e == 'ChallengeSent' for e, _, _ in events), 'ChallengeSent logged')

        result = h.fail2ban_regex(srv.log_path('security'))
        self.assertEqual(result['matched'], len(failure_lines), result['output'])
        self.assertGreaterEqual(result['matched'], len(failed), result['output'])
        self.assertEqual(result['hosts'], ['127.0.0.1'] * result['matched'], result['output'])
        for line in result['matched_lines']:
            self.assertIn(EVENT.search(line).group(1), FAILURE_EVENTS, line)
        matched_ids = {SESSION.search(l).group(1) for l in result['matched_lines']}
        self.assertEqual(matched_ids, set(failed), result['output'])
        for line in result['missed_lines']:
            self.assertNotIn(EVENT.search(line).group(1), FAILURE_EVENTS, line)

        # The PJSIP-style NOTICE lines in log/messages: a second, independent path for fail2ban.
        messages = h.fail2ban_regex(srv.log_path('messages'))
        self.assertGreaterEqual(messages['matched'], len(failed), messages['output'])
        self.assertEqual(messages['hosts'], ['127.0.0.1'] * messages['matched'],
                         messages['output'])
        joined = '\n'.join(messages['matched_lines'])
        for call_id in failed:
            self.assertIn(call_id, joined, f'failed attempt {call_id} not matched in '
                                           f'log/messages\n{messages["output"]}')
        for call_id in succeeded:
            self.assertNotIn(call_id, joined, f'successful attempt {call_id} matched in '
                                              'log/messages')
        srv.stop()

    def test_quotes_from_the_attacker_cannot_name_another_host(self):
        ext = h.Extension('100')
        srv = self.server(extensions=[ext], domain=DOMAIN, extra_sections=NO_BANS)
        injected = []
        with h.SipEndpoint(srv.address, 'udp') as ep:
            # A Call-ID may contain DQUOTE (RFC 3261 §25.1 `word`); so may a quoted username.
            call_id = 'x",RemoteAddress="IPV4/UDP/10.9.9.9/5060'
            first, final = ep.register('999', 'whatever-secret', DOMAIN, call_id=call_id)
            injected.append(final)
            first = ep.request(ep.register_request('100', DOMAIN, 600, cseq=1))
            self.assertEqual(first.status, 401, first.text())
            challenge = h.pick_challenge(first)
            value = h.authorization(challenge, 'evil', 'whatever', 'REGISTER', f'sip:{DOMAIN}')
            value = value.replace('username="evil"', 'username="ev\\",RemoteAddress=\\"IPV4/UDP/'
                                  '10.9.9.8/5060\\",x=\\"il"')
            injected.append(ep.request(ep.register_request('100', DOMAIN, 600, cseq=2,
                                                           authorization_value=value)))
            # A plain failure so that the log is known to have been written.
            marker = h.new_call_id()
            _, final = ep.register('998', 'whatever-secret', DOMAIN, call_id=marker)
            self.assertEqual(final.status, 401)
        self.wait_until(lambda: marker in srv.read_log('security'), 5,
                        message='the marker failure logged')
        # The human log is flushed once a second (the security log at once for failures).
        self.wait_until(lambda: '998' in srv.read_log('messages'), 5,
                        message='the marker failure in the messages log')
        for resp in injected:
            if resp is not None:
                self.assertIn(resp.status, (400, 401, 403), resp.text())
        security = srv.read_log('security')
        self.assertNotRegex(security, r'RemoteAddress="IPV4/UDP/10\.9\.9\.')
        for line in security.splitlines():
            self.assertRegex(line, LINE)
        for name in ('security', 'messages'):
            result = h.fail2ban_regex(srv.log_path(name))
            self.assertGreaterEqual(result['matched'], 1, result['output'])
            self.assertEqual(set(result['hosts']), {'127.0.0.1'}, f'{name}:\n{result["output"]}')
        srv.stop()


if __name__ == '__main__':
    unittest.main(verbosity=2)
