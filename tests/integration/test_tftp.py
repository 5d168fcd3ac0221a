# SPDX-License-Identifier: MIT
"""The phones' TFTP server (RFC 1350, options RFC 2347/2348/2349, RFC 7440 windowsize) with the
real clients phones are tested with: tftp-hpa's `tftp` and `atftp`. The firmware file comes back
byte-exact at every block and window size; names match without regard to case and with a leading
"./"; every way out of firmware_dir, write requests and absurd options are refused with TFTP
error packets; a transfer abandoned midway stalls nobody; many transfers run at once.

Protocol details the clients hide (the OACK's values, error codes, a stranger's packet to a
transfer's port) are checked with a small client written here on the standard library.
"""

import os
import socket
import struct
import subprocess
import sys
import tempfile
import threading
import time
import unittest

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness as h  # noqa: E402

FIRMWARE = 'P0S3-08-12-00.bin'
TEXT = 'OS79XX.TXT'


def rrq(name, mode='octet', **options):
    packet = struct.pack('!H', 1) + name.encode('latin-1') + b'\0' + mode.encode() + b'\0'
    for k, v in options.items():
        packet += k.encode() + b'\0' + str(v).encode() + b'\0'
    return packet


def error_of(packet):
    """(code, message) of an ERROR packet, else None."""
    if packet is None or len(packet) < 4 or struct.unpack('!H', packet[:2])[0] != 5:
        return None
    return struct.unpack('!H', packet[2:4])[0], packet[4:].rstrip(b'\0').decode(errors='replace')


class RawClient:
    """A TFTP client made by hand: sends what the test says, returns what came back."""

    def __init__(self, server):
        self.server = server
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        self.sock.bind(('127.0.0.1', 0))
        self.sock.settimeout(3)
        self.peer = None

    def ask(self, packet):
        self.sock.sendto(packet, self.server)
        try:
            data, self.peer = self.sock.recvfrom(70000)
            return data
        except socket.timeout:
            return None

    def read_all(self, name, **options):
        """Fetches `name` (ACKing an OACK with 0); returns (bytes, oack options)."""
        data = self.ask(rrq(name, **options))
        oack = {}
        block_size = int(options.get('blksize', 512))
        if data and struct.unpack('!H', data[:2])[0] == 6:
            fields = data[2:].split(b'\0')[:-1]
            oack = {fields[i].decode(): fields[i + 1].decode() for i in range(0, len(fields), 2)}
            block_size = int(oack.get('blksize', 512))
            self.sock.sendto(struct.pack('!HH', 4, 0), self.peer)
            data, self.peer = self.sock.recvfrom(70000)
        out = bytearray()
        expected = 1
        while True:
            opcode, block = struct.unpack('!HH', data[:4])
            if opcode != 3:
                raise AssertionError(f'expected DATA, got {data[:40]!r}')
            if block == expected & 0xffff:
                out += data[4:]
                expected += 1
            self.sock.sendto(struct.pack('!HH', 4, block), self.peer)
            if len(data) - 4 < block_size:
                return bytes(out), oack
            data, self.peer = self.sock.recvfrom(70000)

    def close(self):
        self.sock.close()


class TftpServerTest(h.IntegrationTest):

    @classmethod
    def setUpClass(cls):
        cls.firmware = os.urandom(5_000_000)

    def setUp(self):
        super().setUp()
        self.fw = os.path.join(self.workdir, 'firmware')
        os.makedirs(self.fw)
        with open(os.path.join(self.fw, FIRMWARE), 'wb') as f:
            f.write(self.firmware)
        with open(os.path.join(self.fw, TEXT), 'w') as f:
            f.write('P0S3-08-12-00\n')
        secret = os.path.join(self.workdir, 'secret.txt')
        with open(secret, 'w') as f:
            f.write('not for phones\n')
        os.symlink(secret, os.path.join(self.fw, 'escape.txt'))
        self.port = h.free_port(('udp',))
        self.srv = self.server(extensions=[h.Extension('100')], extra_sections={
            'provisioning': {'tftp_listen': f'127.0.0.1:{self.port}', 'firmware_dir': self.fw}})
        self.address = ('127.0.0.1', self.port)

    def raw(self):
        c = RawClient(self.address)
        self.addCleanup(c.close)
        return c

    def out(self, name):
        return os.path.join(self.workdir, name)

    def tftp_hpa(self, *commands):
        return subprocess.run(['tftp', '127.0.0.1', str(self.port)] + ['-c'] + list(commands),
                              capture_output=True, text=True, timeout=60, cwd=self.workdir)

    def atftp(self, remote, local, *options):
        args = ['atftp']
        for o in options:
            args += ['--option', o]
        args += ['-g', '-r', remote, '-l', local, '127.0.0.1', str(self.port)]
        return subprocess.run(args, capture_output=True, text=True, timeout=60)

    def assert_same_file(self, path, expected, context):
        with open(path, 'rb') as f:
            got = f.read()
        self.assertEqual(len(got), len(expected), context)
        self.assertTrue(got == expected, f'{context}: contents differ')

    # -- fetching

    def test_tftp_hpa_fetches_the_firmware_byte_exact(self):
        r = subprocess.run(['tftp', '-m', 'binary', '127.0.0.1', str(self.port), '-c', 'get', FIRMWARE,
                            self.out('hpa.bin')], capture_output=True, text=True, timeout=120)
        self.assertEqual(r.returncode, 0, r.stdout + r.stderr)
        self.assert_same_file(self.out('hpa.bin'), self.firmware, 'tftp-hpa, 512-byte blocks')

    def test_atftp_fetches_the_firmware_at_every_block_and_window_size(self):
        for blksize, window in ((512, 1), (1428, 1), (1428, 16), (8192, 4), (65464, 16)):
            local = self.out(f'atftp-{blksize}-{window}.bin')
            r = self.atftp(FIRMWARE, local, f'blksize {blksize}', 'tsize 0', f'windowsize {window}')
            self.assertEqual(r.returncode, 0, f'blksize {blksize} windowsize {window}: {r.stdout}{r.stderr}')
            self.assert_same_file(local, self.firmware, f'atftp blksize {blksize} windowsize {window}')

    def test_the_oack_answers_tsize_with_the_size_and_lowers_nothing_it_accepts(self):
        data, oack = self.raw().read_all(FIRMWARE, blksize=1428, tsize=0, timeout=2, windowsize=1,
                                         multicast='')
        self.assertEqual(data, self.firmware)
        self.assertEqual(oack, {'blksize': '1428', 'tsize': str(len(self.firmware)), 'timeout': '2',
                                'windowsize': '1'})

    def test_names_match_without_regard_to_case_and_with_a_leading_dot_slash(self):
        for name in ('./os79xx.txt', 'OS79XX.TXT', './OS79xx.Txt'):
            local = self.out('text-' + name.replace('/', '_'))
            r = subprocess.run(['tftp', '-m', 'binary', '127.0.0.1', str(self.port), '-c', 'get', name, local],
                               capture_output=True, text=True, timeout=30)
            self.assertEqual(r.returncode, 0, f'{name}: {r.stdout}{r.stderr}')
            with open(local) as f:
                self.assertEqual(f.read(), 'P0S3-08-12-00\n', name)

    def test_netascii_mode_sends_cr_lf(self):
        c = self.raw()
        data = c.ask(rrq(TEXT, mode='netascii'))
        self.assertEqual(data[4:], b'P0S3-08-12-00\r\n')

    # -- refusing

    def test_every_way_out_of_the_firmware_folder_is_refused_with_an_error_packet(self):
        c = self.raw()
        for name in ('../secret.txt', '/etc/passwd', '..%2fsecret.txt', '%2e%2e/secret.txt', '.%2e/secret.txt',
                     './../secret.txt', 'firmware/../../secret.txt', 'escape.txt', 'a' * 300, '..\\secret.txt'):
            error = error_of(c.ask(rrq(name)))
            self.assertIsNotNone(error, f'{name[:40]!r} must get an ERROR packet')
            self.assertIn(error[0], (1, 2, 4), f'{name[:40]!r}: {error}')
        r = self.tftp_hpa('get', '../secret.txt', self.out('x'))
        self.assertIn('Error code 2', r.stdout + r.stderr)

    def test_write_requests_are_refused(self):
        error = error_of(self.raw().ask(struct.pack('!H', 2) + b'new.cnf\0octet\0'))
        self.assertEqual(error, (2, 'read only'))
        with open(self.out('up.txt'), 'w') as f:
            f.write('x')
        r = self.tftp_hpa('put', self.out('up.txt'), 'up.txt')
        self.assertIn('Error code 2', r.stdout + r.stderr)
        self.assertFalse(os.path.exists(os.path.join(self.fw, 'up.txt')))

    def test_absurd_options_and_malformed_packets_get_error_packets(self):
        c = self.raw()
        for options in ({'blksize': 0}, {'blksize': 100000}, {'windowsize': 0}, {'timeout': 999}):
            error = error_of(c.ask(rrq(TEXT, **options)))
            self.assertEqual(error[0] if error else None, 8, f'{options}: {error}')
        for junk in (b'\0\7\0\0', b'\0', b'\0\1no-nul', b'\0\3\0\1data'):
            error = error_of(c.ask(junk))
            self.assertEqual(error[0] if error else None, 4, f'{junk!r}: {error}')
        r = self.atftp(TEXT, self.out('zero'), 'blksize 0')
        self.assertNotEqual(r.returncode, 0)
        self.assertIn('8-65464', r.stdout + r.stderr)

    def test_a_stranger_gets_error_5_and_the_transfer_goes_on(self):
        c = self.raw()
        first = c.ask(rrq(TEXT))
        self.assertEqual(struct.unpack('!HH', first[:4]), (3, 1))
        stranger = RawClient(c.peer)
        self.addCleanup(stranger.close)
        self.assertEqual(error_of(stranger.ask(struct.pack('!HH', 4, 1)))[0], 5)
        c.sock.sendto(struct.pack('!HH', 4, 1), c.peer)  # the real client: done (one short block)
        data, _ = c.read_all(FIRMWARE, blksize=8192)
        self.assertEqual(data, self.firmware)

    def test_an_abandoned_transfer_stalls_nobody_and_is_given_up(self):
        quitter = self.raw()
        self.assertIsNotNone(quitter.ask(rrq(FIRMWARE, timeout=1)))  # then never ACKs
        data, _ = self.raw().read_all(FIRMWARE, blksize=1428, windowsize=8)
        self.assertEqual(data, self.firmware)
        # Retransmissions every second, given up after the fifth.
        seen = 0
        quitter.sock.settimeout(1.5)
        deadline = time.monotonic() + 12
        last = None
        while time.monotonic() < deadline:
            try:
                last, _ = quitter.sock.recvfrom(70000)
                seen += 1
                if error_of(last):
                    break
            except socket.timeout:
                break
        self.assertGreaterEqual(seen, 3, 'the first block is sent again on timeout')
        self.assertEqual(error_of(last), (0, 'timed out'), 'the server says it gave up')

    def test_many_transfers_at_once(self):
        results = {}

        def fetch(i):
            c = RawClient(self.address)
            try:
                results[i] = c.read_all(TEXT, blksize=8)[0]
            except Exception as e:  # reported below
                results[i] = e
            finally:
                c.close()

        threads = [threading.Thread(target=fetch, args=(i,)) for i in range(40)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(30)
        self.assertEqual(len(results), 40)
        bad = {i: r for i, r in results.items() if r != b'P0S3-08-12-00\n'}
        self.assertEqual(bad, {})


if __name__ == '__main__':
    unittest.main()
