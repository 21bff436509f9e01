#!/usr/bin/python3
# test-unlock-cancel.py
# SPDX-License-Identifier: GPL-3.0-or-later
#
# A vault file may ask for the most expensive KDF Vault allows: the unlock
# window's Cancel stops waiting for it at once, and the window works after.

import hashlib
import hmac
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time

import pyatspi

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from gui import App, click, keys, wait_for  # noqa: E402
from tap import run, test  # noqa: E402

CLI = os.environ["VAULT_CLI"]
MASTER = "quartz meadow lantern"
WORK = tempfile.mkdtemp(prefix="vault-cancel-test-")
VAULT = os.path.join(WORK, "vault.json")
MAX_ITERATIONS = 10_000_000


def hkdf_sha256(ikm, salt, info, length=32):
    prk = hmac.new(salt, ikm, hashlib.sha256).digest()
    return hmac.new(prk, info + b"\x01", hashlib.sha256).digest()[:length]


def canonical(header):
    """The header as json-glib writes it without white space."""
    return json.dumps(header, separators=(",", ":"), ensure_ascii=False)


def slow_copy():
    """The vault with the KDF at its bound, re-authenticated with the real
    Secret Key (as the keyring's owner could): only the KDF stands between
    Unlock and an answer."""
    with open(VAULT, encoding="utf-8") as f:
        doc = json.load(f)
    header = doc["header"]
    # The test's own serialisation must be the engine's, or it proves nothing.
    assert hashlib.sha256(canonical(header).encode()).hexdigest() == doc["header_sha256"]
    key = subprocess.run(["secret-tool", "lookup", "vault-id", header["vault_id"]],
                         capture_output=True, check=True).stdout
    assert len(key) == 32, "the Secret Key from the keyring"
    header["kdf"]["iterations"] = MAX_ITERATIONS
    text = canonical(header).encode()
    doc["header_sha256"] = hashlib.sha256(text).hexdigest()
    mac_key = hkdf_sha256(key, header["vault_id"].encode(), b"com.example.Vault/v2/header")
    doc["header_mac"] = hmac.new(mac_key, text, hashlib.sha256).hexdigest()
    return json.dumps(doc, indent=2)


@test
def cancel_stops_a_slow_unlock():
    subprocess.run([CLI, "--vault", VAULT, "init"], input=MASTER + "\n", text=True,
                   check=True, capture_output=True)
    subprocess.run([CLI, "--vault", VAULT, "add", "Forum", "--username", "me"],
                   input=f"{MASTER}\nforum-pw\n", text=True, check=True, capture_output=True)
    shutil.copy(VAULT, VAULT + ".orig")
    slow = slow_copy()
    with open(VAULT, "w", encoding="utf-8") as f:
        f.write(slow)

    app = App(VAULT)
    page = app.page("Vault Is Locked")
    app.type_into("Master password", MASTER, "password text", within=page)
    # Both found first: finding a node through AT-SPI can take longer than
    # the KDF.
    unlock_button = app.find("Unlock", "push button", page)
    cancel = app.find("Cancel", "push button")
    unlock_button.doActionNamed("click")
    # Clicked with the pointer as soon as it is on screen (it has a size
    # once laid out): an AT-SPI click on a button not yet shown is lost.
    wait_for(lambda: cancel.queryComponent().getExtents(pyatspi.WINDOW_COORDS)[2] > 0,
             timeout=5, what="the Cancel button on screen")
    click(cancel)

    # The worker finishes its KDF later; what it found is dropped: no error
    # appears, and the vault stays locked.
    time.sleep(6)
    assert not app.has("Wrong master password. Try again.", "label")
    assert not app.has("Search entries", "entry")

    # Back on the unlock page with the focus in the password field: keys
    # typed now unlock a proper vault.
    shutil.copy(VAULT + ".orig", VAULT)
    keys("key", "ctrl+a")
    keys("type", "--delay", "30", MASTER)
    keys("key", "Return")
    app.find("Search entries", "entry", timeout=30)
    wait_for(lambda: "Forum" in app.list_titles(), what="the entry listed")
    app.quit()


sys.exit(run())
