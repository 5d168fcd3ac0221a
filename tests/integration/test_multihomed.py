# SPDX-License-Identifier: MIT
"""Switchboard on a host with several addresses, listening on all of them (the default
`listen = ["udp:0.0.0.0:5060", ...]`, `tftp_listen = "0.0.0.0:69"`, as on a PBX with a LAN and a
VPN address): whatever a phone sends to one address is answered from that address, and requests
to the phone (qualify OPTIONS) leave from the address it registered at. Left to the kernel's
route, answers to the second address would come from the first, which the phone, its NAT (whose
mapping lets in only the address it sent to) or a stateful firewall on the way drops.

TFTP: the transfer's DATA from its own port (RFC 1350 §4) and the ERROR to a refused request.
SIP over UDP: the 401 and 200 of a REGISTER, an OPTIONS answer, and the keepalive OPTIONS with a
Via naming that address.

The test re-executes itself inside a private network namespace (`unshare -n`): it listens on the
wildcard address and adds documentation addresses (RFC 5737) to the namespace's loopback, none
of which exists outside it."""

import os
import socket
import struct
import subprocess
import sys
import time
import unittest

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness as h  # noqa: E402

SECOND = '192.0.2.10'
THIRD = '198.51.100.20'


NETNS_FLAG = 'SB_MULTIHOMED_NETNS'



def rrq(name):
    return struct.pack('!H', 1) + name.encode() + b'\0octet\0'


class MultihomedTest(h.IntegrationTest):
    """Loopback up with SECOND and THIRD added to it, once per namespace."""

    network_ready = False

    def setUp(self):
        super().setUp()
        if not h.in_private_netns(NETNS_FLAG):
            self.fail('must run inside its own network namespace (run the file, not the class)')
        if not MultihomedTest.network_ready:
            h.ip('link', 'set', 'lo', 'up')
            for address in (SECOND, THIRD):
                h.ip('addr', 'add', f'{address}/32', 'dev', 'lo')
            MultihomedTest.network_ready = True


class TftpWildcardListenerTest(MultihomedTest):

    def setUp(self):
        super().setUp()
        self.port = h.free_port(('udp',))
        self.srv = self.server(extensions=[h.Extension('100')], extra_sections={
            'provisioning': {'tftp_listen': f'0.0.0.0:{self.port}'}})
        self.client = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        self.client.bind(('127.0.0.1', 0))
        self.client.settimeout(3)
        self.addCleanup(self.client.close)

    def fetch(self, server_ip, name='SIPDefault.cnf'):
        """Reads `name` from server_ip with a hand-made client; returns (bytes, every sender)."""
        self.client.sendto(rrq(name), (server_ip, self.port))
        senders, out, expected = [], bytearray(), 1
        while True:
            data, sender = self.client.recvfrom(2048)
            senders.append(sender)
            opcode, block = struct.unpack('!HH', data[:4])
            self.assertEqual(opcode, 3, f'expected DATA from {server_ip}, got {data[:40]!r}')
            if block == expected:
                out += data[4:]
                expected += 1
            self.client.sendto(struct.pack('!HH', 4, block), sender)
            if len(data) - 4 < 512:
                return bytes(out), senders

    def test_a_transfer_answers_from_the_address_it_was_asked(self):
        first, _ = self.fetch('127.0.0.1')
        self.assertIn(b'proxy1_address', first)
        for server_ip in ('127.0.0.1', SECOND, THIRD):
            content, senders = self.fetch(server_ip)
            self.assertEqual(content, first, server_ip)
            self.assertEqual({s[0] for s in senders}, {server_ip},
                             f'DATA for a request to {server_ip} came from {senders}')
            self.assertNotEqual(senders[0][1], self.port, 'a transfer has its own port (TID)')

    def test_a_refusal_comes_from_the_address_it_was_asked(self):
        for server_ip in (SECOND, THIRD):
            self.client.sendto(struct.pack('!H', 2) + b'x.cnf\0octet\0', (server_ip, self.port))
            data, sender = self.client.recvfrom(2048)
            self.assertEqual(struct.unpack('!HH', data[:4]), (5, 2), 'write request: access violation')
            self.assertEqual(sender, (server_ip, self.port))
            self.client.sendto(rrq('../etc/passwd'), (server_ip, self.port))
            data, sender = self.client.recvfrom(2048)
            self.assertEqual(struct.unpack('!HH', data[:4]), (5, 2))
            self.assertEqual(sender, (server_ip, self.port))

    def test_tftp_hpa_fetches_from_the_second_address(self):
        out = os.path.join(self.workdir, 'SIPDefault.cnf')
        r = subprocess.run(['tftp', SECOND, str(self.port), '-m', 'binary', '-c', 'get', 'SIPDefault.cnf', out],
                           capture_output=True, text=True, timeout=60)
        self.assertEqual(r.returncode, 0, r.stdout + r.stderr)
        with open(out, 'rb') as f:
            content = f.read()
        # tftp-hpa's socket is unbound, so the kernel gave it the second address as its own too:
        # the phone is told to register at the address that reaches us from where it stands.
        self.assertIn(f'proxy1_address: "{SECOND}"'.encode(), content)


class SipWildcardListenerTest(MultihomedTest):

    def setUp(self):
        super().setUp()
        self.ext = h.Extension('100')
        port = h.free_port()
        self.srv = self.server(extensions=[self.ext], port=port, transports=('udp',),
                               sip={'listen': [f'udp:0.0.0.0:{port}'], 'qualify_frequency': 10,
                                    'qualify_timeout': 2})
        self.port = port

    def endpoint(self, server_ip):
        ep = h.SipEndpoint((server_ip, self.port), 'udp')
        self.addCleanup(ep.close)
        return ep

    def test_answers_come_from_the_address_that_was_asked(self):
        for server_ip in ('127.0.0.1', SECOND, THIRD):
            ep = self.endpoint(server_ip)
            ok = ep.request(h.options_request(ep.local, (server_ip, self.port)))
            self.assertIsNotNone(ok, f'no answer to OPTIONS sent to {server_ip}')
            self.assertEqual(ok.status, 200)
            self.assertEqual(ok.source, (server_ip, self.port), f'OPTIONS to {server_ip}')

    def test_a_phone_registered_at_the_second_address_is_answered_and_probed_from_it(self):
        ep = self.endpoint(SECOND)
        challenge, final = ep.register(self.ext.number, self.ext.secret, self.srv.domain)
        self.assertEqual(challenge.status, 401)
        self.assertEqual(challenge.source, (SECOND, self.port), '401')
        self.assertIsNotNone(final)
        self.assertEqual(final.status, 200)
        self.assertEqual(final.source, (SECOND, self.port), '200')
        # The first keepalive follows a second after registering: from the same address, with a
        # Via that names it (the phone's answer must come back there).
        seen = []
        deadline = time.monotonic() + 8
        while time.monotonic() < deadline and not any(m.method == 'OPTIONS' for m in seen):
            seen += ep.answer_requests(0.5)
        probes = [m for m in seen if m.method == 'OPTIONS']
        self.assertTrue(probes, 'no keepalive OPTIONS within 8 s')
        self.assertEqual(probes[0].source, (SECOND, self.port))
        self.assertIn(f'SIP/2.0/UDP {SECOND}:{self.port}', probes[0].get('Via'))


if __name__ == '__main__':
    if not h.in_private_netns(NETNS_FLAG):
        h.reexec_in_private_netns(NETNS_FLAG)
    unittest.main(verbosity=2)
