# SPDX-License-Identifier: MIT
"""Cisco 79xx provisioning over TFTP as the phones do it: every generated file is fetched under the
names a real 7960 (and a 7961) asks for, with tftp-hpa and with atftp (blksize, tsize,
windowsize), and compared with the golden files in tests/golden/provisioning (placeholders:
{{PORT}}, {{SYNC}}, {{PHONE_PASSWORD}}, {{PHONE2_PASSWORD}}, {{SECRET_100}}, {{SECRET_1000}},
{{SECRET_101}}). Then, end to end: the line credentials read out of SIP<MAC>.cnf register (200).

SB_UPDATE_GOLDEN=1 rewrites the golden files from what the server serves (review the diff).
"""

import os
import re
import subprocess
import sys
import time
import unittest

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness as h  # noqa: E402

GOLDEN = os.path.join(h.REPO, 'tests', 'golden', 'provisioning')
DOMAIN = 'voip.olympia.local'
MAC = '000E84C060A6'
MAC2 = '000E84C060A7'
# (name the phone asks for, golden file)
FILES = [
    (f'SEP{MAC}.cnf.xml', f'SEP{MAC}.cnf.xml'),
    ('SIPDefault.cnf', 'SIPDefault.cnf'),
    (f'./SIP{MAC}.cnf', f'SIP{MAC}.cnf'),
    ('RINGLIST.DAT', 'RINGLIST.DAT'),
    ('dialplan.xml', 'dialplan.xml'),
    ('syncinfo.xml', 'syncinfo.xml'),
    ('OS79XX.TXT', 'OS79XX.TXT'),
    (f'SEP{MAC2}.cnf.xml', f'SEP{MAC2}.cnf.xml'),
]


class CiscoProvisioning(h.IntegrationTest):

    def setUp(self):
        super().setUp()
        self.exts = [h.Extension('100', name='THC Inc 100'), h.Extension('1000', name='Intercom'),
                     h.Extension('101', name='Office')]
        self.tftp_port = h.free_port(('udp',))
        self.fw = os.path.join(self.workdir, 'firmware')
        os.makedirs(self.fw)
        port = h.free_port()
        folder = os.path.join(self.workdir, 'server')
        os.makedirs(folder)
        text = h.render_config(os.path.join(folder, 'data'), [f'udp:127.0.0.1:{port}'], DOMAIN, self.exts,
                               sip={'qualify_frequency': 60},
                               extra_sections={'provisioning': {
                                   'tftp_listen': f'127.0.0.1:{self.tftp_port}', 'firmware_dir': self.fw,
                                   'image_version': 'P0S3-8-12-00', 'sntp_server': 'pool.ntp.org',
                                   'time_zone': 'EST'}})
        text += ('\n[[phone]]\nmac = "00:0e:84:c0:60:a6"\nmodel = "cisco-7960"\nlabel = "THC Inc."\n'
                 'lines = ["100", "1000"]\n'
                 '\n[[phone]]\nmac = "00-0E-84-C0-60-A7"\nmodel = "cisco-7961"\nlabel = "Office"\n'
                 'lines = ["101"]\n')
        self.srv = self.server(name='server', extensions=self.exts, domain=DOMAIN, port=port, config_text=text)
        secrets = {(s['kind'], s['name']): s['value'] for s in self.srv.ctl_json('secrets')}
        self.values = {'PORT': str(port), 'PHONE_PASSWORD': secrets[('phone', MAC)],
                       'PHONE2_PASSWORD': secrets[('phone', MAC2)]}
        for e in self.exts:
            self.values[f'SECRET_{e.number}'] = e.secret

    def fetch_hpa(self, name):
        local = os.path.join(self.workdir, 'hpa-' + name.replace('/', '_'))
        r = subprocess.run(['tftp', '-m', 'binary', '127.0.0.1', str(self.tftp_port), '-c', 'get', name, local],
                           capture_output=True, text=True, timeout=30)
        self.assertEqual(r.returncode, 0, f'{name}: {r.stdout}{r.stderr}')
        self.assertFalse('Error' in r.stdout + r.stderr, f'{name}: {r.stdout}{r.stderr}')
        with open(local, 'rb') as f:
            return f.read().decode('latin-1')

    def fetch_atftp(self, name):
        local = os.path.join(self.workdir, 'atftp-' + name.replace('/', '_'))
        r = subprocess.run(['atftp', '--option', 'blksize 1428', '--option', 'tsize 0', '--option', 'windowsize 4',
                            '-g', '-r', name, '-l', local, '127.0.0.1', str(self.tftp_port)],
                           capture_output=True, text=True, timeout=30)
        self.assertEqual(r.returncode, 0, f'{name}: {r.stdout}{r.stderr}')
        with open(local, 'rb') as f:
            return f.read().decode('latin-1')

    def expected(self, golden, served):
        path = os.path.join(GOLDEN, golden)
        if os.environ.get('SB_UPDATE_GOLDEN') == '1':
            text = served
            for key, value in sorted(self.values.items(), key=lambda kv: -len(kv[1])):
                text = text.replace(value, '{{' + key + '}}')
            text = text.replace(self.sync, '{{SYNC}}')
            with open(path, 'w', encoding='latin-1') as f:
                f.write(text)
        with open(path, encoding='latin-1') as f:
            text = f.read()
        for key, value in self.values.items():
            text = text.replace('{{' + key + '}}', value)
        return text.replace('{{SYNC}}', self.sync)

    @property
    def sync(self):
        if not hasattr(self, '_sync'):
            m = re.search(r'SYNC="([^"]+)"', self.fetch_hpa('syncinfo.xml'))
            self.assertIsNotNone(m)
            self._sync = m.group(1)
        return self._sync

    def test_every_generated_file_matches_its_golden_copy_with_both_clients(self):
        for asked, golden in FILES:
            served = self.fetch_hpa(asked)
            self.assertEqual(served, self.expected(golden, served), f'{asked} (tftp-hpa)')
            self.assertEqual(self.fetch_atftp(asked.lower() if 'SEP' not in asked else asked), served,
                             f'{asked} (atftp, blksize 1428, windowsize 4)')

    def test_files_a_phone_may_ask_for_that_do_not_exist_are_not_found(self):
        for name in (f'CTLSEP{MAC}.tlv', 'SIP000000000000.cnf', f'SIP{MAC2}.cnf', 'XMLDefault.cnf.xml'):
            r = subprocess.run(['tftp', '-m', 'binary', '127.0.0.1', str(self.tftp_port), '-c', 'get', name,
                                os.path.join(self.workdir, 'nothing')], capture_output=True, text=True, timeout=30)
            self.assertIn('Error code 1', r.stdout + r.stderr, name)

    def test_a_phone_registers_with_what_its_file_says(self):
        cnf = self.fetch_hpa(f'./SIP{MAC}.cnf')
        values = dict(re.findall(r'^(\w+): "?([^"\n]*)"?$', cnf, re.M))
        for line in ('1', '2'):
            name, auth, password = (values[f'line{line}_name'], values[f'line{line}_authname'],
                                    values[f'line{line}_password'])
            self.assertEqual(name, auth)
            ep = h.SipEndpoint(self.srv.address, 'udp')
            self.addCleanup(ep.close)
            _, final = ep.register(auth, password, DOMAIN, expires=int(values['timer_register_expires']))
            self.assertEqual(final.status if final else None, 200, f'line {line}: {name}')
        regs = {r['aor'] for r in self.srv.ctl_json('registrations')}
        self.assertTrue({'100', '1000'} <= {a.split('@')[0].replace('sip:', '') for a in regs}, regs)
        proxy = values['proxy1_address'] if 'proxy1_address' in values else None
        default = dict(re.findall(r'^(\w+): "?([^"\n]*)"?$', self.fetch_hpa('SIPDefault.cnf'), re.M))
        self.assertEqual((default['proxy1_address'], default['proxy1_port']), ('127.0.0.1', str(self.srv.port)))
        del proxy

    def test_resync_sends_check_sync_and_ctl_phones_shows_fetches_and_lines(self):
        for name in (f'SEP{MAC}.cnf.xml', 'SIPDefault.cnf', f'./SIP{MAC}.cnf', 'dialplan.xml'):
            self.fetch_hpa(name)
        ep = h.SipEndpoint(self.srv.address, 'udp')
        self.addCleanup(ep.close)
        _, final = ep.register('100', self.values['SECRET_100'], DOMAIN)
        self.assertEqual(final.status if final else None, 200)

        phones = {p['mac']: p for p in self.srv.ctl_json('phones')}
        self.assertEqual(set(phones), {MAC, MAC2})
        mine = phones[MAC]
        self.assertEqual(mine['model'], 'cisco-7960')
        self.assertEqual([f['file'] for f in mine['fetched']],
                         [f'SEP{MAC}.cnf.xml', 'SIPDefault.cnf', f'SIP{MAC}.cnf', 'dialplan.xml'])
        self.assertTrue(all(f['result'] == 'sent' for f in mine['fetched']), mine)
        lines = {l['number']: l for l in mine['lines']}
        self.assertTrue(lines['100']['registered'])
        self.assertFalse(lines['1000']['registered'])
        self.assertEqual(phones[MAC2]['fetched'], [])

        out = self.srv.ctl('phone', 'resync', '00:0e:84:c0:60:a6').stdout
        self.assertIn('check-sync sent to 1 contact', out)
        deadline = time.monotonic() + 5
        notify = None
        while time.monotonic() < deadline and notify is None:
            m = ep.receive(0.5)
            if m is not None and m.is_request and m.method == 'OPTIONS':
                ep.sock.sendto(h.response_to(m, 200, 'OK').encode(), m.source)
            elif m is not None and m.is_request and m.method == 'NOTIFY':
                notify = m
        self.assertIsNotNone(notify, 'the phone gets NOTIFY')
        self.assertEqual(notify.get('Event'), 'check-sync')
        self.assertIn('100@', notify.get('To'))
        r = self.srv.ctl('phone', 'resync', 'not-a-mac', check=False)
        self.assertNotEqual(r.returncode, 0)

    def test_reload_applies_phone_changes_at_once_and_refuses_a_bad_file(self):
        before = self.fetch_hpa(f'./SIP{MAC}.cnf')
        self.assertIn('line2_name: "1000"', before)
        with open(self.srv.config) as f:
            text = f.read()
        edited = text.replace('lines = ["100", "1000"]', 'lines = ["100"]').replace('label = "THC Inc."', 'label = "Kitchen"')
        edited = edited.replace('time_zone = "EST"', 'time_zone = "CET"')
        with open(self.srv.config, 'w') as f:
            f.write(edited)
        out = self.srv.ctl('reload').stdout
        self.assertIn('Reloaded', out)
        self.assertNotIn('restart', out)
        after = self.fetch_hpa(f'./SIP{MAC}.cnf')
        self.assertIn('phone_label: "Kitchen"', after)
        self.assertIn('line2_name: ""', after)
        self.assertIn('time_zone: "CET"', self.fetch_hpa('SIPDefault.cnf'))
        old_sync = re.search(r'sync: "([^"]+)"', before).group(1)
        new_sync = re.search(r'sync: "([^"]+)"', after).group(1)
        self.assertNotEqual(old_sync, new_sync, 'a changed configuration bumps sync')
        self.assertIn(new_sync, self.fetch_hpa('syncinfo.xml'))

        # Other sections change at the next restart only, and say so.
        with open(self.srv.config, 'w') as f:
            f.write(edited.replace('name = "Intercom"', 'name = "Door"'))
        self.assertIn('next restart: extension', self.srv.ctl('reload').stdout)
        # A bad file changes nothing.
        with open(self.srv.config, 'a') as f:
            f.write('\nbogus = 1\n')
        r = self.srv.ctl('reload', check=False)
        self.assertEqual(r.returncode, 1)
        self.assertRegex(r.stdout + r.stderr, r'switchboard\.toml:\d+: .*bogus: unknown key')
        self.assertIn('phone_label: "Kitchen"', self.fetch_hpa(f'./SIP{MAC}.cnf'))


if __name__ == '__main__':
    unittest.main()
