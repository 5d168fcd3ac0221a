# SPDX-License-Identifier: MIT
"""Malformed and hostile SDP from an authenticated phone: in a new INVITE it gets 400 or 488 (and
never rings anyone), in a re-INVITE it gets 400 or 488 and the call goes on with its audio; and
the server keeps running and answering OPTIONS throughout.

The bodies: not SDP at all (text, binary, NUL bytes), SDP without an m= line or without audio,
200 m= lines, ports out of range or not numbers, absurdly long lines and bodies, a thousand
payload types, an unusable connection address or none, only codecs nobody knows, an empty body;
and SDP labelled as something else (415).
"""

import os
import random
import sys
import time
import unittest

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import call_checks as cc  # noqa: E402
import harness as h  # noqa: E402
import phones  # noqa: E402

REFUSED = (400, 488)


def sdp(*media, session=None, connection='c=IN IP4 127.0.0.1'):
    """An SDP body: session lines (v/o/s/[c]/t) then `media` lines, CRLF-terminated."""
    lines = ['v=0', 'o=- 1 1 IN IP4 127.0.0.1', 's=-']
    if connection:
        lines.append(connection)
    lines.append('t=0 0')
    lines += list(session or [])
    lines += list(media)
    return '\r\n'.join(lines) + '\r\n'


AUDIO = ['m=audio 40000 RTP/AVP 0', 'a=rtpmap:0 PCMU/8000']


def hostile_bodies():
    """(name, body (str or bytes), statuses allowed, content type)."""
    rnd = random.Random(4566)
    many_media = [line for i in range(200)
                  for line in (f'm=audio {40000 + 2 * i} RTP/AVP 0', 'a=rtpmap:0 PCMU/8000')]
    return [
        ('plain text', 'hello, this is not a session description\r\n', REFUSED, None),
        ('random bytes', bytes(rnd.getrandbits(8) for _ in range(1200)), REFUSED, None),
        ('NUL bytes inside lines', sdp('m=audio 40000 RTP/AVP 0\x00\x00',
                                       'a=rtpmap:0 PC\x00MU/8000'), REFUSED, None),
        ('no m= line', sdp(), REFUSED, None),
        ('only video', sdp('m=video 40000 RTP/AVP 96', 'a=rtpmap:96 H264/90000'), REFUSED, None),
        ('200 m= lines', sdp(*many_media), REFUSED, None),
        ('port 70000', sdp('m=audio 70000 RTP/AVP 0', 'a=rtpmap:0 PCMU/8000'), REFUSED, None),
        ('port -1', sdp('m=audio -1 RTP/AVP 0', 'a=rtpmap:0 PCMU/8000'), REFUSED, None),
        ('port not a number', sdp('m=audio abc RTP/AVP 0', 'a=rtpmap:0 PCMU/8000'), REFUSED,
         None),
        ('a 30000-character a= line', sdp(*AUDIO, 'a=x-junk:' + 'A' * 30000), REFUSED, None),
        ('a 5000-character origin', sdp(*AUDIO).replace('o=- ', 'o=' + 'u' * 5000 + ' '),
         REFUSED, None),
        ('a 40 KB body of a= lines', sdp(*AUDIO, *[f'a=x-filler:{i:05d}' + 'z' * 60
                                                   for i in range(600)]), REFUSED, None),
        ('a thousand payload types', sdp('m=audio 40000 RTP/AVP ' + ' '.join(
            str(96 + i % 32) for i in range(1000))), REFUSED, None),
        ('connection address 999.999.999.999', sdp(*AUDIO, connection='c=IN IP4 999.999.999.999'),
         REFUSED, None),
        ('connection address a host name', sdp(*AUDIO, connection='c=IN IP4 phone.example.com'),
         REFUSED, None),
        ('no connection address', sdp(*AUDIO, connection=None), REFUSED, None),
        ('only unknown codecs', sdp('m=audio 40000 RTP/AVP 96 97', 'a=rtpmap:96 X-NOPE/8000',
                                    'a=rtpmap:97 X-NEVER/16000'), REFUSED, None),
        ('rtpmap with nonsense rates', sdp('m=audio 40000 RTP/AVP 96',
                                           'a=rtpmap:96 PCMU/-8000/0/0/0'), REFUSED, None),
        ('empty body with an SDP content type', '', (488,), None),
    ]


class HostileSdp(cc.CallTest):

    def setUp(self):
        super().setUp()
        self.exts = [h.Extension(n) for n in ('100', '101')]

    def test_invites_with_malformed_sdp_get_400_or_488_and_never_ring(self):
        self.call_server(self.exts, sip={'max_message_bytes': 65535})
        callee = self.sipp_callee('101', 'uas-answer.xml')
        phone = self.rtp_phone('100', register=False)
        problems = []
        for name, body, allowed, content_type in hostile_bodies():
            started = time.monotonic()
            try:
                final = phone.call('101', body=body, start_media=False, timeout=5,
                                   content_type=content_type or 'application/sdp')
            except AssertionError as e:
                final = None
                problems.append(f'{name}: no final response ({str(e).splitlines()[0]})')
            took = time.monotonic() - started
            if final is not None and final.status not in allowed:
                wanted = ' or '.join(map(str, allowed))
                problems.append(f'{name}: {final.start_line} (want {wanted})')
                if final.status == 200:
                    phone.hangup()
            elif final is not None and took > 3:
                problems.append(f'{name}: {final.status} only after {took:.1f} s')
            if not self.srv.alive():
                problems.append(f'{name}: the server died')
                break
            reply = h.ping(self.srv.address, timeout=3)
            if reply is None or reply.status != 200:
                problems.append(f'{name}: OPTIONS afterwards got '
                                f'{reply.start_line if reply else "no answer"}')
        self.assert_server_alive(context='\n'.join(problems))
        time.sleep(0.5)
        rang = callee.invites()
        if rang:
            problems.append(f'the callee was rung {len(rang)} time(s) by hostile offers:\n'
                            + '\n'.join(m.body.decode(errors="replace")[:300] for m in rang))
        self.assertEqual(problems, [], 'hostile SDP offers:\n' + '\n'.join(problems) + '\n'
                         + phone.transcript()[-4000:])
        self.assert_no_calls_left()
        self.srv.stop()

    def test_offer_labelled_as_another_content_type_gets_415_and_never_rings(self):
        # RFC 3261 §8.2.3: a body of a type the UAS does not understand gets 415 with Accept;
        # a well-formed SDP labelled text/plain is not an offer (§13.2.1 wants application/sdp).
        self.call_server(self.exts)
        callee = self.sipp_callee('101', 'uas-answer.xml')
        phone = self.rtp_phone('100', register=False)
        final = phone.call('101', body=sdp(*AUDIO), start_media=False, content_type='text/plain')
        info = phone.transcript() + '\n' + callee.describe()
        if final.status == 200:
            phone.hangup()
        self.assertIn(final.status, (415, 488), f'SDP labelled text/plain: {final.start_line}\n'
                      f'{info}')
        if final.status == 415:
            self.assertIn('application/sdp', final.get('Accept', ''),
                          f'415 names what we accept (RFC 3261 §21.4.13)\n{final.text()}')
        self.assertEqual(callee.invites(), [], 'the callee is not rung\n' + info)
        self.assert_server_alive()
        self.srv.stop()

    def test_reinvites_with_malformed_sdp_are_refused_and_the_call_goes_on(self):
        self.call_server(self.exts)
        caller = self.rtp_phone('100', 440, register=False)
        callee = self.rtp_phone('101', 1000)
        answering = cc.Background(callee.answer, 10)
        final = caller.call('101')
        answering.result(15)
        info = lambda: caller.describe() + '\n' + callee.describe()  # noqa: E731
        self.assertEqual(final.status, 200, info())
        problems = []
        for who, phone in (('caller', caller), ('callee', callee)):
            for name, body, allowed, content_type in hostile_bodies():
                if content_type or not body:
                    continue     # a re-INVITE without an offer is legal (RFC 3261 §14.1)
                answer = phone.reinvite(body=body, timeout=5)
                if answer is None:
                    problems.append(f'{who}, {name}: no answer to the re-INVITE')
                elif answer.status not in allowed:
                    problems.append(f'{who}, {name}: {answer.start_line}')
                if not self.srv.alive():
                    problems.append(f'{who}, {name}: the server died')
                    break
        self.assertEqual(problems, [], 'hostile SDP in re-INVITEs:\n' + '\n'.join(problems)
                         + '\n' + info())
        self.assert_server_alive(context=info())
        calls = self.srv.ctl_json('calls')
        self.assertEqual([c.get('state') for c in calls], ['up'],
                         f'the call survives the refused re-INVITEs: {calls}\n{info()}')
        # The audio still flows both ways, from where it was.
        start = time.monotonic()
        time.sleep(2.5)
        end = time.monotonic()
        for phone, want, other in ((caller, 1000, 440), (callee, 440, 1000)):
            path = phone.rtp.write_window(os.path.join(self.workdir, f'{phone.user}.wav'),
                                          start, end)
            phones.assert_hears(path, want, other, min_seconds=1.5,
                                context=f'{phone.name} after the refused re-INVITEs\n{info()}')
        bye = caller.hangup()
        self.assertEqual(bye.status if bye else None, 200, info())
        self.assertIsNotNone(callee.wait_bye(5), info())
        self.assert_record(self.wait_records()[0], 'ANSWERED', hangup_side='caller',
                           context=info())
        self.assert_no_calls_left()
        self.srv.stop()


if __name__ == '__main__':
    unittest.main(verbosity=2)
