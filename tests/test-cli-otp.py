#!/usr/bin/python3
# test-cli-otp.py
# SPDX-License-Identifier: GPL-3.0-or-later
#
# One-time codes and custom fields through vault-cli, end to end: the codes
# it prints are Debian's oathtool's at the same time step (SHA-1, SHA-256,
# SHA-512, 6 to 8 digits, other periods) and Steam's, fields are kept,
# shown, searched and removed as the README says, and bad input is refused
# with one clear line that never repeats the secret.

import base64
import hashlib
import hmac
import os
import re
import shutil
import struct
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from tap import Skip, run, test  # noqa: E402

CLI = os.environ.get("VAULT_CLI") or sys.exit("VAULT_CLI is not set")
OATHTOOL = shutil.which("oathtool")
MASTER = "correct horse battery staple"
WORK = tempfile.mkdtemp(prefix="vault-cli-otp-test-")
VAULT = os.path.join(WORK, "vault.json")

SECRET = "JBSWY3DPEHPK3PXP"
RFC_SHA256 = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQGEZA"
RFC_SHA512 = ("GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"
              "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQGEZDGNA")
STEAM = "63BEDWCQZKTQWPESARIERL5DTTQFCJTK"


def cli(*args, input_lines=(), vault=VAULT):
    command = [CLI, "--vault", vault] + list(args)
    data = "".join(line + "\n" for line in input_lines)
    proc = subprocess.run(command, input=data, capture_output=True, text=True, timeout=120)
    return proc.returncode, proc.stdout, proc.stderr


def ok(*args, **kwargs):
    code, out, err = cli(*args, **kwargs)
    assert code == 0, f"{args}: exit {code}, stderr {err!r}"
    return out


def fails(expected_code, pattern, *args, **kwargs):
    code, out, err = cli(*args, **kwargs)
    assert code == expected_code, f"{args}: exit {code} (wanted {expected_code}), {err!r}"
    assert re.search(pattern, err), f"{args}: stderr {err!r} lacks {pattern!r}"
    if expected_code == 1:
        assert err.count("\n") == 1, f"one clear line on stderr, got {err!r}"
    assert out == "", out
    return err


def oathtool(secret, at, mode="sha1", digits=6, period=30):
    if OATHTOOL is None:
        raise Skip("oathtool is not installed (apt install oathtool)")
    return subprocess.run([OATHTOOL, f"--totp={mode}", "--base32", f"--digits={digits}",
                           f"--time-step-size={period}s", f"--now=@{at}", secret],
                          capture_output=True, text=True, check=True).stdout.strip()


def steam_code(secret, at):
    """Steam Guard's code as the published implementations make it."""
    key = base64.b32decode(secret)
    digest = hmac.new(key, struct.pack(">Q", at // 30), hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    value = struct.unpack(">I", digest[offset:offset + 4])[0] & 0x7FFFFFFF
    alphabet = "23456789BCDFGHJKMNPQRTVWXY"
    code = ""
    for _ in range(5):
        code += alphabet[value % 26]
        value //= 26
    return code


def code_now(title, expected, period=30):
    """vault-cli totp, checked against expected(t) at the step it ran in. A
    run that straddles a step boundary (the KDF takes half a second) is
    tried again."""
    for _ in range(3):
        before = int(time.time())
        out = ok("totp", title, input_lines=[MASTER])
        after = int(time.time())
        if before // period == after // period:
            assert out == expected(before) + "\n", (out, expected(before))
            return out.strip()
    raise AssertionError("three runs straddled a step boundary")


def show_all(title):
    out = ok("show", "--all", title, input_lines=[MASTER])
    return out.splitlines()


@test
def setup_vault():
    ok("init", input_lines=[MASTER])


@test
def bare_secret_from_stdin_gives_oathtools_code():
    # The documented way: the secret on standard input, never in argv.
    ok("add", "Mail", "--totp", "-", input_lines=[MASTER, "pw", "jbsw y3dp ehpk 3pxp"])
    code = code_now("Mail", lambda t: oathtool(SECRET, t))
    assert re.fullmatch(r"\d{6}", code), code


@test
def sha256_eight_digits_sixty_seconds():
    uri = f"otpauth://totp/Bank:kim?secret={RFC_SHA256}&algorithm=SHA256&digits=8&period=60"
    ok("add", "Bank", "--totp", "-", input_lines=[MASTER, "pw", uri])
    code_now("Bank", lambda t: oathtool(RFC_SHA256, t, "sha256", 8, 60), period=60)


@test
def sha512_seven_digits_given_in_argv():
    uri = f"otpauth://totp/Shop?secret={RFC_SHA512}&algorithm=SHA512&digits=7"
    ok("add", "Shop", "--totp", uri, input_lines=[MASTER, "pw"])
    code_now("Shop", lambda t: oathtool(RFC_SHA512, t, "sha512", 7))


@test
def steam_code_in_steams_alphabet():
    ok("add", "Steam", "--totp", "-", input_lines=[MASTER, "pw", f"steam://{STEAM}"])
    code = code_now("Steam", lambda t: steam_code(STEAM, t))
    assert re.fullmatch(r"[23456789BCDFGHJKMNPQRTVWXY]{5}", code), code
    assert f"totp: otpauth://totp/?secret={STEAM}&algorithm=SHA1&digits=5&period=30" \
        "&encoder=steam" in show_all("Steam")


@test
def update_sets_and_removes_the_code_keeping_the_password():
    ok("add", "Later", input_lines=[MASTER, "kept-pw"])
    fails(1, "no one-time code", "totp", "Later", input_lines=[MASTER])
    ok("update", "Later", "--keep-password", "--totp", "-", input_lines=[MASTER, SECRET])
    code_now("Later", lambda t: oathtool(SECRET, t))
    assert ok("show", "Later", input_lines=[MASTER]) == "kept-pw\n"
    assert "history: 0" in show_all("Later")
    ok("update", "Later", "--keep-password", "--remove-totp", input_lines=[MASTER])
    fails(1, "no one-time code", "totp", "Later", input_lines=[MASTER])


@test
def bad_secrets_refused_without_repeating_them():
    err = fails(1, "HOTP", "add", "Counter", "--totp", "-",
                input_lines=[MASTER, "pw", "otpauth://hotp/x?secret=ZZZZYYYYXXXXWWWW&counter=1"])
    assert "ZZZZYYYY" not in err
    err = fails(1, "base32", "add", "Typo", "--totp", "-",
                input_lines=[MASTER, "pw", "ZZZZ1YYYXXXXWWWW"])
    assert "ZZZZ" not in err
    fails(1, "6 to 8 digits", "add", "Nine", "--totp", "-",
          input_lines=[MASTER, "pw", f"otpauth://totp/x?secret={SECRET}&digits=9"])
    assert "Counter" not in ok("list", input_lines=[MASTER]).splitlines()
    fails(2, "cannot be used together", "update", "Mail", "--totp", "-", "--remove-totp")


@test
def custom_fields_kept_shown_and_searched():
    ok("add", "Bank card", "--field", "Account=DE44 5001", "--searchable-field",
       "Branch=Gangnam", "--concealed-field", "PIN", "--concealed-field", "CVC",
       input_lines=[MASTER, "pw", "pin-4711", "cvc-123"])
    assert ok("show", "Bank card", "--field", "PIN", input_lines=[MASTER]) == "pin-4711\n"
    assert ok("show", "Bank card", "--field", "CVC", input_lines=[MASTER]) == "cvc-123\n"
    assert ok("show", "Bank card", "-f", "Account", input_lines=[MASTER]) == "DE44 5001\n"
    lines = show_all("Bank card")
    fields = [line for line in lines if line.startswith("field[")]
    assert fields == ["field[Account]: DE44 5001", "field[Branch]: Gangnam",
                      "field[PIN]: pin-4711", "field[CVC]: cvc-123"], fields
    # Only the field marked searchable is searched; concealed ones never.
    assert ok("search", "gangnam", input_lines=[MASTER]) == "Bank card\n"
    assert ok("search", "DE44", input_lines=[MASTER]) == ""
    assert ok("search", "4711", input_lines=[MASTER]) == ""
    fails(1, "no field", "show", "Bank card", "--field", "Nope", input_lines=[MASTER])


@test
def fields_changed_in_place_and_removed():
    ok("update", "Bank card", "--keep-password", "--remove-field", "Account",
       "--concealed-field", "PIN", "--field", "Note=new", input_lines=[MASTER, "pin-0000"])
    fields = [line for line in show_all("Bank card") if line.startswith("field[")]
    assert fields == ["field[Branch]: Gangnam", "field[PIN]: pin-0000", "field[CVC]: cvc-123",
                      "field[Note]: new"], fields
    assert ok("show", "Bank card", input_lines=[MASTER]) == "pw\n"
    fails(1, "no field “Gone” to remove", "update", "Bank card", "--keep-password",
          "--remove-field", "Gone", input_lines=[MASTER])
    fails(2, "LABEL=VALUE", "update", "Bank card", "--keep-password", "--field", "novalue")
    fails(2, "LABEL=VALUE", "update", "Bank card", "--keep-password", "--field", "=x")


@test
def a_missing_concealed_value_changes_nothing():
    before = open(VAULT, "rb").read()
    fails(1, "another line", "update", "Bank card", "--keep-password", "--concealed-field", "A",
          "--concealed-field", "B", input_lines=[MASTER, "only one"])
    assert open(VAULT, "rb").read() == before


@test
def totp_prints_the_code_alone():
    code, out, err = cli("totp", "Mail", input_lines=[MASTER])
    assert code == 0 and err == "", (code, err)
    assert re.fullmatch(r"\d{6}\n", out), out


if __name__ == "__main__":
    try:
        sys.exit(run())
    finally:
        shutil.rmtree(WORK, ignore_errors=True)
