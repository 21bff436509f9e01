#!/usr/bin/python3
# test-entry-dialog.py
# SPDX-License-Identifier: GPL-3.0-or-later
#
# The add / edit dialog as a person uses it from the keyboard: Enter saves,
# Save waits for a change, Escape on changes asks first, and the generator's
# settings make a new password at once. What was saved is read back with
# vault-cli.

import os
import re
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from gui import App, click, keys, wait_for  # noqa: E402
from tap import run, test  # noqa: E402

CLI = os.environ["VAULT_CLI"]
MASTER = "amber harbour quiet"
WORK = tempfile.mkdtemp(prefix="vault-dialog-test-")
VAULT = os.path.join(WORK, "vault.json")
LOG = os.path.join(WORK, "app.log")
state = {}


def cli(*args, lines=(MASTER,)):
    proc = subprocess.run([CLI, "--vault", VAULT, *args], input="".join(l + "\n" for l in lines),
                          capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr
    return proc.stdout


def dialog_window(app):
    return wait_for(lambda: next((w for w in app.windows() if app.has("Title", "text", w)), None),
                    what="the entry dialog")


def save_button(dialog):
    return wait_for(lambda: next((b for b in dialog.findChildren(
        lambda n: n.roleName == "push button" and n.name == "Save")), None), what="Save")


@test
def enter_saves_a_new_entry():
    cli("init")
    cli("add", "Forum", "--username", "me", lines=(MASTER, "forum-Pass-1"))
    app = state["app"] = App(VAULT, log=LOG)
    page = app.page("Vault Is Locked")
    click(app.find("Master password", "password text", page), focus=True)
    keys("type", "--delay", "20", MASTER)
    keys("key", "Return")
    app.find("Search entries", "entry")

    keys("key", "ctrl+n")
    dialog = dialog_window(app)
    assert not save_button(dialog).sensitive, "Save before anything was typed"
    # The focus starts in Title; Enter there saves once the entry is valid.
    keys("type", "--delay", "20", "Shop")
    wait_for(lambda: save_button(dialog).sensitive, what="Save enabled by a title")
    keys("key", "Tab")
    keys("type", "--delay", "20", "buyer")
    keys("key", "Return")
    wait_for(lambda: dialog not in app.windows(), what="Enter saving the entry")
    wait_for(lambda: "Shop" in app.list_titles(), what="Shop listed")
    assert cli("list").split() == ["Forum", "Shop"]


@test
def save_waits_for_a_change_and_escape_asks():
    app = state["app"]
    app.type_into("Search entries", "forum", "entry")
    keys("key", "Return")
    wait_for(lambda: app.detail("Username") == "me", what="Forum shown")

    # Unchanged: Save is off, and Escape just closes.
    keys("key", "ctrl+e")
    dialog = dialog_window(app)
    assert not save_button(dialog).sensitive, "Save enabled with nothing changed"
    keys("key", "Escape")
    wait_for(lambda: dialog not in app.windows(), what="Escape closing an unchanged entry")

    # Changed: Escape asks; Keep Editing keeps it, Discard throws it away.
    keys("key", "ctrl+e")
    dialog = dialog_window(app)
    # The focus starts in Title; Username is the next field.
    keys("key", "Tab")
    keys("key", "End")
    keys("type", "--delay", "20", "2")
    wait_for(lambda: save_button(dialog).sensitive, what="Save enabled by a change")
    keys("key", "Escape")
    ask = app.find("Discard Changes?", "label")
    assert dialog in app.windows()
    keys("key", "Escape")   # the question's own Escape is Keep Editing
    wait_for(lambda: not app.has("Discard Changes?", "label"), what="the question closed")
    assert dialog in app.windows(), "Keep Editing closed the entry"
    keys("key", "Escape")
    ask = app.find("Discard Changes?", "label")
    ask_window = next(w for w in app.windows() if app.has("Discard Changes?", "label", w))
    button = next(b for b in ask_window.findChildren(lambda n: n.roleName == "push button")
                  if b.name.replace("_", "").startswith("Discard"))
    button.doActionNamed("click")
    wait_for(lambda: dialog not in app.windows(), what="Discard closing the entry")
    assert app.detail("Username") == "me"
    assert "me2" not in cli("search", "me2")

    # A saved edit keeps what was not touched, the password above all.
    keys("key", "ctrl+e")
    dialog = dialog_window(app)
    keys("key", "Tab")
    keys("key", "End")
    keys("type", "--delay", "20", "3")
    keys("key", "Return")
    wait_for(lambda: dialog not in app.windows(), what="Enter saving the edit")
    wait_for(lambda: app.detail("Username") == "me3", what="the new username shown")
    fields = dict(l.split(": ", 1) for l in cli("show", "Forum", "--all").splitlines())
    assert fields["username"] == "me3"
    assert fields["password"] == "forum-Pass-1", "the edit changed the password"


@test
def generator_settings_make_a_new_password_at_once():
    app = state["app"]
    keys("key", "ctrl+n")
    dialog = dialog_window(app)
    keys("type", "--delay", "20", "Generated")
    # Turning on words: a passphrase at once, no Generate click.
    app.find("Passphrase", "check box", dialog).doActionNamed("toggle")
    wait_for(lambda: save_button(dialog).sensitive, what="Save enabled")
    keys("key", "Return")
    wait_for(lambda: dialog not in app.windows(), what="the entry saved")
    password = cli("show", "Generated").strip()
    assert re.fullmatch(r"[a-z]+(-[a-z]+){5}", password), f"not six words: {password!r}"

    # A new length: a password of that length at once.
    keys("key", "ctrl+n")
    dialog = dialog_window(app)
    keys("type", "--delay", "20", "Longer")
    app.find("Length", "spin button", dialog).value = 32
    keys("key", "Return")
    wait_for(lambda: dialog not in app.windows(), what="the entry saved")
    assert len(cli("show", "Longer").strip()) == 32
    app.quit()


sys.exit(run())
