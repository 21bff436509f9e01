#!/usr/bin/python3
# test-lock.py
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Locking hides everything: with the entry dialog (password revealed), the
# Emergency Kit, the change-master-password dialog and a message dialog
# open, Ctrl+L, idle time and the screen lock each leave only the unlock
# window, and no secret is left for AT-SPI to read. Typing is use. The vault
# file deleted under the open app is noticed; one replaced is merged.

import os
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from gui import CODE_RE, App, click, keys, wait_for, write_settings  # noqa: E402
from tap import run, test  # noqa: E402

CLI = os.environ["VAULT_CLI"]
MASTER = "quartz meadow lantern"
PASSWORD = "Pw7hidden4lock"
NOTE = "Note9hidden2lock"
TYPED = "Typed5current8master"
WORK = tempfile.mkdtemp(prefix="vault-lock-test-")
VAULT = os.path.join(WORK, "vault.json")
LOG = os.path.join(WORK, "app.log")
state = {}


def cli(*args, lines=(MASTER,), check=True):
    proc = subprocess.run([CLI, "--vault", VAULT, *args], input="".join(l + "\n" for l in lines),
                          capture_output=True, text=True, timeout=60)
    if check:
        assert proc.returncode == 0, proc.stderr
    return proc


def start(**settings):
    write_settings(clipboard_clear_delay=30, **settings)
    app = App(VAULT, log=LOG)
    page = app.page("Vault Is Locked")
    app.type_into("Master password", MASTER, "password text", within=page)
    app.click("Unlock", within=page)
    app.find("Search entries", "entry")
    return app


def nudge():
    """A real key press: use, so that idle time starts over."""
    keys("key", "shift")


def window_with(app, name, role):
    return wait_for(lambda: next((w for w in app.windows() if app.has(name, role, w)), None),
                    what=f"a window with {name!r}")


def press_response(app, dialog, text):
    def button():
        for b in app.find_all("push button", dialog):
            if b.name.replace("_", "").startswith(text + " ") and b.sensitive:
                return b
        return None
    wait_for(button, what=f"the {text} button").doActionNamed("click")


def shown(node):
    """A button that is laid out (GTK 4.8 loses a click on one that is not)."""
    import pyatspi
    wait_for(lambda: node.queryComponent().getExtents(pyatspi.WINDOW_COORDS)[2] > 0,
             what=f"{node.name!r} on screen")
    return node


def reveal_password(app, dialog):
    """The password row's peek button, as a screen reader presses it (the
    row's other button generates a password)."""
    row = shown(app.find("Password", "text", dialog))
    peek = next(b for b in row.findChildren(lambda n: n.roleName in ("push button",
                                                                     "toggle button"))
                if b.name != "Generate Password")
    shown(peek).doActionNamed("click")


def open_everything(app, file_chooser=False):
    """The entry dialog with its password revealed, Preferences with the
    change-master-password dialog (a current password typed) and a message
    dialog, and the Emergency Kit window."""
    app.select_first()
    wait_for(lambda: app.detail("Username") == "octo", what="the entry's details")
    app.click("Edit")
    dialog = window_with(app, "Edit Entry", "label")
    reveal_password(app, dialog)
    nudge()

    main = window_with(app, "Search entries", "entry")
    menu = [b for b in app.find_all("push button", main)
            if b.name == "Main Menu" and "click" in b.actions]
    shown(menu[0]).doActionNamed("click")
    item = app.find("Emergency Kit", within=main)
    wait_for(lambda: "click" in item.actions, what="the menu item's action")
    item.doActionNamed("click")
    kit = window_with(app, "Save Emergency Kit", "push button")
    assert state["code"] in app.labels(kit)
    nudge()
    if file_chooser:
        before = len(app.windows())
        shown(app.find("Save Emergency Kit", "push button", kit)).doActionNamed("click")
        wait_for(lambda: len(app.windows()) > before, what="the file chooser")
        nudge()

    keys("key", "ctrl+comma")
    prefs = window_with(app, "Change Master Password", "push button")
    shown(app.find("Change Master Password", "push button", prefs)).doActionNamed("click")
    change = window_with(app, "Current master password", "text")
    app.type_into("Current master password", TYPED, "text", within=change)
    nudge()
    shown(app.find("Remove Recovery Key", "push button", prefs)).doActionNamed("click")
    window_with(app, "Remove the Recovery Key?", "label")
    nudge()
    assert len(app.windows()) >= 5, [w.name for w in app.windows()]


def everything_hidden(app):
    app.page("Vault Is Locked")
    wait_for(lambda: len(app.windows()) == 1, timeout=10,
             what=f"only the unlock window (have {[w.name for w in app.windows()]})")
    assert app.has("Vault Is Locked", "panel", app.windows()[0])
    secrets = {PASSWORD, NOTE, TYPED, MASTER, state["code"], state["recovery"]}
    seen = []

    def walk(node, depth=0):
        texts = [node.name or "", node.description or ""]
        try:
            texts.append(node.text or "")
        except Exception:  # noqa: BLE001 - not every node has text
            pass
        seen.extend(texts)
        if depth < 60:
            for child in node.children:
                walk(child, depth + 1)
    walk(app.node)
    leaked = [s for s in secrets if any(s in t for t in seen)]
    assert not leaked, f"reachable through AT-SPI after locking: {len(leaked)} secret(s)"


@test
def set_up():
    cli("init")
    cli("add", "GitHub", "--username", "octo", "--notes", NOTE, lines=(MASTER, PASSWORD))
    state["recovery"] = cli("recovery-key").stdout.strip()
    state["code"] = cli("secret-key").stdout.strip()
    assert CODE_RE.match(state["code"])


@test
def ctrl_l_closes_every_window():
    app = start()
    try:
        open_everything(app)
        keys("key", "ctrl+l")
        everything_hidden(app)
    finally:
        app.quit()


@test
def idle_time_closes_every_window():
    app = start(auto_lock_delay=8)
    try:
        open_everything(app)
        everything_hidden(app)
    finally:
        app.quit()


@test
def screen_lock_closes_every_window():
    app = start()
    try:
        open_everything(app, file_chooser=True)
        subprocess.run(["gdbus", "emit", "--session", "--object-path", "/org/gnome/ScreenSaver",
                        "--signal", "org.gnome.ScreenSaver.ActiveChanged", "true"],
                       check=True, capture_output=True)
        everything_hidden(app)
    finally:
        app.quit()


@test
def typing_notes_is_use():
    app = start(auto_lock_delay=5)
    try:
        nudge()
        app.select_first()
        app.click("Edit")
        nudge()
        dialog = window_with(app, "Edit Entry", "label")
        click(app.find("Notes", "text", dialog), focus=True)
        keys("key", "ctrl+End")
        # Nine seconds of typing, well past the five-second delay.
        keys("type", "--delay", "100", " and some more words to write" * 3)
        assert app.has("Edit Entry", "label", dialog), "locked while the notes were being typed"
        assert app.has("Search entries", "entry"), "locked while the notes were being typed"
        # Stopping is idle again.
        wait_for(lambda: not app.has("Search entries", "entry"), timeout=15,
                 what="locking once the typing stopped")
        app.page("Vault Is Locked")
    finally:
        app.quit()


@test
def deleted_file_is_noticed_and_saved_again():
    app = start()
    try:
        os.rename(VAULT, VAULT + ".moved")
        try:
            app.find("The vault file was deleted by another program", "label")
            shown(app.find("Not Saved: Save Again", "push button")).doActionNamed("click")
            wait_for(lambda: os.path.exists(VAULT), what="the vault written again")
            assert cli("list").stdout == "GitHub\n"
            wait_for(lambda: not app.has("Not Saved: Save Again", "push button"),
                     what="the marker to go")
            wait_for(lambda: not app.has("The vault file was deleted by another program",
                                         "label"), what="the toast to go")
        finally:
            os.unlink(VAULT + ".moved")
    finally:
        app.quit()


@test
def replaced_file_is_merged_not_overwritten():
    app = start()
    try:
        cli("add", "Other", lines=(MASTER, "other-pass"))
        # The other program's version is merged into the open vault.
        app.find("Updated from another device", "label")
        wait_for(lambda: app.list_titles() == ["GitHub", "Other"], what="the merged list")
        # A change made in the app now is saved over it, merged.
        app.find("Entries", "list").children[1].select()
        wait_for(lambda: app.find("Delete", "push button").sensitive, what="Other selected")
        app.click("Delete")
        wait_for(lambda: cli("list").stdout == "GitHub\n", what="the deletion saved")
        assert not app.has("Not Saved: Save Again", "push button")
    finally:
        app.quit()


@test
def missing_vault_offers_its_backup():
    os.unlink(VAULT)
    assert os.path.exists(VAULT + ".bak")
    write_settings(clipboard_clear_delay=30)
    app = App(VAULT, log=LOG)
    try:
        page = app.page("Restore Your Vault?")
        assert app.has("Create a New Vault", "push button", page)
        shown(app.find("Restore Backup", "push button", page)).doActionNamed("click")
        page = app.page("Vault Is Locked")
        assert os.path.exists(VAULT)
        app.type_into("Master password", MASTER, "password text", within=page)
        app.click("Unlock", within=page)
        app.find("Search entries", "entry")
        assert "GitHub" in cli("list").stdout
    finally:
        app.quit()


if __name__ == "__main__":
    sys.exit(run())
