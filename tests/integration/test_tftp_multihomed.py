# SPDX-License-Identifier: MIT
"""The TFTP server on a host with several addresses, listening on all of them (tftp_listen =
"0.0.0.0:PORT", as a PBX with a LAN and a VPN address does): every answer, the transfer's DATA
from its own port (RFC 1350 §4) and the ERROR to a refused request alike, comes from the address
the phone asked. Left to the kernel's route, a phone asking the second address would get its
file from the first, which a NAT or stateful firewall on the way drops.

The test re-executes itself inside a private network namespace (`unshare -n`): it listens on the
wildcard address and adds documentation addresses (RFC 5737) to the namespace's loopback, none
of which exists outside it."""

import os
import socket
import struct
import subprocess
import sys
import unittest

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness as h  # noqa: E402

SECOND = '192.0.2.10'
THIRD = '198.51.100.20'


def in_namespace():
    return os.environ.get('SB_TFTP_NETNS') == '1'


def reexec_in_namespace():
    env = dict(os.environ, SB_TFTP_NETNS='1')
    script = os.path.abspath(__file__)
    for unshare in (['unshare', '-n'], ['unshare', '-rn']):
        probe = subprocess.run(unshare + ['true'], capture_output=True)
        if probe.returncode == 0:
            os.execvpe(unshare[0], unshare + ['--', sys.executable, script] + sys.argv[1:], env)
    sys.stderr.write('test_tftp_multihomed: cannot create a network namespace (unshare -n and -rn '
                     f'both failed: {probe.stderr.decode(errors="replace")})\n')
    sys.exit(1)


def ip(*args):
    subprocess.run(['ip', *args], check=True, capture_output=True)


def rrq(name):
    return struct.pack('!H', 1) + name.encode() + b'\0octet\0'


class WildcardListenerTest(h.IntegrationTest):

    @classmethod
    def setUpClass(cls):
        if in_namespace():
            ip('link', 'set', 'lo', 'up')
            for address in (SECOND, THIRD):
                ip('addr', 'add', f'{address}/32', 'dev', 'lo')

    def setUp(self):
        super().setUp()
        if not in_namespace():
            self.fail('must run inside its own network namespace (run the file, not the class)')
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


if __name__ == '__main__':
    if not in_namespace():
        reexec_in_namespace()
    unittest.main(verbosity=2)
