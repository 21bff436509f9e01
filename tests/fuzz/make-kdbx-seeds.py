#!/usr/bin/python3
# make-kdbx-seeds.py
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Makes the seed corpus of fuzz-kdbx: small KeePass databases with a cost
# low enough for the harness's KDF bounds (KDBX 3.1 from keepassxc-cli,
# rewritten with pykeepass to 4 AES-KDF rounds; KDBX 4 with Argon2d at
# 8 KiB and 1 pass, and with AES-KDF and ChaCha20), each prefixed with the
# harness's mode byte 0; and the layer behind the HMACs: a KDBX 4 payload
# (mode 1) and a KDBX 3.1 XML document (mode 2), their protected values
# hidden with the harness's fixed keys. Needs python3-pykeepass and
# keepassxc-cli; run again only to change the seeds:
#   /usr/bin/python3 tests/fuzz/make-kdbx-seeds.py
import base64
import hashlib
import os
import struct
import subprocess
import sys
import tempfile

from Cryptodome.Cipher import ChaCha20, Salsa20
from pykeepass import PyKeePass
from pykeepass.pykeepass import BLANK_DATABASE_LOCATION, BLANK_DATABASE_PASSWORD

PASSWORD = 'fuzz'
STREAM_KEY = b'fuzz inner stream key, 32 bytes'
INNER_KEY = bytes(range(64))
AES_KDF = b'\xc9\xd9\xf3\x9ab\x8aD`\xbft\r\x08\xc1\x8aO\xea'
out = os.path.join(os.path.dirname(os.path.abspath(__file__)), 'corpus', 'kdbx')


def fill(kp):
    work = kp.add_group(kp.root_group, 'Work')
    entry = kp.add_entry(work, 'Mail', 'alice', 'first')
    entry._element.find('String[Key="Password"]/Value').set('Protected', 'True')
    entry.save_history()
    entry.password = 'second'
    entry.set_custom_property('PIN', '1234')
    entry._element.find('String[Key="PIN"]/Value').set('Protected', 'True')
    korean = kp.add_entry(kp.root_group, '은행', '김', '비밀', notes='메모', tags=['a', 'b'])
    korean._element.find('String[Key="Password"]/Value').set('Protected', 'True')


def write(name, mode, data):
    with open(os.path.join(out, name), 'wb') as f:
        f.write(bytes([mode]) + data)


def kdbx4(name, chacha20, aes_kdf):
    kp = PyKeePass(BLANK_DATABASE_LOCATION, BLANK_DATABASE_PASSWORD)
    kp.password = PASSWORD
    header = kp.kdbx.header.value.dynamic_header
    params = header.kdf_parameters.data.dict
    if aes_kdf:
        for key in ('M', 'I', 'P', 'V'):
            del params[key]
        params['$UUID'].value = AES_KDF
        params['R'] = params['S'].copy()
        params['R'].key = 'R'
        params['R'].type = 0x05
        params['R'].value = 4
        # Each item names the type of the next; the last, the end.
        items = list(params.values())
        for item, following in zip(items, items[1:] + [None]):
            item.next_byte = following.type if following else 0
    else:
        params['M'].value = 8 * 1024
        params['I'].value = 1
        params['P'].value = 1
    params['S'].value = os.urandom(32)
    header.master_seed.data = os.urandom(32)
    if chacha20:
        header.cipher_id.data = 'chacha20'
        header.encryption_iv.data = os.urandom(12)
    del kp.kdbx.header['data']
    fill(kp)
    path = os.path.join(tempfile.mkdtemp(), 'db.kdbx')
    kp.save(path)
    write(name, 0, open(path, 'rb').read())


def kdbx3(name):
    work = tempfile.mkdtemp()
    path = os.path.join(work, 'db.kdbx')
    subprocess.run(['keepassxc-cli', 'db-create', '-q', '-p', path],
                   input=(PASSWORD + '\n') * 2, text=True, check=True)
    kp = PyKeePass(path, PASSWORD)
    header = kp.kdbx.header.value.dynamic_header
    header.transform_rounds.data = 4
    header.transform_seed.data = os.urandom(32)
    del kp.kdbx.header['data']
    # The header changed: its old checksum in the XML would not match.
    meta = kp.tree.find('Meta')
    meta.remove(meta.find('HeaderHash'))
    fill(kp)
    kp.save(path)
    write(name, 0, open(path, 'rb').read())


class Stream:
    def __init__(self, cipher):
        self.cipher = cipher

    def protect(self, text):
        return base64.b64encode(self.cipher.encrypt(text.encode())).decode()


def document(stream, times):
    p = stream.protect
    return f'''<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<KeePassFile><Meta><Generator>seed</Generator><HeaderHash>{base64.b64encode(bytes(32)).decode()}</HeaderHash>
<RecycleBinEnabled>True</RecycleBinEnabled><RecycleBinUUID>AAECAwQFBgcICQoLDA0ODw==</RecycleBinUUID>
<Binaries><Binary ID="0" Compressed="False" Protected="True">{p("attached")}</Binary></Binaries></Meta>
<Root><Group><UUID>EBESExQVFhcYGRobHB0eHw==</UUID><Name>Root</Name>
<Entry><UUID>ICEiIyQlJicoKSorLC0uLw==</UUID><Tags>x;y,z</Tags>
<Times><CreationTime>{times[0]}</CreationTime><LastModificationTime>{times[1]}</LastModificationTime></Times>
<String><Key>Title</Key><Value>카드</Value></String>
<String><Key>UserName</Key><Value>kim</Value></String>
<String><Key>Password</Key><Value Protected="True">{p("now")}</Value></String>
<String><Key>URL</Key><Value>https://card.example.com</Value></String>
<String><Key>Notes</Key><Value><![CDATA[a & b]]></Value></String>
<String><Key>PIN</Key><Value Protected="True">{p("1234")}</Value></String>
<String><Key>otp</Key><Value Protected="True">{p("otpauth://totp/x?secret=JBSWY3DP")}</Value></String>
<Binary><Key>file.txt</Key><Value Ref="0"/></Binary>
<CustomData><Item><Key>k</Key><Value Protected="True">{p("custom")}</Value></Item></CustomData>
<History><Entry><UUID>ICEiIyQlJicoKSorLC0uLw==</UUID>
<Times><LastModificationTime>{times[0]}</LastModificationTime></Times>
<String><Key>Password</Key><Value Protected="True">{p("old")}</Value></String></Entry>
<Entry><UUID>ICEiIyQlJicoKSorLC0uLw==</UUID>
<Times><LastModificationTime>{times[1]}</LastModificationTime></Times>
<String><Key>Password</Key><Value Protected="True">{p("old")}</Value></String></Entry></History></Entry>
<Group><UUID>MDEyMzQ1Njc4OTo7PD0+Pw==</UUID><Name>Legacy</Name>
<Entry><String><Key>Title</Key><Value>TOTP</Value></String>
<String><Key>TOTP Seed</Key><Value Protected="True">{p("GEZDGNBV")}</Value></String>
<String><Key>TOTP Settings</Key><Value>30;S</Value></String></Entry></Group>
<Group><UUID>AAECAwQFBgcICQoLDA0ODw==</UUID><Name>Recycle Bin</Name>
<Entry><String><Key>Title</Key><Value>Deleted</Value></String>
<String><Key>Password</Key><Value Protected="True">{p("gone")}</Value></String></Entry></Group>
</Group><DeletedObjects/></Root></KeePassFile>
'''.encode()


def payloads():
    digest = hashlib.sha512(INNER_KEY).digest()
    stream = Stream(ChaCha20.new(key=digest[:32], nonce=digest[32:44]))
    kdbx4_times = [base64.b64encode(struct.pack('<q', s + 62135596800)).decode()
                   for s in (1600000000, 1700000000)]
    inner = (bytes([1]) + struct.pack('<I', 4) + struct.pack('<I', 3) +
             bytes([2]) + struct.pack('<I', 64) + INNER_KEY +
             bytes([3]) + struct.pack('<I', 4) + b'\x01abc' +
             bytes([0]) + struct.pack('<I', 0))
    write('payload-kdbx4', 1, inner + document(stream, kdbx4_times))

    stream = Stream(Salsa20.new(key=hashlib.sha256(STREAM_KEY).digest(),
                                nonce=b'\xE8\x30\x09\x4B\x97\x20\x5D\x2A'))
    write('xml-kdbx3', 2, document(stream, ['2020-09-13T12:26:40Z', '2023-11-14T22:13:20Z']))


os.makedirs(out, exist_ok=True)
for name in os.listdir(out):
    os.remove(os.path.join(out, name))
kdbx3('kdbx3-aes-kdf')
kdbx4('kdbx4-argon2d', False, False)
kdbx4('kdbx4-aes-kdf-chacha20', True, True)
payloads()
print('\n'.join(sorted(os.listdir(out))), file=sys.stderr)
