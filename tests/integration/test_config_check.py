# SPDX-License-Identifier: MIT
"""`switchboard check` accepts the shipped example and reports every problem of a bad file as
`FILE:LINE: key: reason`; `run` refuses a data directory it cannot write, naming the path."""

import os
import re
import subprocess
import sys
import unittest

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness as h  # noqa: E402


def check(path):
    r = subprocess.run([h.binary(), 'check', '--config', path], capture_output=True, text=True,
                       timeout=30, stdin=subprocess.DEVNULL)
    return r.returncode, r.stdout + r.stderr


def line_of(text, needle):
    """The number of the first line that starts with `needle` (values such as paths may contain
    key names too)."""
    for number, line in enumerate(text.splitlines(), 1):
        if line.strip().startswith(needle):
            return number
    raise AssertionError(f'{needle!r} not in the config')


class ConfigCheck(h.IntegrationTest):

    def write(self, name, text):
        path = os.path.join(self.workdir, name)
        with open(path, 'w') as f:
            f.write(text)
        return path

    def base(self, secret100=None, **kw):
        port = h.free_port()
        return h.render_config(os.path.join(self.workdir, 'data'),
                               [f'udp:127.0.0.1:{port}', f'tcp:127.0.0.1:{port}'],
                               extensions=[h.Extension('100', secret=secret100),
                                           h.Extension('101', secret='')],
                               **kw)

    def problem_line(self, output, path, line, key_part):
        """The `FILE:LINE: key: reason` line for a key; returns the reason."""
        pattern = re.compile(r'^' + re.escape(path) + r':' + str(line) + r': ([^:\s]+): (.+)$', re.M)
        found = [m for m in pattern.finditer(output) if key_part in m.group(1)]
        self.assertTrue(found, f'no "{path}:{line}: ...{key_part}...: reason" line in:\n{output}')
        return found[0].group(2)

    def test_example_home_config_is_valid(self):
        path = os.path.join(h.REPO, 'examples', 'home.toml')
        self.assertTrue(os.path.exists(path), path)
        rc, out = check(path)
        self.assertEqual(rc, 0, out)

    def test_the_harness_config_is_valid(self):
        path = self.write('ok.toml', self.base(sip={'qualify_frequency': 10, 'qualify_timeout': 2,
                                                    'min_expires': 30, 'max_expires': 3600}))
        rc, out = check(path)
        self.assertEqual(rc, 0, out)

    def test_unknown_keys_are_reported_with_did_you_mean(self):
        text = self.base(sip={'qualify_frequncy': 30})
        text = text.replace('[pbx]\n', '[pbx]\ndomian = "x.test"\n', 1)
        path = self.write('typo.toml', text)
        rc, out = check(path)
        self.assertEqual(rc, 1, out)
        reason = self.problem_line(out, path, line_of(text, 'qualify_frequncy'), 'qualify_frequncy')
        self.assertIn('did you mean', reason.lower(), reason)
        self.assertIn('qualify_frequency', reason)
        # Every problem is reported, not only the first.
        reason = self.problem_line(out, path, line_of(text, 'domian'), 'domian')
        self.assertIn('domain', reason)

    def test_weak_secrets_are_refused(self):
        for weak in ('1234', 'password'):
            text = self.base(secret100=weak)
            path = self.write(f'weak-{weak}.toml', text)
            rc, out = check(path)
            self.assertEqual(rc, 1, f'{weak!r} accepted:\n{out}')
            reason = self.problem_line(out, path, line_of(text, f'secret = "{weak}"'), 'secret')
            self.assertTrue(reason.strip(), out)

    def test_qualify_frequency_below_ten_is_refused(self):
        text = self.base(sip={'qualify_frequency': 5})
        path = self.write('freq.toml', text)
        rc, out = check(path)
        self.assertEqual(rc, 1, out)
        self.problem_line(out, path, line_of(text, 'qualify_frequency'), 'qualify_frequency')

    def test_a_bad_phone_entry_stops_check_with_the_reason(self):
        text = self.base() + ('\n[[phone]]\nmac = "00:0E:84:C0:60"\nmodel = "cisco-7960"\nlines = ["100"]\n'
                              '\n[[phone]]\nmac = "00:0E:84:C0:60:A7"\nmodel = "cisco-9999"\nlines = ["777"]\n')
        path = self.write('phones.toml', text)
        rc, out = check(path)
        self.assertEqual(rc, 1, out)
        self.assertIn('is not a MAC address', self.problem_line(out, path, line_of(text, 'mac = "00:0E:84:C0:60"'), 'phone[0].mac'))
        self.assertIn('unknown model', self.problem_line(out, path, line_of(text, 'model = "cisco-9999"'), 'phone[1].model'))
        self.assertIn("no extension '777'", self.problem_line(out, path, line_of(text, 'lines = ["777"]'), 'phone[1].lines[0]'))

    def test_unwritable_data_dir_stops_the_start_naming_the_path(self):
        # Root may write anywhere, so make the path impossible: a directory below a regular file.
        blocker = self.write('not-a-directory', 'x')
        data = os.path.join(blocker, 'data')
        port = h.free_port()
        text = h.render_config(data, [f'udp:127.0.0.1:{port}'], extensions=[h.Extension('100')])
        path = self.write('bad-data.toml', text)
        for args in (['--config', path], ['--config', path, '--data', data]):
            r = subprocess.run([h.binary(), 'run', *args], capture_output=True, text=True,
                               timeout=20, stdin=subprocess.DEVNULL)
            self.assertNotEqual(r.returncode, 0, r.stdout + r.stderr)
            self.assertIn(blocker, r.stdout + r.stderr, 'the message names the path')


if __name__ == '__main__':
    unittest.main(verbosity=2)
