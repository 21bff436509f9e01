#!/usr/bin/python3
# make-kdbx-samples.py
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Writes the KDBX samples that keepassxc-cli 2.7.4 cannot make (it has no
# KDF option: its databases are AES-KDF), with pykeepass, a second
# implementation of the format (Debian's python3-pykeepass):
#   pykeepass-argon2d.kdbx    KDBX 4.0, Argon2d, AES-256
#   pykeepass-chacha20.kdbx   KDBX 4.0, Argon2id, ChaCha20
# Both open with the password "vault test 비밀" and hold the entries that
# test-kdbx.c expects. Run again only to change them:
#   /usr/bin/python3 tests/data/import/make-kdbx-samples.py tests/data/import
import datetime
import os
import sys

from pykeepass import PyKeePass
from pykeepass.pykeepass import BLANK_DATABASE_LOCATION, BLANK_DATABASE_PASSWORD

PASSWORD = "vault test 비밀"
ARGON2ID = b'\x9e)\x8b\x19V\xdbGs\xb2=\xfc>\xc6\xf0\xa1\xe6'


def utc(*args):
    return datetime.datetime(*args, tzinfo=datetime.timezone.utc)


def protect(entry, key):
    # pykeepass writes every value plain; KeePass hides the password.
    entry._element.find('String[Key="%s"]/Value' % key).set('Protected', 'True')


def make(path, chacha20):
    kp = PyKeePass(BLANK_DATABASE_LOCATION, BLANK_DATABASE_PASSWORD)
    kp.password = PASSWORD
    header = kp.kdbx.header.value.dynamic_header
    params = header.kdf_parameters.data.dict
    # A cheap cost, so the tests stay fast: 1 MiB, 2 iterations.
    params['M'].value = 1024 * 1024
    params['I'].value = 2
    params['S'].value = os.urandom(32)
    header.master_seed.data = os.urandom(32)
    if chacha20:
        params['$UUID'].value = ARGON2ID
        header.cipher_id.data = 'chacha20'
        header.encryption_iv.data = os.urandom(12)
    else:
        header.encryption_iv.data = os.urandom(16)
    # The header is rebuilt from its values, not copied.
    del kp.kdbx.header['data']

    work = kp.add_group(kp.root_group, 'Work')
    mail = kp.add_group(work, 'Mail')
    webmail = kp.add_entry(mail, 'Webmail', 'alice', 'pyk-pass-1',
                           url='https://mail.example.com', notes='first line\nsecond line')
    protect(webmail, 'Password')
    webmail.ctime = utc(2020, 1, 2, 3, 4, 5)
    webmail.mtime = utc(2020, 1, 2, 3, 4, 5)
    webmail.save_history()
    webmail.password = 'pyk-pass-2'
    webmail.mtime = utc(2021, 1, 2, 3, 4, 5)
    webmail.save_history()
    webmail.password = 'pyk-pass-3'
    webmail.mtime = utc(2022, 1, 2, 3, 4, 5)
    webmail.set_custom_property('PIN', '4321')
    protect(webmail, 'PIN')
    webmail.set_custom_property('Plain', 'visible')

    korean = kp.add_entry(kp.root_group, '한국어 항목', '사용자', '비밀 암호',
                          notes='메모 <&> "따옴표"')
    protect(korean, 'Password')
    korean.ctime = utc(2019, 5, 6, 7, 8, 9)
    korean.mtime = utc(2019, 5, 6, 7, 8, 9)

    personal = kp.add_group(kp.root_group, 'Personal')
    home = kp.add_entry(personal, 'Home', 'me', 'home-pass', tags=['home', 'x'])
    protect(home, 'Password')

    kp.save(path)


out = sys.argv[1] if len(sys.argv) > 1 else os.path.dirname(os.path.abspath(__file__))
make(os.path.join(out, 'pykeepass-argon2d.kdbx'), False)
make(os.path.join(out, 'pykeepass-chacha20.kdbx'), True)
