#!/usr/bin/python3
# test-flows.py
# SPDX-License-Identifier: GPL-3.0-or-later
#
# The first-run and key set-up flows as a person meets them, through AT-SPI
# with real key presses under Xvfb: the confirmation said wrong while it is
# typed, Enter saving the Emergency Kit, the recovery key asked for first and
# kept open until it is saved, and the unlock window's menu and size.

import os
import re
import subprocess
import sys
import tempfile
import time

import pyatspi

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from gui import CODE_RE, App, click, keys, wait_for, write_settings  # noqa: E402
from tap import run, test  # noqa: E402

CLI = os.environ["VAULT_CLI"]
MASTER = "quartz meadow lantern"
WORK = tempfile.mkdtemp(prefix="vault-flows-test-")
VAULT = os.path.join(WORK, "vault.json")
KIT_PDF = os.path.join(WORK, "kit.pdf")
LOG = os.path.join(WORK, "app.log")
RECOVERY_RE = re.compile(r"^R1(-[0-9A-Z]{6})+$")
state = {}


def extents(node):
    return node.queryComponent().getExtents(pyatspi.WINDOW_COORDS)


def shown(node):
    """On screen with a size: GTK 4.8 drops a click on a widget not yet shown."""
    x, y, width, height = extents(node)
    return width > 0 and height > 0


def window_of(app, name, role="push button"):
    return wait_for(lambda: next((w for w in app.windows() if app.has(name, role, w)), None),
                    what=f"the window with {name!r}")


def dialog(app, title):
    return wait_for(lambda: next((w for w in app.windows() if w.name == title), None),
                    what=f"the dialog {title!r}")


def respond(app, title, response):
    """Clicks a response of an AdwMessageDialog: of its two button rows, the
    one on screen (the buttons' own names carry the mnemonic too)."""
    window = dialog(app, title)
    button = wait_for(lambda: next((n.parent for n in app.find_all("label", window)
                                    if n.name == response and shown(n.parent)), None),
                      what=f"{response!r} on screen")
    button.doActionNamed("click")
    return window


@test
def mismatch_is_said_while_the_confirmation_is_typed():
    write_settings(clipboard_clear_delay=30)
    app = App(VAULT, log=LOG)
    state["app"] = app
    page = app.page("Create Your Vault")
    app.type_into("Master password", MASTER, "password text", within=page)
    confirm = app.find("Confirm master password", "password text", page)
    wait_for(lambda: shown(confirm), what="the confirmation on screen")
    click(confirm, focus=True)
    # Still a beginning of the password: nothing to say yet.
    keys("type", "--delay", "40", "quartz")
    time.sleep(1)
    assert not app.has("The passwords do not match.", "label", page)
    # A character that cannot match: said at once, before any submit.
    keys("type", "--delay", "40", "x")
    app.find("The passwords do not match.", "label", page, timeout=5)
    keys("key", "BackSpace")
    keys("type", "--delay", "40", MASTER[len("quartz"):])
    wait_for(lambda: not app.has("The passwords do not match.", "label", page),
             what="the mismatch to go once they match")
    wait_for(lambda: app.find("Create Vault", "push button", page).sensitive,
             what="Create Vault to be usable")


@test
def enter_on_the_kit_page_saves_the_kit():
    app = state["app"]
    page = app.page("Create Your Vault")
    keys("key", "Return")
    kit = app.page("Save Your Emergency Kit")
    wait_for(lambda: any(CODE_RE.match(n) for n in app.labels(kit)), what="the Secret Key code")
    save = app.find("Save Emergency Kit…", "push button", kit)
    wait_for(lambda: shown(save), what="the Save button on screen")
    before = len(app.windows())
    # Enter: the default button is Save, not Continue.
    keys("key", "Return")
    chooser = wait_for(lambda: next((w for w in app.windows() if w.name == "Save Emergency Kit"),
                                    None), what="the file chooser")
    assert len(app.windows()) == before + 1
    assert not app.has("No Entries", "panel"), "Enter continued instead of saving"
    # Save it where this test can see it: the name field takes a path.
    wait_for(lambda: any(n.focused for n in app.find_all("text", chooser)),
             what="the focused name field")
    keys("key", "ctrl+a")
    keys("type", "--delay", "20", KIT_PDF)
    keys("key", "Return")
    wait_for(lambda: os.path.exists(KIT_PDF), what="the saved PDF")
    wait_for(lambda: chooser not in app.windows(), what="the chooser to close")
    app.find("Emergency Kit saved. Print it, and keep it safe.", "label")
    with open(KIT_PDF, "rb") as f:
        assert f.read(5) == b"%PDF-"
    # Saved: now Enter continues to the (empty) vault.
    keys("key", "Return")
    app.page("No Entries")


@test
def recovery_key_is_explained_first_and_must_be_kept():
    app = state["app"]
    keys("key", "ctrl+comma")
    prefs = window_of(app, "Set Up Recovery Key")
    app.click("Set Up Recovery Key", within=prefs)
    # First what it is, before anything changes.
    question = dialog(app, "Set Up a Recovery Key?")
    assert app.has("A recovery key is a long code that opens your vault without the master "
                   "password, if you ever forget it. It is shown once, to be printed or written "
                   "down and kept somewhere safe: anyone who has it and your vault file can "
                   "read your vault.", "label", question)
    assert not app.has("Save Your Recovery Key", "label")
    respond(app, "Set Up a Recovery Key?", "Cancel")
    wait_for(lambda: question not in app.windows(), what="the question to go")
    assert app.has("Set Up Recovery Key", "push button", prefs), "Cancel set one up"

    app.click("Set Up Recovery Key", within=prefs)
    respond(app, "Set Up a Recovery Key?", "Set Up")
    kit = window_of(app, "I have saved or written down the recovery key", "check box")
    code = wait_for(lambda: next((n for n in app.labels(kit) if RECOVERY_RE.match(n)), None),
                    what="the recovery key")
    # The window's own Close (in the title bar) has no text: this one does.
    close = wait_for(lambda: next((n.parent for n in app.find_all("label", kit)
                                   if n.name == "Close"), None), what="the Close button")
    assert close.roleName == "push button"
    save = app.find("Save Emergency Kit", "push button", kit)
    assert not close.sensitive, "Close works before the key was kept"
    # The key and Save fit in the window: no scrolling to find them.
    wait_for(lambda: shown(save), what="Save on screen")
    _, _, width, height = extents(kit)
    for node in (app.find(code, "label", kit), save):
        x, y, w, h = extents(node)
        assert 0 <= y and y + h <= height, f"{node.name!r} is outside the window ({y}+{h}>{height})"

    # Escape asks instead of losing the key.
    keys("key", "Escape")
    question = respond(app, "Close Without Saving?", "Back")
    wait_for(lambda: question not in app.windows(), what="the question to close")
    assert kit in app.windows(), "the recovery key window closed"

    # A real click, as a person does it.
    click(app.find("I have saved or written down the recovery key", "check box", kit))
    wait_for(lambda: close.sensitive, what="Close to become usable")
    close.doActionNamed("click")
    wait_for(lambda: kit not in app.windows(), what="the recovery key window to close")
    app.find("Remove Recovery Key", "push button", prefs)
    keys("key", "Escape")
    wait_for(lambda: len(app.windows()) == 1, what="Preferences to close")


@test
def unlock_window_has_the_menu_and_the_same_size():
    app = state["app"]
    main = app.windows()[0]
    _, _, main_width, main_height = extents(main)
    keys("key", "ctrl+l")
    page = app.page("Vault Is Locked")
    unlock = app.windows()[0]
    _, _, width, height = extents(unlock)
    assert (width, height) == (main_width, main_height), \
        f"unlock window {width}x{height}, entry list {main_width}x{main_height}"
    # GtkMenuButton: its toggle button inside, of the same name, opens it.
    menu = app.find("Main Menu", "push button", unlock)
    menu = next((c for c in menu.children if c.roleName == "push button"), menu)
    wait_for(lambda: shown(menu), what="the menu button on screen")
    menu.doActionNamed("click")
    about = app.find("About Vault", "menu item")
    assert app.has("Keyboard Shortcuts", "menu item")
    # Only what works while locked.
    assert not app.has("Preferences", "menu item")
    assert not app.has("Emergency Kit", "menu item")
    about.doActionNamed("click")
    window = wait_for(lambda: next((w for w in app.windows() if app.has("Vault", "label", w)
                                    and app.has("Credits", None, w)), None),
                      what=f"the About window (windows: {[w.name for w in app.windows()]})")
    keys("key", "Escape")
    wait_for(lambda: window not in app.windows(), what="About to close")
    app.type_into("Master password", MASTER, "password text", within=page)
    app.click("Unlock", within=page)
    app.page("No Entries")


@test
def saving_the_kit_pdf_counts_as_keeping_the_recovery_key():
    app = state["app"]
    keys("key", "ctrl+comma")
    prefs = window_of(app, "Remove Recovery Key")
    app.click("Remove Recovery Key", within=prefs)
    respond(app, "Remove the Recovery Key?", "Remove")
    app.click("Set Up Recovery Key", within=prefs)
    respond(app, "Set Up a Recovery Key?", "Set Up")
    kit = window_of(app, "I have saved or written down the recovery key", "check box")
    wait_for(lambda: any(RECOVERY_RE.match(n) for n in app.labels(kit)), what="the new key")
    close = wait_for(lambda: next((n.parent for n in app.find_all("label", kit)
                                   if n.name == "Close"), None), what="the Close button")
    save = app.find("Save Emergency Kit", "push button", kit)
    wait_for(lambda: shown(save), what="Save on screen")
    assert not close.sensitive
    # Enter saves here too; the PDF holds both keys.
    keys("key", "Return")
    chooser = dialog(app, "Save Emergency Kit")
    wait_for(lambda: any(n.focused for n in app.find_all("text", chooser)),
             what="the focused name field")
    pdf = os.path.join(WORK, "recovery-kit.pdf")
    keys("key", "ctrl+a")
    keys("type", "--delay", "20", pdf)
    keys("key", "Return")
    wait_for(lambda: os.path.exists(pdf), what="the saved PDF")
    wait_for(lambda: close.sensitive, what="Close to become usable after saving")
    assert app.find("I have saved or written down the recovery key", "check box", kit).checked
    # Kept: it closes without asking (Close goes through the same
    # close-request as Escape; the X focus is not back after the chooser).
    close.doActionNamed("click")
    wait_for(lambda: kit not in app.windows(), what="the recovery key window to close")
    assert not any(w.name == "Close Without Saving?" for w in app.windows())


if __name__ == "__main__":
    try:
        status = run()
    finally:
        if "app" in state:
            state["app"].quit()
    sys.exit(status)
