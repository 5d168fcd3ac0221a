# SPDX-License-Identifier: MIT
"""Self-check of the call scenarios in tests/scenarios/sipp/, sipp against sipp WITHOUT Switchboard
(not a registered test: run it by hand after editing a scenario).

Each caller scenario (uac-*) is played against its callee scenario (uas-*) twice:
  - the caller as written against the callee with a digest challenge put in front (INVITE -> 407
    -> ACK -> INVITE with Proxy-Authorization); the credentials sipp sent are then verified here
    with harness.py's own digest code, so the auth step is checked too;
  - the caller with its auth step cut out against the callee as written.
The derived files are made from the real ones at run time, so there is nothing else to maintain.
Also: each callee answers an OPTIONS 200 and still takes a call after it, and the status-expecting
caller fails (with a clear warning) on a wrong status and on an answered call.

    python3 tests/integration/selfcheck_sipp.py [-v]
"""

import os
import re
import shutil
import sys
import tempfile
import unittest

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness as h  # noqa: E402
import sipp_calls as sc  # noqa: E402

DOMAIN = 'pbx.test'
PASSWORD = 's3cret-selfcheck'
SIPP_DIR = os.path.join(h.SCENARIOS, 'sipp')

CHALLENGE = '''  <recv request="INVITE"/>
  <send retrans="500">
    <![CDATA[
      SIP/2.0 407 Proxy Authentication Required
      [last_Via:]
      [last_From:]
      [last_To:];tag=[pid]SIPpTag07[call_number]
      [last_Call-ID:]
      [last_CSeq:]
      Proxy-Authenticate: Digest realm="pbx.test", nonce="selfcheck[pid]x[call_number]", algorithm=MD5, qop="auth"
      Content-Length: 0

    ]]>
  </send>
  <recv request="ACK"/>
'''


def read(name):
    with open(os.path.join(SIPP_DIR, name)) as f:
        return f.read()


def with_challenge(uas_text):
    """The callee scenario with a 407 challenge before the INVITE it answers."""
    i = uas_text.index('  <recv request="INVITE"')
    return uas_text[:i] + CHALLENGE + uas_text[i:]


def without_auth(uac_text):
    """The caller scenario with the first INVITE, its 407 and the ACK cut out, and no credentials."""
    first = uac_text.index('  <send retrans="500">')
    second = uac_text.index('  <send retrans="500">', first + 1)
    text = uac_text[:first] + uac_text[second:]
    return re.sub(r'\n[ \t]*\[field2\][ \t]*(?=\n)', '', text)


class ScenarioSelfCheck(unittest.TestCase):

    def setUp(self):
        self.workdir = tempfile.mkdtemp(prefix='sb-sippcheck-')
        self.callees = []

    def tearDown(self):
        for c in self.callees:
            c.kill()
        if not self._failed():
            shutil.rmtree(self.workdir, ignore_errors=True)
        else:
            sys.stderr.write(f'(work folder kept: {self.workdir})\n')

    def _failed(self):
        outcome = getattr(self, '_outcome', None)
        result = getattr(outcome, 'result', None)
        if result is None:
            return False
        return any(t is self for t, _ in result.failures + result.errors)

    def derived(self, name, text):
        path = os.path.join(self.workdir, name)
        with open(path, 'w') as f:
            f.write(text)
        return path

    def callee(self, scenario_path, calls=1, duration_ms=300):
        c = sc.SippCallee(self.workdir, scenario_path, duration_ms=duration_ms,
                          extra=['-m', str(calls), '-timeout', '30s'])
        self.callees.append(c)
        return c.start()

    def call(self, callee, scenario_path, expected=None, duration_ms=300):
        return sc.run_caller(self.workdir, f'127.0.0.1:{callee.port}', scenario_path, '100',
                             PASSWORD, '101', DOMAIN, duration_ms=duration_ms, expected=expected,
                             timeout=20)

    def finish(self, callee, result, caller_ok=True):
        rc = callee.wait(10)
        if rc is None:
            callee.stop()
        info = f'\n--- caller ---\n{result.describe()}\n--- callee ---\n{callee.describe()}'
        if caller_ok:
            self.assertEqual((result.successful, result.failed), (1, 0), info)
            self.assertEqual(result.returncode, 0, info)
        self.assertEqual(callee.failed, 0, info)
        return info

    def check_credentials(self, callee, info):
        invites = callee.invites()
        self.assertEqual(len(invites), 2, info)
        self.assertFalse(invites[0].has('Proxy-Authorization'), info)
        value = invites[1].get('Proxy-Authorization')
        self.assertIsNotNone(value, info)
        challenge_value = [t.msg for t in callee.messages if t.sent and not t.msg.is_request
                           and t.msg.status == 407][0].get('Proxy-Authenticate')
        _, challenge = h.parse_challenge(challenge_value)
        _, creds = h.parse_challenge(value)
        self.assertEqual(creds['username'], '100', value)
        self.assertEqual(creds['nonce'], challenge['nonce'], value)
        self.assertEqual(creds['uri'], invites[1].uri, 'the digest uri is the Request-URI')
        want = h.digest_response(creds.get('algorithm', 'MD5'), '100', challenge['realm'],
                                 PASSWORD, 'INVITE', creds['uri'], creds['nonce'],
                                 creds.get('qop'), creds.get('nc'), creds.get('cnonce'))
        self.assertEqual(creds['response'], want, f'digest does not verify: {value}')

    def pair(self, uac, uas, expected=None, uas_text=None, caller_ok=True):
        """Runs both variants; returns the (challenged, plain) infos."""
        uas_text = uas_text if uas_text is not None else read(uas)
        infos = []
        # 1. as written, behind a challenge
        callee = self.callee(self.derived('challenged-' + uas, with_challenge(uas_text)))
        result = self.call(callee, uac, expected)
        info = self.finish(callee, result, caller_ok)
        if caller_ok:
            self.check_credentials(callee, info)
        infos.append((result, callee, info))
        # 2. no auth step, against the callee as written
        callee = self.callee(self.derived(uas, uas_text))
        result = self.call(callee, self.derived('plain-' + uac, without_auth(read(uac))), expected)
        info = self.finish(callee, result, caller_ok)
        self.assertEqual(len(callee.invites()), 1, info)
        infos.append((result, callee, info))
        return infos

    # -- the pairs the integration tests use

    def test_call_hung_up_by_the_caller(self):
        for result, callee, info in self.pair('uac-call-auth.xml', 'uas-answer.xml'):
            # One ACK per INVITE: the 407's (challenged variant) and the 200's.
            self.assertEqual(len(callee.received('ACK')), len(callee.invites()), info)
            self.assertEqual(len(callee.received('BYE')), 1, info)
            answer = [t.msg for t in result.messages if not t.sent and t.msg.status == 200][0]
            self.assertIn(b'm=audio', answer.body, info)

    def test_call_hung_up_by_the_callee(self):
        for result, callee, info in self.pair('uac-call-auth-remote-bye.xml',
                                              'uas-answer-then-bye.xml'):
            self.assertEqual(len(sc.requests(result.messages, 'BYE')), 1, info)
            bye = sc.requests(result.messages, 'BYE')[0]
            invite = sc.requests(result.messages, 'INVITE', sent=True)[-1]
            # The callee's BYE turns From and To around and names the caller's Contact.
            self.assertIn('SIPpTag00', bye.get('To'), info)
            self.assertIn('SIPpTag01', bye.get('From'), info)
            self.assertEqual(bye.get('Call-ID'), invite.get('Call-ID'), info)
            self.assertEqual(bye.uri, h.uri_of(invite.get('Contact')), info)

    def test_cancel_while_ringing(self):
        for result, callee, info in self.pair('uac-cancel-auth.xml', 'uas-ring-forever.xml'):
            cancels = callee.received('CANCEL')
            self.assertEqual(len(cancels), 1, info)
            final = [t.msg for t in callee.messages if t.sent and not t.msg.is_request
                     and t.msg.status == 487]
            self.assertEqual(len(final), 1, info)
            self.assertEqual(final[0].cseq, (cancels[0].cseq[0], 'INVITE'), info)
            self.assertEqual(len(callee.received('ACK')), len(callee.invites()), info)

    def test_busy(self):
        for result, callee, info in self.pair('uac-call-expect-status.xml', 'uas-busy.xml',
                                              expected=486):
            self.assertEqual(len(callee.received('ACK')), len(callee.invites()), info)

    def test_other_statuses_are_expected_the_same_way(self):
        for status, reason in ((404, 'Not Found'), (480, 'Temporarily Unavailable')):
            text = read('uas-busy.xml').replace('486 Busy Here', f'{status} {reason}')
            self.pair('uac-call-expect-status.xml', f'uas-status-{status}.xml', expected=status,
                      uas_text=text)

    # -- the status-expecting caller must be able to fail

    def test_a_wrong_status_fails_the_caller_with_a_warning(self):
        callee = self.callee(self.derived('ch-busy.xml', with_challenge(read('uas-busy.xml'))))
        result = self.call(callee, 'uac-call-expect-status.xml', expected=480)
        info = self.finish(callee, result, caller_ok=False)
        self.assertEqual((result.successful, result.failed), (0, 1), info)
        self.assertIn('final status 486, expected 480', result.errors, info)

    def test_an_answered_call_fails_the_status_expecting_caller(self):
        callee = self.callee(self.derived('ch-answer.xml', with_challenge(read('uas-answer.xml'))))
        result = self.call(callee, 'uac-call-expect-status.xml', expected=486)
        info = self.finish(callee, result, caller_ok=False)
        self.assertEqual((result.successful, result.failed), (0, 1), info)
        self.assertIn('answered', result.errors, info)
        self.assertEqual(len(callee.received('BYE')), 1, 'the answered call is hung up\n' + info)

    # -- OPTIONS (Switchboard's qualify) between calls

    def test_every_callee_answers_options_and_still_takes_a_call(self):
        uacs = {'uas-answer.xml': ('uac-call-auth.xml', None),
                'uas-answer-then-bye.xml': ('uac-call-auth-remote-bye.xml', None),
                'uas-busy.xml': ('uac-call-expect-status.xml', 486),
                'uas-ring-forever.xml': ('uac-cancel-auth.xml', None)}
        for uas, (uac, expected) in uacs.items():
            with self.subTest(uas=uas):
                callee = self.callee(self.derived(uas, read(uas)), calls=3)
                for _ in range(2):
                    with h.SipEndpoint(('127.0.0.1', callee.port), 'udp',
                                       answer_options=False) as ep:
                        r = ep.request(h.options_request(ep.local, ('127.0.0.1', callee.port)),
                                       timeout=3)
                    self.assertIsNotNone(r, callee.describe())
                    self.assertEqual(r.status, 200, r.text())
                    self.assertIn('tag=', r.get('To'), r.text())
                result = self.call(callee, self.derived('plain-' + uac, without_auth(read(uac))),
                                   expected)
                info = self.finish(callee, result)
                self.assertEqual(callee.successful, 3, info)


if __name__ == '__main__':
    unittest.main(verbosity=2)
