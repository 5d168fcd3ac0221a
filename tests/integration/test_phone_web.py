# SPDX-License-Identifier: MIT
"""The phones' HTTP side, reached the way a 7960 reaches it: the directory, services and logo URLs
are read out of SIPDefault.cnf and SIP<MAC>.cnf fetched over TFTP, then fetched over HTTP. The
directory answers CiscoIPPhoneInput then CiscoIPPhoneDirectory pages of at most 32 entries with a
Refresh header to the next; the services menu (CiscoIPPhoneMenu) turns do-not-disturb and
forward-all of the phone's first line on and off, only from where its lines are registered; the
logo is a 90×56 BMP, drawn in code or converted from the user's PNG. Bad HTTP gets 400/405.
"""

import http.client
import os
import re
import socket
import struct
import subprocess
import time
import sys
import unittest
import urllib.parse
import xml.etree.ElementTree as ET
import zlib

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import call_checks as cc  # noqa: E402
import harness as h  # noqa: E402
import rtp_phone  # noqa: E402

DOMAIN = 'pbx.test'
MAC = '000E84C060A6'
MAC2 = '000E84C060A7'


def gradient_png(path, width=200, height=120):
    rows = b''.join(b'\0' + bytes((x * 255 // (width - 1)) for x in range(width)) for _ in range(height))

    def chunk(kind, data):
        return struct.pack('>I', len(data)) + kind + data + struct.pack('>I', zlib.crc32(kind + data) & 0xffffffff)
    with open(path, 'wb') as f:
        f.write(b'\x89PNG\r\n\x1a\n' + chunk(b'IHDR', struct.pack('>IIBBBBB', width, height, 8, 0, 0, 0, 0)) +
                chunk(b'IDAT', zlib.compress(rows)) + chunk(b'IEND', b''))


class PhoneWeb(h.IntegrationTest):

    def start(self, logo=None, extensions=40, sip=None):
        self.exts = [h.Extension(str(100 + i), name=f'Person {i:02d}', voicemail=(i == 0)) for i in range(extensions)]
        self.tftp_port = h.free_port(('udp',))
        self.http_port = h.free_port(('tcp',))
        port = h.free_port()
        folder = os.path.join(self.workdir, 'server')
        os.makedirs(folder, exist_ok=True)
        provisioning = {'tftp_listen': f'127.0.0.1:{self.tftp_port}', 'http_listen': f'127.0.0.1:{self.http_port}',
                        'firmware_dir': os.path.join(self.workdir, 'firmware')}
        if logo:
            provisioning['logo'] = logo
        text = h.render_config(os.path.join(folder, 'data'), [f'udp:127.0.0.1:{port}'], DOMAIN, self.exts,
                               sip={'qualify_frequency': 60, **(sip or {})},
                               extra_sections={'provisioning': provisioning})
        text += (f'\n[[phone]]\nmac = "{MAC}"\nmodel = "cisco-7960"\nlabel = "Desk"\nlines = ["100", "101"]\n'
                 f'\n[[phone]]\nmac = "{MAC2}"\nmodel = "cisco-7940"\nlabel = "Spare"\nlines = ["102"]\n')
        self.srv = self.server(name='server', extensions=self.exts, domain=DOMAIN, port=port, config_text=text)

    def tftp_values(self, name):
        local = os.path.join(self.workdir, 'cnf-' + name.replace('/', '_'))
        r = subprocess.run(['tftp', '-m', 'binary', '127.0.0.1', str(self.tftp_port), '-c', 'get', name, local],
                           capture_output=True, text=True, timeout=30)
        self.assertEqual(r.returncode, 0, r.stdout + r.stderr)
        with open(local, encoding='latin-1') as f:
            return dict(re.findall(r'^(\w+): "?([^"\n]*)"?$', f.read(), re.M))

    def get(self, url, method='GET'):
        parts = urllib.parse.urlsplit(url)
        conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=5)
        self.addCleanup(conn.close)
        conn.request(method, parts.path + ('?' + parts.query if parts.query else ''))
        response = conn.getresponse()
        return response, response.read()

    def xml(self, url, root):
        response, body = self.get(url)
        self.assertEqual(response.status, 200, url)
        self.assertEqual(response.getheader('Content-Type'), 'text/xml; charset=ISO-8859-1')
        tree = ET.fromstring(body)
        self.assertEqual(tree.tag, root, body)
        return response, tree

    def test_the_urls_in_the_phone_files_answer_with_the_right_objects(self):
        self.start()
        default = self.tftp_values('SIPDefault.cnf')
        mine = self.tftp_values(f'./SIP{MAC}.cnf')
        base = f'http://127.0.0.1:{self.http_port}'
        self.assertEqual(default['directory_url'], base + '/cisco/directory')
        self.assertEqual(default['logo_url'], base + '/cisco/logo.bmp')
        self.assertEqual(mine['services_url'], base + f'/cisco/services?mac={MAC}')

        _, form = self.xml(default['directory_url'], 'CiscoIPPhoneInput')
        list_url = form.findtext('URL')
        self.assertEqual(form.findtext('InputItem/QueryStringParam'), 'q')
        response, page = self.xml(list_url + '?q=', 'CiscoIPPhoneDirectory')
        entries = page.findall('DirectoryEntry')
        self.assertEqual(len(entries), 32)
        self.assertEqual((entries[0].findtext('Name'), entries[0].findtext('Telephone')), ('Person 00', '100'))
        refresh = response.getheader('Refresh')
        self.assertIsNotNone(refresh, 'more than 32 entries: a Refresh header names the next page')
        next_url = refresh.split('url=', 1)[1]
        response, page = self.xml(next_url, 'CiscoIPPhoneDirectory')
        self.assertEqual(len(page.findall('DirectoryEntry')), 8)
        self.assertIsNone(response.getheader('Refresh'))
        _, found = self.xml(list_url + '?q=person+07', 'CiscoIPPhoneDirectory')
        self.assertEqual([e.findtext('Telephone') for e in found.findall('DirectoryEntry')], ['107'])

        response, bmp = self.get(default['logo_url'])
        self.assertEqual(response.getheader('Content-Type'), 'image/bmp')
        self.assertEqual(bmp[:2], b'BM')
        self.assertEqual(struct.unpack('<ii', bmp[18:26]), (90, 56))

    def test_the_services_menu_changes_the_first_lines_settings_from_the_registered_phone_only(self):
        self.start(extensions=4)
        services = self.tftp_values(f'./SIP{MAC}.cnf')['services_url']
        _, menu = self.xml(services, 'CiscoIPPhoneMenu')
        self.assertEqual([i.findtext('Name') for i in menu.findall('MenuItem')], ['Who is registered'],
                         'settings only once the phone is registered')
        dnd_url = services.replace('/cisco/services?', '/cisco/services/dnd?') + '&set=on'
        response, _ = self.get(dnd_url)
        self.assertEqual(response.status, 403)

        ep = h.SipEndpoint(self.srv.address, 'udp')
        self.addCleanup(ep.close)
        _, final = ep.register('100', self.exts[0].secret, DOMAIN)
        self.assertEqual(final.status if final else None, 200)
        _, menu = self.xml(services, 'CiscoIPPhoneMenu')
        items = {i.findtext('Name'): i.findtext('URL') for i in menu.findall('MenuItem')}
        self.assertIn('Do not disturb: off (turn on)', items)
        self.xml(items['Do not disturb: off (turn on)'], 'CiscoIPPhoneText')
        _, menu = self.xml(services, 'CiscoIPPhoneMenu')
        names = [i.findtext('Name') for i in menu.findall('MenuItem')]
        self.assertIn('Do not disturb: on (turn off)', names)

        _, form = self.xml(items['Forward all: off (set)'], 'CiscoIPPhoneInput')
        self.assertEqual(form.findtext('InputItem/QueryStringParam'), 'to')
        _, done = self.xml(form.findtext('URL') + '&to=102', 'CiscoIPPhoneText')
        self.assertIn('102', done.findtext('Text'))
        _, menu = self.xml(services, 'CiscoIPPhoneMenu')
        self.assertIn('Forward all: to 102 (change)', [i.findtext('Name') for i in menu.findall('MenuItem')])
        # The other phone's lines are not registered: its settings cannot be changed from here.
        response, _ = self.get(f'http://127.0.0.1:{self.http_port}/cisco/services/dnd?mac={MAC2}&set=on')
        self.assertEqual(response.status, 403)
        _, who = self.xml(f'http://127.0.0.1:{self.http_port}/cisco/services/registered', 'CiscoIPPhoneText')
        self.assertIn('100 Person 00 - registered', who.findtext('Text'))

    def test_the_services_menu_counts_the_first_lines_voicemail_and_lists_it(self):
        self.start(extensions=3, sip={'ring_timeout': 2})
        services = self.tftp_values(f'./SIP{MAC}.cnf')['services_url']
        ep = h.SipEndpoint(self.srv.address, 'udp')
        self.addCleanup(ep.close)
        _, final = ep.register('100', self.exts[0].secret, DOMAIN)
        self.assertEqual(final.status if final else None, 200)
        _, menu = self.xml(services, 'CiscoIPPhoneMenu')
        names = [i.findtext('Name') for i in menu.findall('MenuItem')]
        self.assertEqual(names[0], 'Voicemail: 0 new, 0 old', names)

        # 101 calls 100, whose phone does not answer: after ring_timeout voicemail takes a message.
        caller = rtp_phone.RtpPhone(os.path.join(self.workdir, 'caller'), self.srv, '101', self.exts[1].secret,
                                    DOMAIN, tone_hz=700)
        self.addCleanup(caller.close)
        final = caller.call('100', timeout=20)
        self.assertEqual(final.status, 200, caller.describe())
        self.assertIsNotNone(cc.wait_for_tone(caller, cc.VOICEMAIL_BEEP_HZ, time.monotonic(), timeout=20),
                             caller.describe())
        time.sleep(2.5)
        bye = caller.hangup()
        self.assertEqual(bye.status if bye else None, 200, caller.describe())
        deadline = time.monotonic() + 5
        while not self.srv.ctl_json('voicemail', '100') and time.monotonic() < deadline:
            time.sleep(0.2)

        _, menu = self.xml(services, 'CiscoIPPhoneMenu')
        items = {i.findtext('Name'): i.findtext('URL') for i in menu.findall('MenuItem')}
        self.assertIn('Voicemail: 1 new, 0 old', items)
        _, listing = self.xml(items['Voicemail: 1 new, 0 old'], 'CiscoIPPhoneText')
        self.assertEqual(listing.findtext('Prompt'), '1 new, 0 old')
        self.assertRegex(listing.findtext('Text'), r'\* \w{3} \d\d \d\d:\d\d Person 01 \(\d s\)')
        self.assertIn('Dial *97', listing.findtext('Text'))
        # Another phone's mailbox is not shown to an address none of its lines registered from.
        response, _ = self.get(f'http://127.0.0.1:{self.http_port}/cisco/services/voicemail?mac={MAC2}')
        self.assertEqual(response.status, 403)

    def test_a_logo_from_the_users_png_is_converted_to_four_greys(self):
        png = os.path.join(self.workdir, 'logo.png')
        gradient_png(png)
        self.start(logo=png, extensions=3)
        response, bmp = self.get(f'http://127.0.0.1:{self.http_port}/cisco/logo.bmp')
        self.assertEqual(struct.unpack('<ii', bmp[18:26]), (90, 56))
        offset = struct.unpack('<I', bmp[10:14])[0]
        levels = set()
        for byte in bmp[offset:offset + 48 * 56]:
            levels.update((byte >> 4, byte & 15))
        self.assertEqual(levels, {0, 1, 2, 3}, 'a gradient uses all four greys')

    def test_bad_http_is_refused(self):
        self.start(extensions=3)
        response, _ = self.get(f'http://127.0.0.1:{self.http_port}/cisco/services', method='POST')
        self.assertEqual(response.status, 405)
        response, _ = self.get(f'http://127.0.0.1:{self.http_port}/etc/passwd')
        self.assertEqual(response.status, 404)
        for junk in (b'garbage\r\n\r\n', b'GET / HTTP/1.1\r\nHost: x\r\n' + b'X-Long: ' + b'a' * 20000 + b'\r\n\r\n',
                     b'GET / HTTP/1.1\r\nContent-Length: 5\r\n\r\nhello'):
            with socket.create_connection(('127.0.0.1', self.http_port), timeout=5) as s:
                s.sendall(junk)
                answer = s.recv(200)
            self.assertTrue(answer.startswith(b'HTTP/1.1 400'), f'{junk[:30]!r}: {answer!r}')
        # Still serving.
        response, _ = self.get(f'http://127.0.0.1:{self.http_port}/cisco/directory')
        self.assertEqual(response.status, 200)

    def test_check_refuses_a_logo_that_is_not_there(self):
        path = os.path.join(self.workdir, 'bad.toml')
        with open(path, 'w') as f:
            f.write(h.render_config(self.workdir, ['udp:127.0.0.1:5999'], DOMAIN, [h.Extension('100')],
                                    extra_sections={'provisioning': {'logo': 'missing.png'}}))
        r = subprocess.run([h.binary(), 'check', '--config', path], capture_output=True, text=True, timeout=30)
        self.assertNotEqual(r.returncode, 0)
        self.assertRegex(r.stdout + r.stderr, r'bad\.toml:\d+: provisioning\.logo: .*missing\.png.* is not a file')


if __name__ == '__main__':
    unittest.main()
