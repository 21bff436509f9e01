#!/usr/bin/python3
# test-cli-import.py
# SPDX-License-Identifier: GPL-3.0-or-later
#
# vault-cli import and export end to end, against the real keepassxc-cli:
# databases it makes come in field for field, databases Vault writes it
# reads back, and every bad file leaves the vault byte for byte as it was.

import csv
import io
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from tap import Skip, run, test  # noqa: E402

CLI = os.environ.get("VAULT_CLI") or sys.exit("VAULT_CLI is not set")
KEEPASSXC = shutil.which("keepassxc-cli")
MASTER = "correct horse battery staple"
KDBX_PASSWORD = "kdbx pass 키패스"
WORK = tempfile.mkdtemp(prefix="vault-cli-import-test-")
VAULT = os.path.join(WORK, "vault.json")


def cli(*args, input_lines=(), vault=VAULT):
    command = [CLI, "--vault", vault] + list(args)
    data = "".join(line + "\n" for line in input_lines)
    proc = subprocess.run(command, input=data, capture_output=True, text=True, timeout=300)
    return proc.returncode, proc.stdout, proc.stderr


def ok(*args, **kwargs):
    code, out, err = cli(*args, **kwargs)
    assert code == 0, f"{args}: exit {code}, stderr {err!r}"
    return out


def fails(pattern, *args, **kwargs):
    """Exit 1, a clear message, and the vault untouched."""
    before = read(VAULT) if os.path.exists(VAULT) else None
    code, out, err = cli(*args, **kwargs)
    assert code == 1, f"{args}: exit {code}, stdout {out!r}, stderr {err!r}"
    assert re.search(pattern, err), f"{args}: stderr {err!r} lacks {pattern!r}"
    if before is not None:
        assert read(VAULT) == before, f"{args} changed the vault"
    return err


def read(path):
    with open(path, "rb") as f:
        return f.read()


def write(name, text, encoding="utf-8", newline=""):
    path = os.path.join(WORK, name)
    with open(path, "w", encoding=encoding, newline=newline) as f:
        f.write(text)
    return path


def titles(vault=VAULT):
    return ok("list", input_lines=[MASTER], vault=vault).splitlines()


def show(title, vault=VAULT):
    """Every field vault-cli prints for the entry, as a dict."""
    out = ok("show", "--all", title, input_lines=[MASTER], vault=vault)
    fields, key = {}, None
    for line in out.splitlines():
        m = re.match(r"^(title|username|password|url|notes|tags|favourite|created|modified|history"
                     r"|totp|field\[[^]]*\]): ?(.*)$", line)
        if m:
            key = m.group(1)
            fields[key] = m.group(2)
        elif key is not None:
            fields[key] += "\n" + line
    return fields


def fresh_vault(name):
    path = os.path.join(WORK, name)
    code, out, err = cli("init", input_lines=[MASTER], vault=path)
    assert code == 0, err
    return path


def kx(*args, input_lines=()):
    """keepassxc-cli with lines on standard input; its prompts go to stderr."""
    if KEEPASSXC is None:
        raise Skip("keepassxc-cli is not installed (apt install keepassxc)")
    data = "".join(line + "\n" for line in input_lines)
    proc = subprocess.run([KEEPASSXC] + list(args), input=data, capture_output=True,
                          text=True, timeout=300)
    assert proc.returncode == 0, f"keepassxc-cli {args}: {proc.stderr}"
    return proc.stdout


def kx_show(db, entry, password=KDBX_PASSWORD, extra=()):
    out = kx("show", "-s", *extra, db, entry, input_lines=[password])
    fields = {}
    for line in out.splitlines():
        key, _, value = line.partition(": ")
        fields[key] = value
    return fields


@test
def setup_vault():
    ok("init", input_lines=[MASTER])
    ok("add", "Existing", "-u", "me", input_lines=[MASTER, "pw"])


FIREFOX = (
    "\ufeffurl,username,password,httpRealm,formActionOrigin,guid,timeCreated,timeLastUsed,"
    "timePasswordChanged\r\n"
    "https://www.naver.com,kim,\"비밀,번호\"\"1\",,https://www.naver.com,{a},"
    "1600000000000,1600000000000,1650000000000\r\n"
    "chrome://FirefoxAccounts,,fxa-secret,Firefox Accounts credentials,,{b},1,1,1\r\n"
    "https://accounts.example.org,\"line\nbreak\",pw2,,https://accounts.example.org,{c},"
    "1600000000000,1600000000000,1600000000000\r\n"
)


@test
def firefox_csv_comes_in_with_a_summary():
    path = write("firefox.csv", FIREFOX)
    out = ok("import", path, input_lines=[MASTER])
    assert "Read 2 entries from the Firefox passwords (CSV)" in out, out
    assert re.search(r"1 login to the browser’s own pages was skipped", out), out
    assert "Added 2 entries" in out, out
    assert "not encrypted" in out, out
    assert set(titles()) == {"Existing", "naver.com", "accounts.example.org"}, titles()
    naver = show("naver.com")
    assert naver["username"] == "kim", naver
    assert naver["password"] == "비밀,번호\"1", naver
    assert naver["url"] == "https://www.naver.com", naver
    assert show("accounts.example.org")["username"] == "line\nbreak"


@test
def the_same_file_again_adds_nothing():
    path = os.path.join(WORK, "firefox.csv")
    before = read(VAULT)
    out = ok("import", path, input_lines=[MASTER])
    assert re.search(r"2 have the title, username and website of entries already", out), out
    assert "Added 0 entries" in out, out
    assert read(VAULT) == before, "a save with nothing added"
    out = ok("import", "--duplicates", "add", "--dry-run", path, input_lines=[MASTER])
    assert "added beside" in out and "dry run" in out, out
    assert read(VAULT) == before


@test
def unknown_layout_needs_a_confirmed_mapping():
    path = write("other.csv", "Site,Login,Passwort,Kommentar\nExample,bob,geheim,\"a, b\"\n")
    err = fails(r"does not know this CSV file’s layout", "import", path, input_lines=[MASTER])
    assert "--map title=Site" in err and "--map password=Passwort" in err, err
    fails(r"no column “Nope”", "import", path, "--map", "title=Nope", input_lines=[MASTER])
    out = ok("import", path, "--map", "title=Site", "--map", "username=2",
             "--map", "password=Passwort", "--map", "notes=Kommentar", input_lines=[MASTER])
    assert "Added 1 entry" in out, out
    example = show("Example")
    assert (example["username"], example["password"], example["notes"]) == \
        ("bob", "geheim", "a, b"), example


@test
def bad_files_change_nothing():
    fails(r"not one Vault can import", "import", write("random.bin", "\x00\x01\x02garbage" * 50,
                                                       encoding="latin-1"),
          input_lines=[MASTER])
    fails(r"[Ll]ine 3", "import",
          write("short.csv", "name,url,username,password\na,b,c,d\ne,f,g\n"),
          input_lines=[MASTER])
    fails(r"[Ll]ine 2", "import",
          write("latin1.csv", "name,url,username,password\nCaf\xe9,u,n,p\n", encoding="latin-1"),
          input_lines=[MASTER])
    fails(r"encrypted", "import",
          write("bw.json", '{"encrypted": true, "passwordProtected": true, "salt": "x", '
                '"kdfType": 0, "kdfIterations": 600000, "data": "2.abc"}'),
          input_lines=[MASTER])
    fails(r"empty", "import", write("empty.csv", ""), input_lines=[MASTER])
    fails(r"Could not open", "import", os.path.join(WORK, "missing.csv"), input_lines=[MASTER])
    fails(r"[Ww]rong", "import", os.path.join(WORK, "firefox.csv"),
          input_lines=["not the master password"])


def make_kdbx(name, key_file=None):
    """A database as KeePassXC makes it: groups, Korean, an edit that leaves
    history, an entry in the recycle bin."""
    db = os.path.join(WORK, name)
    create = ["db-create", "-t", "100", "-p", db]
    unlock = []
    if key_file:
        create[1:1] = ["--set-key-file", key_file]
        unlock = ["-k", key_file]
    kx(*create, input_lines=[KDBX_PASSWORD, KDBX_PASSWORD])
    kx("mkdir", *unlock, db, "Work", input_lines=[KDBX_PASSWORD])
    kx("mkdir", *unlock, db, "Work/Mail", input_lines=[KDBX_PASSWORD])
    kx("add", *unlock, "-u", "kim@example.com", "--url", "https://mail.naver.com",
       "--notes", "첫 줄\nsecond line", "-p", db, "Work/Mail/네이버 메일",
       input_lines=[KDBX_PASSWORD, "old-비밀"])
    kx("edit", *unlock, "-p", db, "Work/Mail/네이버 메일", input_lines=[KDBX_PASSWORD, "new-비밀"])
    kx("add", *unlock, "-u", "root-user", "-p", db, "At the root",
       input_lines=[KDBX_PASSWORD, "root pw"])
    kx("add", *unlock, "-p", db, "Thrown away", input_lines=[KDBX_PASSWORD, "gone"])
    kx("rm", *unlock, db, "Thrown away", input_lines=[KDBX_PASSWORD])
    return db


@test
def keepassxc_database_comes_in_field_for_field():
    db = make_kdbx("keepassxc.kdbx")
    vault = fresh_vault("kdbx-vault.json")
    code, out, err = cli("import", db, input_lines=[MASTER, "wrong password"], vault=vault)
    assert code == 1 and re.search(r"password or key file", err), (code, err)
    out = ok("import", db, input_lines=[MASTER, KDBX_PASSWORD], vault=vault)
    assert "Read 2 entries from the KeePass database (KDBX)" in out, out
    assert "recycle bin" in out, out
    assert "not encrypted" not in out, out
    assert sorted(titles(vault)) == ["At the root", "네이버 메일"], titles(vault)

    theirs = kx_show(db, "Work/Mail/네이버 메일")
    ours = show("네이버 메일", vault=vault)
    assert ours["username"] == theirs["UserName"] == "kim@example.com"
    assert ours["password"] == theirs["Password"] == "new-비밀"
    assert ours["url"] == theirs["URL"]
    assert ours["notes"] == "첫 줄\nsecond line", ours
    assert ours["tags"] == "Work/Mail", ours
    assert ours["history"] == "1", ours
    assert show("At the root", vault=vault).get("tags", "") == ""


@test
def keepassxc_database_with_a_key_file():
    key = os.path.join(WORK, "db.keyx")
    db = make_kdbx("keyfile.kdbx", key_file=key)
    vault = fresh_vault("keyfile-vault.json")
    code, out, err = cli("import", db, input_lines=[MASTER, KDBX_PASSWORD], vault=vault)
    assert code == 1 and re.search(r"password or key file", err), (code, err)
    out = ok("import", db, "--key-file", key, input_lines=[MASTER, KDBX_PASSWORD], vault=vault)
    assert "Added 2 entries" in out, out


@test
def kdbx_export_opens_in_keepassxc():
    out_db = os.path.join(WORK, "export.kdbx")
    ok("add", "한국 은행", "-u", "이순신", "--url", "https://bank.example.kr", "--tag", "Finance",
       "--notes", "메모", input_lines=[MASTER, "비밀-은행"])
    out = ok("export", "--format", "kdbx", out_db, input_lines=[MASTER, KDBX_PASSWORD])
    assert re.search(r"Exported \d+ entries", out), out
    assert os.stat(out_db).st_mode & 0o777 == 0o600
    listed = kx("ls", "-R", "-f", out_db, input_lines=[KDBX_PASSWORD]).splitlines()
    for title in titles():
        assert any(line.endswith(title) for line in listed), (title, listed)
    assert "Finance/한국 은행" in listed, listed
    bank = kx_show(out_db, "Finance/한국 은행")
    assert (bank["UserName"], bank["Password"], bank["URL"], bank["Notes"]) == \
        ("이순신", "비밀-은행", "https://bank.example.kr", "메모"), bank
    naver = kx_show(out_db, "naver.com")
    assert naver["Password"] == "비밀,번호\"1", naver

    # Not over an existing file, nor over the vault.
    fails(r"exists", "export", "--format", "kdbx", out_db, input_lines=[MASTER, "x"])
    fails(r"vault itself", "export", "--format", "csv", "--force", VAULT, input_lines=[MASTER])


@test
def csv_export_matches_keepassxc_csv():
    ours_path = os.path.join(WORK, "export.csv")
    out_db = os.path.join(WORK, "export.kdbx")
    code, out, err = cli("export", "--format", "csv", ours_path, input_lines=[MASTER])
    assert code == 0, err
    assert "not encrypted" in err, err
    assert os.stat(ours_path).st_mode & 0o777 == 0o600
    theirs = kx("export", "-f", "csv", out_db, input_lines=[KDBX_PASSWORD])

    def rows(text):
        table = list(csv.reader(io.StringIO(text)))
        header = table[0]
        keep = [i for i, name in enumerate(header) if name not in ("Last Modified", "Created")]
        return [header[i] for i in keep], sorted(tuple(r[i] for i in keep) for r in table[1:])

    with open(ours_path, encoding="utf-8", newline="") as f:
        our_header, our_rows = rows(f.read())
    their_header, their_rows = rows(theirs)
    assert our_header == their_header, (our_header, their_header)
    assert our_rows == their_rows, (our_rows, their_rows)


@test
def exported_kdbx_comes_back_whole():
    vault = fresh_vault("round-trip.json")
    ok("import", os.path.join(WORK, "export.kdbx"), input_lines=[MASTER, KDBX_PASSWORD],
       vault=vault)
    assert sorted(titles(vault)) == sorted(titles()), (titles(vault), titles())
    assert show("한국 은행", vault=vault)["password"] == "비밀-은행"


def same_step(ours, theirs, period=30):
    """Two codes made in one time step; a pair that straddles a boundary
    (each side runs a KDF) is made again."""
    for _ in range(3):
        before = int(time.time())
        a, b = ours(), theirs()
        if before // period == int(time.time()) // period:
            return a, b
    raise AssertionError("three tries straddled a step boundary")


@test
def one_time_codes_and_fields_go_to_keepassxc_and_back():
    vault = fresh_vault("otp-vault.json")
    out_db = os.path.join(WORK, "otp-export.kdbx")
    ok("add", "Mail", "-u", "kim", "--totp", "-", "--field", "Recovery=blue house",
       "--concealed-field", "PIN", input_lines=[MASTER, "mail-pw", "JBSWY3DPEHPK3PXP", "4711"],
       vault=vault)
    ok("add", "Bank", "--totp", "-", input_lines=[
        MASTER, "bank-pw", "otpauth://totp/Bank:kim?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"
        "GEZDGNBVGY3TQOJQGEZA&algorithm=SHA256&digits=8"], vault=vault)
    ok("add", "Steam", "--totp", "-", input_lines=[
        MASTER, "steam-pw", "steam://63BEDWCQZKTQWPESARIERL5DTTQFCJTK"], vault=vault)
    ok("export", "--format", "kdbx", out_db, input_lines=[MASTER, KDBX_PASSWORD], vault=vault)

    # KeePassXC reads the otp attribute Vault wrote and makes the same code.
    for title in ("Mail", "Bank", "Steam"):
        ours, theirs = same_step(
            lambda: ok("totp", title, input_lines=[MASTER], vault=vault).strip(),
            lambda: kx("show", "-q", "-t", out_db, title, input_lines=[KDBX_PASSWORD]).strip())
        assert ours == theirs, (title, ours, theirs)

    # Custom fields are KeePass custom strings, the concealed one protected.
    attributes = kx("show", "-q", "-s", "-a", "Recovery", "-a", "PIN", out_db, "Mail",
                    input_lines=[KDBX_PASSWORD]).splitlines()
    assert attributes == ["blue house", "4711"], attributes
    summary = kx("show", "-q", "--all", out_db, "Mail", input_lines=[KDBX_PASSWORD]).splitlines()
    assert "PIN: PROTECTED" in summary and "Recovery: blue house" in summary, summary

    # And the database comes back into a vault as it left: fields, not notes.
    again = fresh_vault("otp-again.json")
    ok("import", out_db, input_lines=[MASTER, KDBX_PASSWORD], vault=again)
    mail = show("Mail", vault=again)
    assert mail["field[Recovery]"] == "blue house" and mail["field[PIN]"] == "4711", mail
    assert mail["notes"] == "", mail
    assert mail["totp"].startswith("otpauth://totp/"), mail
    for title in ("Mail", "Bank", "Steam"):
        a, b = same_step(lambda: ok("totp", title, input_lines=[MASTER], vault=vault),
                         lambda: ok("totp", title, input_lines=[MASTER], vault=again))
        assert a == b, (title, a, b)

    # KeePassXC's CSV has a TOTP column: the URI is there.
    csv_path = os.path.join(WORK, "otp-export.csv")
    ok("export", "--format", "csv", csv_path, input_lines=[MASTER], vault=vault)
    with open(csv_path, encoding="utf-8", newline="") as f:
        rows = {r["Title"]: r for r in csv.DictReader(f)}
    assert rows["Steam"]["TOTP"].endswith("&encoder=steam"), rows["Steam"]


if __name__ == "__main__":
    try:
        run()
    finally:
        shutil.rmtree(WORK, ignore_errors=True)
