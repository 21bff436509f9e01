#!/usr/bin/python3
# test-memory.py
# SPDX-License-Identifier: GPL-3.0-or-later
#
# After locking, a dump of the app's memory holds no master password, no key
# and no entry secret: the real app is unlocked, used as a person uses it
# (reveal, copy and paste from another program, edit, show the Emergency
# Kit), locked, and then every readable byte of it is searched.

import base64
import json
import os
import secrets
import signal
import string
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from gui import CODE_RE, App, clipboard, click, keys, wait_for, write_settings  # noqa: E402
from tap import Skip, run, test  # noqa: E402

CLI = os.environ["VAULT_CLI"]
WORK = tempfile.mkdtemp(prefix="vault-memory-test-")
VAULT = os.path.join(WORK, "vault.json")
LOG = os.path.join(WORK, "app.log")
ALPHABET = string.ascii_letters + string.digits


def random_text(length=24):
    """About 143 bits at 24 characters: no chance match in any process.
    Letters and digits only, so xdotool types them on any keyboard layout."""
    while True:
        text = "".join(secrets.choice(ALPHABET) for _ in range(length))
        if (any(c.islower() for c in text) and any(c.isupper() for c in text)
                and any(c.isdigit() for c in text)):
            return text


# Secrets made for this run only. Each is typed by xdotool, never sent over
# AT-SPI: a person types with a keyboard, and the test must not be the one
# leaving a copy in the app's D-Bus buffers.
MASTER = random_text()
PASSWORD_OLD = random_text()
PASSWORD_NEW = random_text()
NOTE_OLD = "Note " + random_text()
NOTE_NEW = "Note " + random_text()
TITLE = "Title" + random_text(16)   # not secret: the positive control
state = {}


def cli(*args, lines=(MASTER,)):
    proc = subprocess.run([CLI, "--vault", VAULT, *args], input="".join(l + "\n" for l in lines),
                          capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr
    return proc.stdout


def text_forms(text):
    return {"UTF-8": text.encode("utf-8"), "UTF-16LE": text.encode("utf-16-le")}


def binary_forms(data):
    forms = {"raw": data}
    for name, encoded in (("hex", data.hex()), ("HEX", data.hex().upper()),
                          ("base64", base64.b64encode(data).decode()),
                          ("base64url", base64.urlsafe_b64encode(data).decode().rstrip("="))):
        for encoding, raw in text_forms(encoded).items():
            forms[f"{name} {encoding}"] = raw
    return forms


def secret_patterns():
    """(secret's name, encoding) -> bytes, for every secret the app has seen."""
    named = {
        "master password": text_forms(MASTER),
        "old entry password": text_forms(PASSWORD_OLD),
        "new entry password": text_forms(PASSWORD_NEW),
        "old note": text_forms(NOTE_OLD),
        "new note": text_forms(NOTE_NEW),
        "Secret Key": binary_forms(state["secret_key"]),
    }
    code = state["kit_code"]
    for label, text in (("Secret Key code", code), ("Secret Key code without hyphens",
                                                    code.replace("-", ""))):
        named[label] = text_forms(text)
    return {(name, enc): raw for name, forms in named.items() for enc, raw in forms.items()}


def mappings(pid):
    with open(f"/proc/{pid}/maps", encoding="utf-8", errors="replace") as f:
        for line in f:
            fields = line.split(maxsplit=5)
            start, end = (int(x, 16) for x in fields[0].split("-"))
            name = fields[5].strip() if len(fields) > 5 else "[anon]"
            if fields[1][0] == "r":
                yield start, end, name or "[anon]"


def need_root():
    # The app makes itself non-dumpable, so only root may read its memory.
    if os.geteuid() != 0:
        raise Skip("reading another process's memory needs root")


def scan(pid, patterns):
    """Every place a pattern occurs: (name, encoding, mapping, offset in it).
    The process is stopped meanwhile, so nothing moves under the scan."""
    hits = []
    scanned = 0
    os.kill(pid, signal.SIGSTOP)
    try:
        with open(f"/proc/{pid}/mem", "rb", buffering=0) as mem:
            for start, end, name in mappings(pid):
                try:
                    mem.seek(start)
                    data = mem.read(end - start)
                except OSError:
                    continue  # [vvar] and the like cannot be read
                scanned += len(data)
                for key, raw in patterns.items():
                    at = data.find(raw)
                    while at >= 0:
                        hits.append((*key, name, hex(at), hex(start + at)))
                        at = data.find(raw, at + 1)
    finally:
        os.kill(pid, signal.SIGCONT)
    assert scanned > 10 * 1024 * 1024, f"only {scanned} bytes could be read"
    return hits


def report(hits):
    # Names and places only: the secrets themselves are never printed.
    return "\n".join(f"{name} ({enc}) in {where} at offset {off} ({addr})"
                     for name, enc, where, off, addr in hits)


def focused_window_shows(app, name, role):
    return app.find(name, role, within=app.windows()[-1])


@test
def make_vault_with_random_secrets():
    write_settings(clipboard_clear_delay=60)
    cli("init")
    cli("add", TITLE, "--username", "memtest", "--notes", NOTE_OLD, lines=(MASTER, PASSWORD_OLD))
    vault_id = json.load(open(VAULT, encoding="utf-8"))["header"]["vault_id"]
    key = subprocess.run(["secret-tool", "lookup", "vault-id", vault_id], capture_output=True,
                         check=True, timeout=30).stdout
    assert len(key) == 32, f"the keyring gave {len(key)} bytes"
    state["secret_key"] = key
    state["kit_code"] = cli("secret-key").strip()
    assert CODE_RE.match(state["kit_code"])
    assert cli("show", TITLE).strip() == PASSWORD_OLD


@test
def unlock_reveal_copy_and_paste():
    need_root()
    app = state["app"] = App(VAULT, log=LOG)
    page = app.page("Vault Is Locked")
    # Typed as a person does.
    click(app.find("Master password", "password text", page), focus=True)
    keys("type", "--delay", "30", MASTER)
    keys("key", "Return")
    app.find("Search entries", "entry")
    app.select_first()
    wait_for(lambda: app.detail("Username") == "memtest", what="the entry's details")
    app.click("Show Password")
    # The positive control: the same scan finds what must be there now.
    control = {("title", "UTF-8"): TITLE.encode(),
               ("revealed password", "UTF-8"): PASSWORD_OLD.encode()}
    found = set()

    def scan_finds_both():
        found.update(name for name, *_ in scan(app.proc.pid, control))
        return found == {"title", "revealed password"}
    wait_for(scan_finds_both, timeout=10, what=f"the scan to find both (found only {found})")

    app.click("Copy Password")
    # Another program pastes it.
    wait_for(lambda: clipboard() == PASSWORD_OLD, what="the password pasted by xclip")


@test
def edit_password_and_note():
    app = state["app"]
    app.click("Edit")
    app.find("Edit Entry", "label")
    dialog = app.windows()[-1]
    # AdwPasswordEntryRow does not present its inner text field over AT-SPI,
    # so its focus cannot be waited for: a wrong focus fails the check below.
    click(app.find("Password", "text", dialog))
    time.sleep(0.5)
    keys("key", "ctrl+a", "BackSpace")
    keys("type", "--delay", "30", PASSWORD_NEW)
    click(app.find("Notes", "text", dialog), focus=True)
    keys("key", "ctrl+a", "BackSpace")
    keys("type", "--delay", "30", NOTE_NEW)
    app.click("Save", within=dialog)
    wait_for(lambda: len(app.windows()) == 1, what="the dialog to close")
    fields = dict(l.split(": ", 1) for l in cli("show", TITLE, "--all").splitlines())
    assert fields["password"] == PASSWORD_NEW, "the new password was not saved"
    assert fields["notes"] == NOTE_NEW, "the new note was not saved"


@test
def show_emergency_kit_from_preferences():
    app = state["app"]
    keys("key", "ctrl+comma")
    app.click("Show Emergency Kit")
    kit = wait_for(lambda: next((w for w in app.windows()
                                 if app.has("Save Emergency Kit", "push button", w)), None),
                   what="the Emergency Kit window")
    # As a screen reader reads it out.
    assert state["kit_code"] in app.labels(kit)
    keys("key", "Escape")
    wait_for(lambda: kit not in app.windows(), what="the kit window to close")
    keys("key", "Escape")
    wait_for(lambda: len(app.windows()) == 1, what="Preferences to close")


@test
def nothing_secret_survives_locking():
    need_root()
    app = state["app"]
    keys("key", "ctrl+l")
    app.page("Vault Is Locked")
    wait_for(lambda: not app.has("Search entries", "entry"), what="the list window to close")
    assert clipboard() in (None, ""), "the clipboard still holds the password"
    time.sleep(2)
    hits = scan(app.proc.pid, secret_patterns())
    assert not hits, "found after locking:\n" + report(hits)


if __name__ == "__main__":
    try:
        status = run()
    finally:
        if "app" in state:
            state["app"].quit()
    sys.exit(status)
