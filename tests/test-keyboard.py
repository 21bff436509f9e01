#!/usr/bin/python3
# test-keyboard.py
# SPDX-License-Identifier: GPL-3.0-or-later
#
# The entry list by keyboard alone, and on a 360-pixel-wide screen: real key
# presses through the X server (xdotool), checked through AT-SPI, the
# clipboard (xclip) and vault-cli, as a person would check them.

import os
import subprocess
import sys
import tempfile
import time

import pyatspi

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from gui import settings_keyfile, App, click, clipboard, keys, wait_for, write_settings  # noqa: E402
from tap import run, test  # noqa: E402

CLI = os.environ["VAULT_CLI"]
MASTER = "copper valley signal"
WORK = tempfile.mkdtemp(prefix="vault-keyboard-test-")
VAULT = os.path.join(WORK, "vault.json")
EMPTY = os.path.join(WORK, "empty", "vault.json")
LOG = os.path.join(WORK, "app.log")
ENTRIES = {"Alpha": "alpha-Pass-11", "Beta": "beta-Pass-22", "Gamma": "gamma-Pass-33"}


def cli(*args, lines=(MASTER,), vault=VAULT):
    proc = subprocess.run([CLI, "--vault", vault, *args], input="".join(l + "\n" for l in lines),
                          capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr
    return proc.stdout


def unlock(vault):
    app = App(vault, log=LOG)
    page = app.page("Vault Is Locked")
    click(app.find("Master password", "password text", page), focus=True)
    keys("type", "--delay", "20", MASTER)
    keys("key", "Return")
    return app


def focused(app):
    """The (role, name) of the widget with the keyboard focus."""
    found = []

    def walk(node):
        try:
            if node.focused:
                found.append((node.roleName, node.name))
            for child in node.children:
                walk(child)
        except Exception:  # noqa: BLE001 - the tree changes under us
            pass

    walk(app.node)
    return found[0] if found else None


def window_geometry():
    """The focused X window's width and height (with its shadow, under Xvfb)."""
    out = subprocess.run(["xdotool", "getwindowfocus", "getwindowgeometry", "--shell"],
                         capture_output=True, text=True, check=True, timeout=30).stdout
    values = dict(line.split("=", 1) for line in out.split())
    return int(values["WIDTH"]), int(values["HEIGHT"])


def size(node):
    return tuple(node.queryComponent().getExtents(pyatspi.WINDOW_COORDS)[2:])


@test
def empty_vault_has_one_empty_state():
    os.makedirs(os.path.dirname(EMPTY))
    cli("init", vault=EMPTY)
    app = unlock(EMPTY)
    page = app.page("No Entries")
    add = app.find("Add Entry", "push button", page)
    # One empty state: no "No Entry Selected" beside it, no search field.
    assert not app.has("No Entry Selected", "panel")
    assert not app.has("Search entries", "entry")
    add.doActionNamed("click")
    title = app.find("Title", "text")
    title.text = "First"
    app.click("Save")
    wait_for(lambda: app.list_titles() == ["First"], what="the first entry listed")
    app.find("Search entries", "entry")
    assert not app.has("No Entries", "panel")
    app.quit()


@test
def make_vault():
    cli("init")
    for title, password in ENTRIES.items():
        cli("add", title, "--username", f"user-{title.lower()}", lines=(MASTER, password))


@test
def enter_right_after_typing_picks_the_first_match():
    app = unlock(VAULT)
    app.find("Search entries", "entry")
    wait_for(lambda: focused(app) == ("entry", "Search entries"), what="the focus in the search")
    # No delay between the keys: faster than the search's typing delay.
    keys("type", "--delay", "1", "gam")
    keys("key", "Return")
    wait_for(lambda: app.detail("Username") == "user-gamma", what="Gamma's details")
    app.quit()


@test
def arrows_tab_and_entry_keys():
    app = unlock(VAULT)
    app.find("Search entries", "entry")
    wait_for(lambda: focused(app) == ("entry", "Search entries"), what="the focus in the search")

    # Down from the search moves into the results, on the first row.
    keys("key", "Down")
    wait_for(lambda: focused(app) is not None and focused(app)[0] == "list item",
             what="the focus on a row")
    wait_for(lambda: app.detail("Username") == "user-alpha", what="Alpha selected")
    keys("key", "Down")
    wait_for(lambda: app.detail("Username") == "user-beta", what="Beta selected by Down")

    # The list is one Tab stop: Tab leaves it, Shift+Tab goes back to the search.
    keys("key", "Tab")
    wait_for(lambda: focused(app) is not None and focused(app)[0] != "list item",
             what="Tab leaving the list")
    keys("key", "shift+Tab")
    keys("key", "shift+Tab")
    wait_for(lambda: focused(app) is not None, what="a focused widget")
    keys("key", "ctrl+f")
    wait_for(lambda: focused(app) == ("entry", "Search entries"), what="Ctrl+F to the search")
    keys("key", "Down")
    wait_for(lambda: focused(app) is not None and focused(app)[0] == "list item",
             what="the focus back on a row")
    keys("key", "shift+Tab")
    wait_for(lambda: focused(app) == ("entry", "Search entries"), what="Shift+Tab to the search")

    # Back in the list on the selected row: Ctrl+C copies its password,
    # Ctrl+B its username.
    keys("key", "Down")
    wait_for(lambda: focused(app) is not None and focused(app)[0] == "list item",
             what="the focus on Beta's row")
    assert app.detail("Username") == "user-beta"
    keys("key", "ctrl+c")
    wait_for(lambda: clipboard() == ENTRIES["Beta"], what="Beta's password on the clipboard")
    keys("key", "ctrl+b")
    wait_for(lambda: clipboard() == "user-beta", what="Beta's username on the clipboard")

    # In the search field, Ctrl+C copies the selected text, not a password.
    keys("key", "ctrl+f")
    keys("type", "--delay", "20", "et")
    keys("key", "ctrl+a")
    keys("key", "ctrl+c")
    wait_for(lambda: clipboard() == "et", what="the search text on the clipboard")
    keys("key", "Escape")

    # Delete deletes the selected entry, with Undo offered, and saves.
    keys("key", "Down")
    wait_for(lambda: app.detail("Username") == "user-beta", what="Beta still selected")
    keys("key", "Delete")
    app.find("“Beta” deleted", "label")
    wait_for(lambda: "Beta" not in app.list_titles(), what="Beta gone from the list")
    wait_for(lambda: cli("list").split() == ["Alpha", "Gamma"], what="the deletion saved")

    # Ctrl+W closes the window: Vault locks and quits.
    keys("key", "ctrl+w")
    assert app.wait_exit() == 0
    assert cli("list").split() == ["Alpha", "Gamma"]


@test
def one_click_opens_details_at_360_pixels():
    # Long values that must wrap, not widen the window.
    cli("add", "Zeta", "--username", "z" * 120, "--url", "https://example.com/" + "p" * 200,
        "--notes", "n" * 400, lines=(MASTER, "zeta-Pass-44"))
    # Started at 360 pixels: folded from the first frame, so the details
    # page has never been on screen (its widgets have no size yet).
    write_settings(window_width="360", window_height="700")
    app = None
    try:
        app = unlock(VAULT)
        app.find("Search entries", "entry")
        details = app.find("Username", "list item")
        assert size(details) == (0, 0), "the details are on screen before any click"
        rows = app.find("Entries", "list").children
        assert [r.findChildren(lambda n: n.roleName == "label")[0].name for r in rows][:3] == \
            ["Alpha", "Gamma", "Zeta"]
        click(rows[1])
        wait_for(lambda: app.detail("Username") == "user-gamma", what="Gamma's details")
        wait_for(lambda: size(details)[0] > 0, what="the details on screen after one click")

        # The long entry, its notes shown: everything wraps within 360 px.
        before = window_geometry()
        click(app.find("Back", "push button"))
        click(rows[2])
        wait_for(lambda: app.detail("Username") == "z" * 120, what="Zeta's details")
        app.click("Show Notes")
        time.sleep(1)
        subprocess.run(["import", "-window", "root", os.path.join(WORK, "360.png")], check=False)
        assert window_geometry() == before, f"the window grew: {before} -> {window_geometry()}"

        keys("key", "ctrl+w")
        assert app.wait_exit() == 0
        # The size kept is the one the window had, not that plus its frame.
        assert saved_size() == (360, 700), saved_size()
    finally:
        write_settings()
        if app is not None:
            app.quit()


def saved_size():
    with open(settings_keyfile(), encoding="utf-8") as f:
        values = dict(line.strip().split("=", 1) for line in f if "=" in line)
    return int(values["window-width"]), int(values["window-height"])


@test
def size_is_kept_across_starts_and_locks():
    write_settings(window_width="1000", window_height="650")
    app = None
    try:
        for _ in range(2):
            app = unlock(VAULT)
            app.find("Search entries", "entry")
            keys("key", "ctrl+l")
            app.page("Vault Is Locked")
            keys("key", "ctrl+q")
            assert app.wait_exit() == 0
            assert saved_size() == (1000, 650), saved_size()
    finally:
        write_settings()
        if app is not None:
            app.quit()


sys.exit(run())
