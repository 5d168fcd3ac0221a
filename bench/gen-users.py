#!/usr/bin/python3
# SPDX-License-Identifier: MIT
"""gen-users.py N DOMAIN DIR [FIRST]: the same N users (FIRST.., default 1000) with strong random
secrets for both registrars, written under DIR:

  DIR/users.csv          sipp injection file: SEQUENTIAL, user;domain;[authentication ...]
  DIR/db/subscriber      Kamailio db_text subscriber table (the format of shared/bench/kamailio/gen.sh)
  DIR/db/htable          the same credentials as a Kamailio htable table (kamailio-memory.cfg)
  DIR/db/version         the version table of both
  DIR/extensions.toml    Switchboard [[extension]] tables

Secrets are 24 letters and digits, the first a letter (about 142 bits), so that Switchboard's
weak-secret rule accepts them; the shared gen.sh's pw1000-style passwords are too short for it.
"""

import os
import secrets
import string
import sys

ALPHABET = string.ascii_letters + string.digits


def main():
    if len(sys.argv) not in (4, 5):
        sys.exit(__doc__)
    n, domain, out = int(sys.argv[1]), sys.argv[2], sys.argv[3]
    first = int(sys.argv[4]) if len(sys.argv) == 5 else 1000
    os.makedirs(os.path.join(out, 'db'), exist_ok=True)
    # A letter first: sipp reads a password starting with 0x as hexadecimal.
    users = [(str(first + i), secrets.choice(string.ascii_letters)
              + ''.join(secrets.choice(ALPHABET) for _ in range(23))) for i in range(n)]
    with open(os.path.join(out, 'users.csv'), 'w') as f:
        f.write('SEQUENTIAL\n')
        f.writelines(f'{u};{domain};[authentication username={u} password={p}]\n'
                     for u, p in users)
    with open(os.path.join(out, 'db', 'subscriber'), 'w') as f:
        f.write('id(int,auto) username(string) domain(string) password(string)\n')
        f.writelines(f'{i + 1}:{u}:{domain}:{p}\n' for i, (u, p) in enumerate(users))
    with open(os.path.join(out, 'db', 'htable'), 'w') as f:
        f.write('id(int,auto) key_name(string) key_type(int) value_type(int) key_value(string) '
                'expires(int)\n')
        f.writelines(f'{i + 1}:{u}:0:0:{p}:0\n' for i, (u, p) in enumerate(users))
    with open(os.path.join(out, 'db', 'version'), 'w') as f:
        f.write('table_name(string) table_version(int)\nsubscriber:7\nlocation:9\nhtable:2\n')
    with open(os.path.join(out, 'extensions.toml'), 'w') as f:
        f.writelines(f'[[extension]]\nnumber = "{u}"\nname = "Bench {u}"\nsecret = "{p}"\n\n'
                     for u, p in users)


if __name__ == '__main__':
    main()
