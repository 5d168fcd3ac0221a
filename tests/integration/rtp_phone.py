# SPDX-License-Identifier: MIT
"""A phone made by hand: SIP over UDP on loopback (harness.SipEndpoint) and one G.711 RTP stream
that sends a steady tone and records what comes back. Unlike baresip, its SDP can announce any
address and port (a private address behind a NAT, say) while it really sends and receives on
127.0.0.1, which is what testing the relay's symmetric latching needs. In a call it can re-INVITE
(hold by a=sendonly/inactive or c=0.0.0.0, resume, session refresh, any body), move its audio to
a new port or codec (move_media), and race a BYE; as a callee it can also just ring (ring /
wait_cancel) or refuse (reject). Every received packet is timed, so tests check what was heard
in a window of the call (RtpStream.packets_between / write_window).

Python 3 standard library only.
"""

import math
import os
import random
import secrets
import socket
import struct
import threading
import time

import harness as h
import phones

PAYLOAD_NAMES = {0: 'PCMU', 8: 'PCMA'}


def parse_sdp(body):
    """(connection address, audio port, [payload types]) of an SDP body (first audio stream)."""
    text = body.decode('utf-8', errors='replace') if isinstance(body, bytes) else body
    address, port, pts = None, None, []
    media_address = None
    in_audio = False
    for line in text.replace('\r\n', '\n').split('\n'):
        if line.startswith('m='):
            parts = line[2:].split()
            in_audio = parts[0] == 'audio' and port is None
            if in_audio:
                port = int(parts[1])
                pts = [int(p) for p in parts[3:] if p.isdigit()]
        elif line.startswith('c=IN IP4 '):
            value = line[len('c=IN IP4 '):].strip().split('/')[0]
            if in_audio:
                media_address = value
            elif port is None:
                address = value
    return media_address or address, port, pts


class RtpStream:
    """Sends 20 ms G.711 packets of a tone from a socket on 127.0.0.1 to `remote`, and records
    every G.711 packet that arrives on the same socket (from anywhere: latching is the far end's
    business)."""

    def __init__(self, tone_hz, payload_type=0, port=0):
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        self.sock.bind(('127.0.0.1', port))
        self.port = self.sock.getsockname()[1]
        self.tone_hz = tone_hz
        self.payload_type = payload_type
        self.remote = None
        self.received = []            # (monotonic time, source, payload type, payload)
        self.sources = set()
        self.sent = 0
        self.muted = False            # while set the send loop keeps time but sends nothing
        self.keys = []                # DTMF keys still to send as RFC 4733 events (send_key)
        self.tones = []               # ... or as sound (send_tone_key): (key, frames left)
        self.event_payload_type = 101
        self._stop = threading.Event()
        self._threads = []

    def start(self, remote, payload_type=None):
        self.remote = remote
        if payload_type is not None:
            self.payload_type = payload_type
        for target in (self._send_loop, self._receive_loop):
            t = threading.Thread(target=target, daemon=True)
            t.start()
            self._threads.append(t)

    def _send_loop(self):
        encode = phones.linear_to_ulaw if self.payload_type == 0 else phones.linear_to_alaw
        step = 2 * math.pi * self.tone_hz / 8000
        # One second of tone is a whole number of 20 ms frames at any integer frequency.
        second = bytes(encode(int(12000 * math.sin(step * i))) for i in range(8000))
        ssrc = random.getrandbits(32)
        seq = random.getrandbits(16)
        ts = random.getrandbits(32)
        nxt = time.monotonic()
        frame = 0
        event = None                  # (key code, start timestamp, packets sent) of a key press
        while not self._stop.is_set():
            offset = (frame % 50) * 160
            header = struct.pack('!BBHII', 0x80, self.payload_type, seq, ts, ssrc)
            if self.tones:
                # In-band DTMF: 100 ms of the key's row and column tones, then 60 ms of silence.
                key, left = self.tones[0]
                row = (697, 770, 852, 941)['123A456B789C*0#D'.index(key) // 4]
                column = (1209, 1336, 1477, 1633)['123A456B789C*0#D'.index(key) % 4]
                start = (8 - left) * 160
                samples = [int(6000 * (math.sin(2 * math.pi * row * (start + i) / 8000)
                                       + math.sin(2 * math.pi * column * (start + i) / 8000)))
                           if left > 3 else 0 for i in range(160)]
                self.tones[0] = (key, left - 1)
                if left == 1:
                    self.tones.pop(0)
                try:
                    self.sock.sendto(header + bytes(encode(x) for x in samples), self.remote)
                except OSError:
                    pass
            else:
                if event is None and self.keys:
                    event = ['0123456789*#ABCD'.index(self.keys.pop(0)), ts, 0]
                if event is not None:
                    # RFC 4733 §2.5: every packet of the press carries its start timestamp and
                    # the duration so far; the last three repeat the end (E bit).
                    code, start, count = event
                    count += 1
                    end = count >= 5
                    duration = 160 * min(count, 5)
                    marker = 0x80 if count == 1 else 0
                    packet = struct.pack('!BBHII', 0x80, marker | self.event_payload_type, seq, start, ssrc)
                    packet += struct.pack('!BBH', code, (0x80 if end else 0) | 10, duration)
                    for _ in range(3 if end else 1):
                        try:
                            self.sock.sendto(packet, self.remote)
                        except OSError:
                            pass
                    event = None if end else [code, start, count]
                elif not self.muted:
                    try:
                        self.sock.sendto(header + second[offset:offset + 160], self.remote)
                        self.sent += 1
                    except OSError:
                        pass
            seq = (seq + 1) & 0xFFFF
            ts = (ts + 160) & 0xFFFFFFFF
            frame += 1
            nxt += 0.02
            delay = nxt - time.monotonic()
            if delay > 0:
                self._stop.wait(delay)

    def _receive_loop(self):
        self.sock.settimeout(0.2)
        while not self._stop.is_set():
            try:
                data, src = self.sock.recvfrom(2048)
            except socket.timeout:
                continue
            except OSError:
                return
            if len(data) < 12 or data[0] >> 6 != 2:
                continue
            pt = data[1] & 0x7F
            cc = data[0] & 0x0F
            body = data[12 + 4 * cc:]
            if data[0] & 0x10 and len(body) >= 4:         # header extension (RFC 3550 §5.3.1)
                body = body[4 + 4 * struct.unpack('!H', body[2:4])[0]:]
            if data[0] & 0x20 and body:                   # padding
                body = body[:len(body) - body[-1]]
            self.received.append((time.monotonic(), src, pt, body))
            self.sources.add(src)

    def send_tone_key(self, key):
        """Presses one DTMF key in-band: its two tones in the audio (Q.23), as phones without
        telephone-event do."""
        self.tones.append((key, 8))

    def send_key(self, key):
        """Presses one DTMF key (RFC 4733 telephone-event, 100 ms) instead of the next audio."""
        self.keys.append(key)

    def stop(self):
        self._stop.set()
        for t in self._threads:
            t.join(2)
        self.sock.close()

    def audio_packets(self):
        return [r for r in self.received if r[2] in PAYLOAD_NAMES]

    def packets_between(self, start, end, audio_only=True):
        """What arrived between two time.monotonic() values."""
        found = self.audio_packets() if audio_only else list(self.received)
        return [r for r in found if start <= r[0] < end]

    def write_window(self, path, start, end):
        """The G.711 audio that arrived between two time.monotonic() values, as a WAV file."""
        samples = []
        for _, _, pt, body in self.packets_between(start, end):
            samples.extend(phones.decode_g711(body, pt))
        return phones.write_wav(path, samples)

    def write_recording(self, path):
        """What arrived, decoded and laid end to end (8 kHz), as a WAV file."""
        samples = []
        for _, _, pt, body in self.audio_packets():
            samples.extend(phones.decode_g711(body, pt))
        return phones.write_wav(path, samples)

    def describe(self):
        pts = sorted({r[2] for r in self.received})
        return (f'RTP on 127.0.0.1:{self.port}: sent {self.sent} packets to {self.remote}, '
                f'received {len(self.received)} (payload types {pts}) from {sorted(self.sources)}')


class RtpPhone:
    """One extension as a hand-made SIP phone with a G.711 stream. `announce` is the
    (address, port) its SDP names; by default its real 127.0.0.1 RTP address."""

    def __init__(self, workdir, server, user, password, domain, tone_hz=440, payload_type=0,
                 announce=None, name=None):
        self.dir = workdir
        os.makedirs(workdir, exist_ok=True)
        self.server = server
        self.user = str(user)
        self.password = password
        self.domain = domain
        self.name = name or f'rtp phone {user}'
        self.ep = h.SipEndpoint(server.address, 'udp')
        self.rtp = RtpStream(tone_hz, payload_type)
        self.announce = announce or ('127.0.0.1', self.rtp.port)
        self.payload_type = payload_type
        self.log = []                    # (direction, SipMessage or text)
        self.dialog = None               # dict: call_id, local_tag, remote (From/To values), ...
        self.final = None
        self.sdp_session = random.getrandbits(31)
        self.sdp_version = 1             # o= version: raised for every new offer (RFC 3264 §8)
        self.byes = []                   # BYEs received (and answered 200) while waiting
        self.old_streams = []            # RTP streams left behind by move_media()
        self.pending = None              # an INVITE being rung (ring() / wait_cancel())
        self.mwi = []                    # bodies of message-summary NOTIFYs (answered 200)

    # -- plumbing

    @property
    def contact(self):
        return f'sip:{self.user}@127.0.0.1:{self.ep.local[1]}'

    def _send(self, text, to=None):
        data = text.encode() if isinstance(text, str) else text
        self.log.append(('->', h.SipMessage.parse(data)))
        self.ep.sock.sendto(data, to or self.server.address)

    def _receive(self, timeout):
        m = self.ep.receive(timeout)
        if m is not None:
            self.log.append(('<-', m))
            if m.is_request and m.method == 'OPTIONS':
                self._send(h.response_to(m, 200, 'OK'), m.source)
                return self._receive(timeout)
            if m.is_request and m.method == 'NOTIFY' and m.get('Event', '') == 'message-summary':
                self._send(h.response_to(m, 200, 'OK'), m.source)
                body = m.body.decode(errors='replace') if isinstance(m.body, bytes) else m.body
                key = (m.get('Call-ID'), m.get('CSeq'))
                if all(key != (seen.get('Call-ID'), seen.get('CSeq')) for seen, _ in self.mwi):
                    self.mwi.append((m, body))            # not a retransmission
                return self._receive(timeout)
        return m

    def transcript(self):
        return '\n'.join(f'{d} {m.start_line}  [{m.get("CSeq", "")}]' for d, m in self.log)

    def describe(self):
        return f'{self.name}:\n{self.transcript()}\n{self.rtp.describe()}'

    def sdp(self, direction='sendrecv', address=None, port=None, codecs=None):
        """Our SDP: `address`/`port` default to `announce`; `direction` None leaves the a= line
        out (sendrecv by default, RFC 4566 §6). address '0.0.0.0' is the RFC 2543 hold.
        `codecs`: the G.711 payload types to offer (default ours first, then the other)."""
        address = address or self.announce[0]
        port = self.announce[1] if port is None else port
        pts = list(codecs) if codecs else \
            [self.payload_type] + [p for p in (0, 8) if p != self.payload_type]
        lines = ['v=0', f'o={self.user} {self.sdp_session} {self.sdp_version} IN IP4 '
                        f'{self.announce[0]}', 's=-',
                 f'c=IN IP4 {address}', 't=0 0',
                 f'm=audio {port} RTP/AVP {" ".join(map(str, pts))} 101']
        lines += [f'a=rtpmap:{p} {PAYLOAD_NAMES[p]}/8000' for p in pts]
        lines += ['a=rtpmap:101 telephone-event/8000', 'a=fmtp:101 0-15', 'a=ptime:20']
        if direction:
            lines.append(f'a={direction}')
        lines.append('')
        return '\r\n'.join(lines)

    def _request(self, method, uri, cseq, call_id, from_value, to_value, extra=(), body='',
                 branch=None, content_type='application/sdp'):
        lines = [f'{method} {uri} SIP/2.0',
                 f'Via: SIP/2.0/UDP 127.0.0.1:{self.ep.local[1]};branch={branch or h.new_branch()}'
                 ';rport',
                 'Max-Forwards: 70', f'From: {from_value}', f'To: {to_value}',
                 f'Call-ID: {call_id}', f'CSeq: {cseq} {method}', f'Contact: <{self.contact}>',
                 'User-Agent: sb-rtp-phone']
        lines += list(extra)
        data = body.encode('utf-8', errors='surrogateescape') if isinstance(body, str) else body
        if data:
            lines.append(f'Content-Type: {content_type}')
        lines.append(f'Content-Length: {len(data)}')
        return ('\r\n'.join(lines) + '\r\n\r\n').encode() + data

    def _wait_final(self, call_id, cseq, resend, timeout):
        """Provisional responses are logged; returns the final response or None."""
        deadline = time.monotonic() + timeout
        interval, next_send = 0.5, time.monotonic() + 0.5
        got_provisional = False
        while time.monotonic() < deadline:
            m = self._receive(min(0.1, max(0.001, deadline - time.monotonic())))
            if m is None:
                if resend is not None and not got_provisional and time.monotonic() >= next_send:
                    self._send(resend)           # RFC 3261 §17.1.1.2 timer A
                    interval = min(interval * 2, 4)
                    next_send = time.monotonic() + interval
                continue
            if m.is_request:
                self._answer_stray(m)
                continue
            if m.get('Call-ID') != call_id or m.cseq[0] != cseq:
                continue
            if m.status < 200:
                got_provisional = True
                continue
            return m
        return None

    def _answer_stray(self, m):
        """A request that arrives while we wait for something else: a BYE is answered 200 and
        kept in `byes`; other requests are left alone (logged)."""
        if m.method == 'BYE':
            self._send(_response(m, 200, 'OK', m.get('To')), m.source)
            self.byes.append(m)

    def wait_response(self, call_id, cseq, resend=None, timeout=5):
        """The final response to (Call-ID, CSeq number), re-sending `resend` over UDP until a
        provisional one comes; None if nothing came."""
        return self._wait_final(call_id, cseq, resend, timeout)

    # -- registration

    def register(self, expires=600):
        _, final = self.ep.register(self.user, self.password, self.domain, expires=expires,
                                    contact=f'<{self.contact}>')
        if final is None or final.status != 200:
            raise AssertionError(f'{self.name}: REGISTER failed: '
                                 f'{final.start_line if final else "no answer"}')
        return final

    # -- calling

    def call(self, number, timeout=15, extra=(), body=None, start_media=True,
             content_type='application/sdp'):
        """INVITE, the 407 challenge, INVITE with credentials, ACK. Returns the final response;
        on 200 the media runs (unless `start_media` is False). `extra` adds header lines, `body`
        replaces our SDP (str or bytes, sent as it is)."""
        self._fresh_stream()
        call_id = h.new_call_id()
        tag = h.new_tag()
        uri = f'sip:{number}@{self.domain}'
        from_value = f'<sip:{self.user}@{self.domain}>;tag={tag}'
        to_value = f'<{uri}>'
        body = self.sdp() if body is None else body
        first = self._request('INVITE', uri, 1, call_id, from_value, to_value, extra=extra,
                              body=body, content_type=content_type)
        final = self._wait_final(call_id, 1, first, 10)
        cseq = 1
        if final is not None and final.status in (401, 407):
            self._ack_failure(first, final)
            header = 'Proxy-Authenticate' if final.status == 407 else 'WWW-Authenticate'
            challenge = h.challenges(final, header)[0]
            creds = h.authorization(challenge, self.user, self.password, 'INVITE', uri)
            name = 'Proxy-Authorization' if final.status == 407 else 'Authorization'
            cseq = 2
            second = self._request('INVITE', uri, cseq, call_id, from_value, to_value,
                                   extra=list(extra) + [f'{name}: {creds}'], body=body,
                                   content_type=content_type)
            final = self._wait_final(call_id, cseq, second, timeout)
            first = second
        self.final = final
        if final is None:
            raise AssertionError(f'{self.name}: no final response to INVITE\n{self.describe()}')
        if final.status != 200:
            self._ack_failure(first, final)
            return final
        route = [v for v in reversed(final.values('Record-Route'))]
        self.dialog = {'call_id': call_id, 'from': from_value, 'to': final.get('To'),
                       'target': h.uri_of(final.get('Contact', f'<{uri}>')), 'cseq': cseq,
                       'route': route}
        self._send(self._in_dialog('ACK', cseq))
        if start_media:
            self._start_media(final.body)
        return final

    def _ack_failure(self, invite_text, response):
        """RFC 3261 §17.1.1.3: ACK of a non-2xx reuses the INVITE's branch and To tag."""
        invite = h.SipMessage.parse(invite_text.encode() if isinstance(invite_text, str)
                                    else invite_text)
        lines = [f'ACK {invite.uri} SIP/2.0', f'Via: {invite.get("Via")}', 'Max-Forwards: 70',
                 f'From: {invite.get("From")}', f'To: {response.get("To")}',
                 f'Call-ID: {invite.get("Call-ID")}', f'CSeq: {invite.cseq[0]} ACK',
                 'Content-Length: 0']
        self._send('\r\n'.join(lines) + '\r\n\r\n')

    def _in_dialog(self, method, cseq, extra=(), body=''):
        d = self.dialog
        routes = [f'Route: {r}' for r in d['route']]
        return self._request(method, d['target'], cseq, d['call_id'], d['from'], d['to'],
                             extra=routes + list(extra), body=body)

    def reinvite(self, direction='sendrecv', address=None, port=None, extra=(), body=None,
                 timeout=8, codecs=None):
        """A re-INVITE in our dialog with a new offer (our SDP with `direction`, `address`,
        `port`, or `body` as it is); a 2xx is ACKed. Returns the final response (or None)."""
        if self.dialog is None:
            raise AssertionError(f'{self.name}: re-INVITE without a dialog')
        self.sdp_version += 1
        body = self.sdp(direction, address, port, codecs) if body is None else body
        self.dialog['cseq'] += 1
        cseq = self.dialog['cseq']
        text = self._in_dialog('INVITE', cseq, extra=extra, body=body)
        self._send(text)
        final = self._wait_final(self.dialog['call_id'], cseq, text, timeout)
        if final is not None and 200 <= final.status < 300:
            self._send(self._in_dialog('ACK', cseq))
        elif final is not None:
            self._ack_failure(text, final)
        return final

    def move_media(self, tone_hz=None, timeout=8, payload_type=None):
        """Moves our audio to a new socket (new port) by a re-INVITE naming it, the way a phone
        changing network does: on the 2xx the old stream stops sending (it keeps recording what
        still arrives) and the new one starts. With `payload_type` the re-offer names only that
        codec and the new stream sends it. Returns (final response, old stream)."""
        new = RtpStream(tone_hz or self.rtp.tone_hz,
                        self.rtp.payload_type if payload_type is None else payload_type)
        final = self.reinvite(address='127.0.0.1', port=new.port, timeout=timeout,
                              codecs=None if payload_type is None else [payload_type])
        if final is None or final.status != 200:
            new.sock.close()
            return final, None
        old = self.rtp
        old.muted = True
        self.old_streams.append(old)
        self.rtp = new
        self.announce = ('127.0.0.1', new.port)
        _, _, pts = parse_sdp(final.body)
        new.start(self.media_target, next((p for p in pts if p in PAYLOAD_NAMES),
                                          new.payload_type))
        return final, old

    def _fresh_stream(self):
        """A phone making another call gets a new RTP stream (a stream runs once)."""
        if not self.rtp._threads:
            return
        old = self.rtp
        old.stop()
        self.old_streams.append(old)
        self.rtp = RtpStream(old.tone_hz, self.payload_type)
        if self.announce == ('127.0.0.1', old.port):
            self.announce = ('127.0.0.1', self.rtp.port)
        self.dialog = None

    def bye_text(self):
        """A BYE for our dialog (CSeq raised), not sent: for racing two of them."""
        self.dialog['cseq'] += 1
        return self._in_dialog('BYE', self.dialog['cseq'])

    def send_raw(self, data):
        self._send(data)

    def _start_media(self, sdp_body):
        address, port, pts = parse_sdp(sdp_body)
        if address is None or port is None:
            raise AssertionError(f'{self.name}: no audio address in SDP:\n{sdp_body!r}')
        pt = next((p for p in pts if p in PAYLOAD_NAMES), self.payload_type)
        self.media_target = (address, port)
        self.rtp.start((address, port), pt)

    def hangup(self, timeout=5):
        """BYE in the dialog; returns its final response (or None)."""
        self.dialog['cseq'] += 1
        bye = self._in_dialog('BYE', self.dialog['cseq'])
        self._send(bye)
        return self._wait_final(self.dialog['call_id'], self.dialog['cseq'], bye, timeout)

    # -- transfer

    @property
    def dialog_tags(self):
        """(Call-ID, our tag, the far end's tag) of our dialog: what a Replaces names."""
        d = self.dialog
        return d['call_id'], h.tag_of(d['from']), h.tag_of(d['to'])

    def refer(self, refer_to, timeout=5):
        """REFER in our dialog (RFC 3515) with `refer_to` as the Refer-To value; returns the final
        response (202 when accepted)."""
        self.dialog['cseq'] += 1
        cseq = self.dialog['cseq']
        text = self._in_dialog('REFER', cseq, extra=[f'Refer-To: {refer_to}',
                                                     f'Referred-By: <sip:{self.user}@{self.domain}>'])
        self._send(text)
        return self._wait_final(self.dialog['call_id'], cseq, text, timeout)

    def wait_notifies(self, timeout=10):
        """Answers the NOTIFYs of a REFER's implicit subscription 200 until one ends it
        (Subscription-State: terminated); returns their sipfrag status lines."""
        frags = []
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            m = self._receive(0.2)
            if m is None or not m.is_request:
                continue
            if m.method != 'NOTIFY':
                self._answer_stray(m)
                continue
            self._send(_response(m, 200, 'OK', m.get('To')), m.source)
            body = m.body.decode(errors='replace') if isinstance(m.body, bytes) else m.body
            frags.append(body.split('\r\n')[0])
            if m.get('Subscription-State', '').startswith('terminated'):
                return frags
        raise AssertionError(f'{self.name}: the subscription did not end within {timeout} s '
                             f'({frags})\n{self.describe()}')

    def subscribe_mwi(self, expires=600, dialog=None, target=None):
        """SUBSCRIBE to message-summary (RFC 3842) for our own mailbox, answering the 407. A new
        subscription returns (final response, dialog dict); pass the dialog back to refresh it
        (Expires `expires`, 0 ends it). NOTIFYs that follow land in `mwi`."""
        uri = target or f'sip:{self.user}@{self.domain}'
        extra = ['Event: message-summary', f'Expires: {expires}', 'Accept: application/simple-message-summary']
        if dialog is None:
            dialog = {'call_id': h.new_call_id(), 'from': f'<sip:{self.user}@{self.domain}>;tag={h.new_tag()}',
                      'to': f'<{uri}>', 'cseq': 0, 'creds': []}
        dialog['cseq'] += 1
        text = self._request('SUBSCRIBE', uri, dialog['cseq'], dialog['call_id'], dialog['from'], dialog['to'],
                             extra=extra + dialog['creds'])
        final = self._wait_final(dialog['call_id'], dialog['cseq'], text, 5)
        if final is not None and final.status == 407:
            challenge = h.challenges(final, 'Proxy-Authenticate')[0]
            dialog['creds'] = [f'Proxy-Authorization: {h.authorization(challenge, self.user, self.password, "SUBSCRIBE", uri)}']
            dialog['cseq'] += 1
            text = self._request('SUBSCRIBE', uri, dialog['cseq'], dialog['call_id'], dialog['from'], dialog['to'],
                                 extra=extra + dialog['creds'])
            final = self._wait_final(dialog['call_id'], dialog['cseq'], text, 5)
        if final is not None and final.status == 200:
            dialog['to'] = final.get('To')
        return final, dialog

    def wait_mwi(self, count, timeout=10):
        """Waits until `count` message-summary NOTIFYs have come in all; returns the last body."""
        deadline = time.monotonic() + timeout
        while len(self.mwi) < count and time.monotonic() < deadline:
            m = self._receive(0.2)
            if m is not None and m.is_request:
                self._answer_stray(m)
        if len(self.mwi) < count:
            raise AssertionError(f'{self.name}: {len(self.mwi)} message-summary NOTIFY(s) within '
                                 f'{timeout} s, want {count}\n{self.describe()}')
        return self.mwi[count - 1][1]

    def answer_reinvite(self, timeout=10):
        """Waits for a re-INVITE in our dialog, answers 200 with our SDP and sends our audio where
        its offer says from then on; waits for the ACK. Returns the re-INVITE."""
        deadline = time.monotonic() + timeout
        invite = None
        while time.monotonic() < deadline and invite is None:
            m = self._receive(0.2)
            if m is None or not m.is_request:
                continue
            if m.method == 'INVITE' and m.get('Call-ID') == self.dialog['call_id']:
                invite = m
            else:
                self._answer_stray(m)
        if invite is None:
            raise AssertionError(f'{self.name}: no re-INVITE within {timeout} s\n{self.describe()}')
        self.sdp_version += 1
        ok = _response(invite, 200, 'OK', invite.get('To'),
                       [f'Contact: <{self.contact}>', 'Content-Type: application/sdp'], self.sdp())
        self._send(ok, invite.source)
        self.dialog['target'] = h.uri_of(invite.get('Contact', f'<{self.dialog["target"]}>'))
        address, port, _ = parse_sdp(invite.body)
        self.media_target = (address, port)
        self.rtp.remote = (address, port)
        end = time.monotonic() + 5
        while time.monotonic() < end:
            m = self._receive(0.2)
            if m is not None and m.is_request and m.method == 'ACK' \
                    and m.get('Call-ID') == invite.get('Call-ID'):
                return invite
            if m is not None and m.is_request:
                self._answer_stray(m)
        raise AssertionError(f'{self.name}: no ACK for the re-INVITE\n{self.describe()}')

    # -- ringing without answering

    def _wait_invite(self, timeout):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            m = self._receive(0.2)
            if m is not None and m.is_request and m.method == 'INVITE':
                return m
            if m is not None and m.is_request:
                self._answer_stray(m)
        raise AssertionError(f'{self.name}: no INVITE within {timeout} s\n{self.describe()}')

    def ring(self, timeout=15):
        """Waits for an INVITE and answers 180 only (the phone rings); returns the INVITE."""
        invite = self._wait_invite(timeout)
        to_value = invite.get('To') + f';tag={h.new_tag()}'
        self.pending = (invite, to_value)
        self._send(_response(invite, 180, 'Ringing', to_value, [f'Contact: <{self.contact}>']),
                   invite.source)
        return invite

    def wait_cancel(self, timeout=10):
        """While ringing (ring()): waits for the CANCEL, answers it 200 and the INVITE 487, and
        waits for the ACK of the 487 (RFC 3261 §9.2). Returns the CANCEL or None."""
        invite, to_value = self.pending
        deadline = time.monotonic() + timeout
        cancel = None
        while time.monotonic() < deadline:
            m = self._receive(0.2)
            if m is None or not m.is_request:
                continue
            if m.method == 'CANCEL' and m.get('Call-ID') == invite.get('Call-ID'):
                cancel = m
                self._send(_response(m, 200, 'OK', to_value), m.source)
                self._send(_response(invite, 487, 'Request Terminated', to_value), invite.source)
            elif m.method == 'ACK' and cancel is not None:
                break
            else:
                self._answer_stray(m)
        self.pending = None
        return cancel

    def reject(self, status=486, reason='Busy Here', timeout=15):
        """Waits for an INVITE and refuses it with `status`; returns the INVITE."""
        invite = self._wait_invite(timeout)
        to_value = invite.get('To') + f';tag={h.new_tag()}'
        self._send(_response(invite, status, reason, to_value), invite.source)
        deadline = time.monotonic() + 5
        while time.monotonic() < deadline:
            m = self._receive(0.2)
            if m is not None and m.is_request and m.method == 'ACK':
                break
        return invite

    # -- being called

    def answer(self, timeout=15, ring_seconds=0.3):
        """Waits for an INVITE, answers 180 then 200 with our SDP, waits for the ACK; media runs.
        Returns the INVITE."""
        self._fresh_stream()
        deadline = time.monotonic() + timeout
        invite = None
        while time.monotonic() < deadline:
            m = self._receive(0.2)
            if m is not None and m.is_request and m.method == 'INVITE':
                invite = m
                break
        if invite is None:
            raise AssertionError(f'{self.name}: no INVITE within {timeout} s\n{self.describe()}')
        tag = h.new_tag()
        to_value = invite.get('To') + f';tag={tag}'
        contact = [f'Contact: <{self.contact}>']
        ringing = _response(invite, 180, 'Ringing', to_value, contact)
        self._send(ringing, invite.source)
        time.sleep(ring_seconds)
        body = self.sdp()
        ok = _response(invite, 200, 'OK', to_value, contact + ['Content-Type: application/sdp'],
                       body)
        self._send(ok, invite.source)
        # The 200 is repeated until the ACK (RFC 3261 §13.3.1.4).
        interval, next_send, acked = 0.5, time.monotonic() + 0.5, False
        end = time.monotonic() + 10
        while time.monotonic() < end:
            m = self._receive(0.1)
            if m is not None and m.is_request and m.method == 'ACK' \
                    and m.get('Call-ID') == invite.get('Call-ID'):
                acked = True
                break
            if time.monotonic() >= next_send:
                self._send(ok, invite.source)
                interval = min(interval * 2, 4)
                next_send = time.monotonic() + interval
        if not acked:
            raise AssertionError(f'{self.name}: no ACK for the 200\n{self.describe()}')
        self.dialog = {'call_id': invite.get('Call-ID'), 'from': to_value,
                       'to': invite.get('From'),
                       'target': h.uri_of(invite.get('Contact', '')),
                       'cseq': random.randint(1, 1000),
                       'route': list(invite.values('Record-Route'))}
        self._start_media(invite.body)
        return invite

    def wait_bye(self, timeout=10):
        """Waits for a BYE in our dialog and answers 200; returns it (or None)."""
        call_id = self.dialog['call_id'] if self.dialog else None
        for bye in self.byes:
            if bye.get('Call-ID') == call_id:
                return bye
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            m = self._receive(0.2)
            if m is not None and m.is_request and m.method == 'BYE':
                self._send(_response(m, 200, 'OK', m.get('To')), m.source)
                self.byes.append(m)
                return m
        return None

    def close(self):
        for stream in [self.rtp] + self.old_streams:
            stream.stop() if stream._threads else stream.sock.close()
        self.ep.close()

    def recording(self):
        return self.rtp.write_recording(os.path.join(self.dir, f'heard-{secrets.token_hex(2)}.wav'))


def _response(request, status, reason, to_value, extra=(), body=''):
    lines = [f'SIP/2.0 {status} {reason}']
    lines += [f'Via: {v}' for v in request.all('Via')]
    lines += [f'Record-Route: {v}' for v in request.all('Record-Route')]
    lines += [f'From: {request.get("From")}', f'To: {to_value}',
              f'Call-ID: {request.get("Call-ID")}', f'CSeq: {request.get("CSeq")}']
    lines += list(extra)
    lines.append(f'Content-Length: {len(body.encode())}')
    return '\r\n'.join(lines) + '\r\n\r\n' + body
