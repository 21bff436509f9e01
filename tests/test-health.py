#!/usr/bin/python3
# test-health.py
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Password Health in the app, through AT-SPI and real clicks under Xvfb: the
# page opened from the main menu lists, group by group, exactly the weak,
# reused, old and empty passwords of a vault made for it; a finding shows its
# entry in the entry list (even one the search hid); a breach list chosen in
# the file chooser adds its section, a bad one says why; the age at which a
# password is old follows Preferences; locking closes the page and leaves no
# password in the app's memory; a vault without problems says so.

import csv
import datetime
import hashlib
import os
import signal
import subprocess
import sys
import tempfile
import time

import pyatspi

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from gui import App, click, keys, wait_for, write_settings  # noqa: E402
from tap import Skip, run, test  # noqa: E402

from dogtail.predicate import GenericPredicate  # noqa: E402

CLI = os.environ["VAULT_CLI"]
MASTER = "amber harbour quiet"
WORK = tempfile.mkdtemp(prefix="vault-health-test-")
VAULT = os.path.join(WORK, "vault.json")
LOG = os.path.join(WORK, "app.log")
TITLE = "Password Health"

SHARED_3 = "Zebra-Quartz-Lantern-5521!"
SHARED_2 = "Vx7$kP3!nR8#qT1w-Hollow"
ADDED = [
    ("Forum", "password1"), ("Printer", "qwerty12"),
    ("Bank", SHARED_3), ("Shop", SHARED_3), ("Work", SHARED_3),
    ("Mail", SHARED_2), ("Mail archive", SHARED_2),
    ("Chat", "Unique-Granite-Otter-8841?"), ("Wi-Fi guest", ""),
]
# Set 400 and 800 days ago, brought in with their dates from KeePassXC.
IMPORTED = [("Router admin", "Unique-Copper-Falcon-3307!", 400),
            ("NAS", "Unique-Cobalt-Heron-1290%", 800)]
state = {}


def cli(*args, lines=(MASTER,), vault=VAULT):
    proc = subprocess.run([CLI, "--vault", vault, *args], input="".join(l + "\n" for l in lines),
                          capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr
    return proc.stdout


def shown(node):
    """Laid out, with a size: GTK 4.8 loses a click on a widget not yet shown."""
    wait_for(lambda: node.queryComponent().getExtents(pyatspi.WINDOW_COORDS)[2] > 0,
             what=f"{node.name!r} on screen")
    return node


def start(vault=VAULT, **settings):
    write_settings(clipboard_clear_delay=30, **settings)
    app = App(vault, log=LOG)
    page = app.page("Vault Is Locked")
    app.type_into("Master password", MASTER, "password text", within=page)
    app.click("Unlock", within=page)
    app.find("Search entries", "entry")
    return app


def main_window(app):
    return wait_for(lambda: next(w for w in app.windows() if w.name == "Vault"),
                    what="the main window")


def open_menu_item(app, label):
    main = main_window(app)
    menus = [b for b in app.find_all("push button", main)
             if b.name == "Main Menu" and "click" in b.actions]
    shown(menus[0]).doActionNamed("click")
    item = app.find(label, "menu item", main)
    wait_for(lambda: "click" in item.actions, what="the menu item's action")
    item.doActionNamed("click")


def health_window(app):
    return wait_for(lambda: next((w for w in app.windows() if w.name == TITLE), None),
                    what="the Password Health window")


def open_health(app):
    open_menu_item(app, "Password Health…")
    window = health_window(app)
    wait_for(lambda: app.find("Check Again", "push button", window).sensitive,
             what="the report made")
    return window


def focus(title):
    # No window manager gives the keyboard to a new window under Xvfb.
    subprocess.run(["xdotool", "search", "--sync", "--onlyvisible", "--name", f"^{title}$",
                    "windowfocus", "--sync"], check=True, timeout=30)


def groups(app, window):
    """{group title: [[row titles] per boxed list]} as the report shows them
    (groups with no rows are hidden, and GTK 4.8 leaves hidden widgets out
    of the accessibility tree)."""
    result = {}
    for label in app.find_all("label", window):
        node = label.parent
        if node is None:
            continue
        # A group: the title's box, its header, then the group with the lists.
        group = node.parent.parent if node.parent is not None else None
        if group is None:
            continue
        lists = group.findChildren(GenericPredicate(roleName="list"))
        header = node.children
        if not lists or not header or header[0] != label:
            continue
        result[label.name] = [[item.name for item in lst.children] for lst in lists]
    return result


def row(app, window, title):
    return next(n for n in app.find_all("list item", window) if n.name == title)


def selected_titles(app):
    entries = app.find("Entries", "list", main_window(app))
    return [next((l.name for l in item.findChildren(GenericPredicate(roleName="label"))), None)
            for item in entries.children
            if item.getState().contains(pyatspi.STATE_SELECTED)]


def write_breach_list(name, passwords):
    lines = [hashlib.sha1(p.encode()).hexdigest().upper() + f":{count}"
             for p, count in passwords]
    lines += [hashlib.sha1(f"filler {i}".encode()).hexdigest().upper() + f":{i + 1}"
              for i in range(200)]
    path = os.path.join(WORK, name)
    with open(path, "w", newline="") as f:
        f.write("".join(line + "\r\n" for line in sorted(lines)))
    return path


def choose_file(app, window, path):
    """Choose Breach List, then in GTK's own chooser (no portal here) typing a
    path opens its location field, as a person does it; Enter opens the file."""
    before = len(app.windows())
    shown(app.find("Choose Breach List", "push button", window)).doActionNamed("click")
    wait_for(lambda: len(app.windows()) > before, what="the file chooser")
    time.sleep(0.5)
    keys("type", "--delay", "20", path)
    time.sleep(0.3)
    keys("key", "Return")
    wait_for(lambda: len(app.windows()) == before, what="the chooser to close")
    focus(TITLE)


@test
def set_up():
    cli("init")
    for title, password in ADDED:
        cli("add", title, lines=(MASTER, password))
    now = datetime.datetime.now(datetime.timezone.utc)
    path = os.path.join(WORK, "keepassxc.csv")
    with open(path, "w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f, quoting=csv.QUOTE_ALL)
        writer.writerow(["Group", "Title", "Username", "Password", "URL", "Notes", "TOTP",
                         "Icon", "Last Modified", "Created"])
        for title, password, days in IMPORTED:
            when = (now - datetime.timedelta(days=days)).strftime("%Y-%m-%dT%H:%M:%SZ")
            writer.writerow(["Root", title, "", password, "", "", "", "0", when, when])
    cli("import", path)
    state["app"] = start()


@test
def the_report_lists_exactly_the_problems():
    app = state["app"]
    window = open_health(app)
    wait_for(lambda: "2 Weak Passwords" in groups(app, window), what="the report shown")
    report = groups(app, window)
    assert sorted(report["2 Weak Passwords"][0]) == ["Forum", "Printer"], report
    # One boxed list per shared password.
    assert report["5 Reused Passwords"] == [["Bank", "Shop", "Work"], ["Mail", "Mail archive"]], \
        report
    assert report["2 Old Passwords"] == [["NAS", "Router admin"]], report
    assert report["1 Entry Without a Password"] == [["Wi-Fi guest"]], report
    assert "Breach List" in report and not any("Breach List" in t and t != "Breach List"
                                               for t in report), report
    assert set(report) == {"2 Weak Passwords", "5 Reused Passwords", "2 Old Passwords",
                           "1 Entry Without a Password", "Breach List"}, report
    # What each row says, for a screen reader too.
    assert row(app, window, "Bank").description == "Same password as Shop, Work"
    assert row(app, window, "Router admin").description.startswith("Last changed ")
    assert app.has("10 entries need attention", "label", window)
    # Never a password.
    names = [n.name for n in app.find_all("label", window)]
    for _title, password in ADDED:
        assert not password or not any(password in n for n in names)


@test
def a_finding_shows_its_entry():
    app = state["app"]
    window = health_window(app)
    # The search hides the entry: showing it clears the search.
    app.type_into("Search entries", "Bank", "entry")
    wait_for(lambda: app.list_titles() == ["Bank"], what="the search applied")
    focus(TITLE)
    click(shown(row(app, window, "Router admin")))
    wait_for(lambda: window not in app.windows(), what="the report to close")
    wait_for(lambda: selected_titles(app) == ["Router admin"], what="Router admin selected")
    assert app.find("Search entries", "entry").text == ""
    assert app.has("Router admin", "label", main_window(app))


@test
def a_breach_list_adds_its_section():
    app = state["app"]
    window = open_health(app)
    path = write_breach_list("pwned.txt", [("password1", 3861493), (SHARED_3, 2)])
    focus(TITLE)
    choose_file(app, window, path)
    wait_for(lambda: "4 Passwords in the Breach List" in groups(app, window),
             what="the breach section")
    report = groups(app, window)
    assert report["4 Passwords in the Breach List"] == [["Forum", "Bank", "Shop", "Work"]], report
    seen = row(app, window, "Forum").description
    assert seen.replace(",", "").replace(".", "") == "Seen 3861493 times in breaches", seen
    assert app.has("pwned.txt", None, window) or any(
        "pwned.txt" in (n.description or "") for n in app.find_all("list item", window))

    # A list of another kind: said in place; the rest of the report stays.
    bad = os.path.join(WORK, "ntlm.txt")
    with open(bad, "w") as f:
        f.write("00000011059407D743D40689940F858C:3\r\n")
    choose_file(app, window, bad)
    error = wait_for(lambda: next((n for n in app.find_all("label", window)
                                   if "is not a breach list Vault can read" in n.name),
                                  None), what="the breach list's error")
    assert "ntlm.txt" in error.name
    report = groups(app, window)
    assert not any("Breach List" in t and t != "Breach List" for t in report), report
    assert report["2 Weak Passwords"], report

    # Stop using it: the error goes.
    shown(app.find("Stop Using This List", "push button", window)).doActionNamed("click")
    wait_for(lambda: not any("is not a breach list" in n.name
                             for n in app.find_all("label", window)), what="the error gone")
    keys("key", "Escape")
    wait_for(lambda: window not in app.windows(), what="Escape to close the report")


@test
def preferences_set_when_a_password_is_old():
    app = state["app"]
    open_menu_item(app, "Preferences")
    prefs = wait_for(lambda: next((w for w in app.windows() if app.has(
        "Passwords are old after, in days", "spin button", w)), None), what="Preferences")
    spin = app.find("Passwords are old after, in days", "spin button", prefs)
    assert spin.queryValue().currentValue == 365
    spin.queryValue().currentValue = 500
    keys("key", "Escape")
    wait_for(lambda: prefs not in app.windows(), what="Preferences to close")
    window = open_health(app)
    wait_for(lambda: "1 Old Password" in groups(app, window), what="the new age applied")
    assert groups(app, window)["1 Old Password"] == [["NAS"]]
    assert app.has("Not changed for 500 days or longer.", "label", window)


def scan(pid, patterns):
    """Which patterns occur in the process's readable memory (it is stopped
    meanwhile). As in test-memory.py; only root may read the app's memory."""
    if os.geteuid() != 0:
        raise Skip("reading another process's memory needs root")
    found = set()
    os.kill(pid, signal.SIGSTOP)
    try:
        with open(f"/proc/{pid}/maps", encoding="utf-8", errors="replace") as maps, \
                open(f"/proc/{pid}/mem", "rb", buffering=0) as mem:
            for line in maps:
                fields = line.split()
                if fields[1][0] != "r":
                    continue
                start, end = (int(x, 16) for x in fields[0].split("-"))
                try:
                    mem.seek(start)
                    data = mem.read(end - start)
                except OSError:
                    continue
                found.update(name for name, raw in patterns.items() if raw in data)
    finally:
        os.kill(pid, signal.SIGCONT)
    return found


def password_patterns():
    """The vault's unusual passwords (not "password1", which other text may
    hold), as text and as the SHA-1 digests a breach check makes."""
    unusual = {p for _t, p in ADDED if len(p) > 12} | {p for _t, p, _d in IMPORTED}
    patterns = {f"password {i}": p.encode() for i, p in enumerate(sorted(unusual))}
    patterns.update({f"sha-1 {i}": hashlib.sha1(p.encode()).digest()
                     for i, p in enumerate(sorted(unusual))})
    return patterns


@test
def locking_closes_the_report_and_leaves_no_password():
    app = state["app"]
    window = health_window(app)
    # While unlocked, the scan finds what is shown (and so can find at all).
    assert "title" in scan(app.proc.pid, {"title": "Mail archive".encode()})
    focus(TITLE)
    keys("key", "ctrl+l")
    app.page("Vault Is Locked")
    wait_for(lambda: window not in app.windows() and len(app.windows()) == 1,
             what="only the unlock window")
    # Every password was opened for the report, some several times, and
    # hashed for the breach list: none of it is left.
    left = scan(app.proc.pid, password_patterns())
    app.quit()
    assert not left, f"in the locked app's memory: {sorted(left)}"


@test
def a_vault_without_problems_says_so():
    clean = os.path.join(WORK, "clean.json")
    cli("init", vault=clean)
    cli("add", "Only", lines=(MASTER, "Unique-Granite-Otter-8841?"), vault=clean)
    app = start(clean)
    window = open_health(app)
    app.find("No Problems Found", None, window)
    assert app.has("Your 1 password is strong, used once and recent.", "label", window)
    report = groups(app, window)
    assert set(report) == {"Breach List"}, report
    app.quit()


if __name__ == "__main__":
    sys.exit(run())
