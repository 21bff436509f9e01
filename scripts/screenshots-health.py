#!/usr/bin/python3
# screenshots-health.py
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Takes docs/screenshots/health-*.png: Password Health over the entry list,
# alone at 360 px, with a breach list, with no problems, and its setting in
# Preferences, in light and dark (and in Korean), from a real run of the app
# on sample data. Run it through scripts/screenshots.sh.

import csv
import datetime
import hashlib
import os
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "tests"))
from gui import App, _, keys, wait_for, write_settings  # noqa: E402

CLI = os.environ["VAULT_CLI"]
OUT = os.environ.get("SHOT_DIR", os.path.join(HERE, "..", "docs", "screenshots"))
MASTER = "violet anchor tundra"
SUFFIX = ("-dark" if os.environ.get("ADW_DEBUG_COLOR_SCHEME") == "prefer-dark" else "") \
    + os.environ.get("SHOT_SUFFIX", "")
WORK = os.path.join(os.environ["HOME"], "health")
VAULT = os.path.join(WORK, "vault.json")
CLEAN = os.path.join(WORK, "clean.json")
os.makedirs(WORK, exist_ok=True)

SHARED = "Summer-Harbour-2019!"
ADDED = [
    ("GitHub", "octocat", "Kq8#vN2$xL5@pR9!tW3z"),
    ("Bank of Example", "kim.jiwoo", SHARED),
    ("Mail", "jiwoo@example.com", SHARED),
    ("Nextcloud", "jiwoo", SHARED),
    ("한국전력", "kimjw", "sunshine1"),
    ("Forum", "jiwoo", "password123"),
    ("Mastodon", "@jiwoo", "Tundra-Violet-Parcel-88"),
    ("Steam", "jiwoo_games", "Tundra-Violet-Parcel-88"),
    ("Wi-Fi at home", "", ""),
]
IMPORTED = [("Router", "admin", "Old-Copper-Falcon-3307!", 500),
            ("NAS", "jiwoo", "Old-Cobalt-Heron-1290%", 900)]


def cli(*args, lines=(MASTER,), vault=VAULT):
    subprocess.run([CLI, "--vault", vault, *args], input="".join(l + "\n" for l in lines),
                   capture_output=True, text=True, check=True)


def crop(raw, path):
    # The client-side shadow is black on the bare X screen: cut it away.
    subprocess.run(["convert", raw, "-bordercolor", "black", "-border", "1", "-trim", "+repage",
                    path], check=True)
    os.unlink(raw)
    print("wrote", path)


def shot(name):
    """The whole screen: the window over the entry list."""
    time.sleep(1.2)
    path = os.path.join(OUT, f"{name}{SUFFIX}.png")
    subprocess.run(["import", "-window", "root", path + ".raw.png"], check=True)
    crop(path + ".raw.png", path)


def window_id(title):
    out = subprocess.run(["xdotool", "search", "--onlyvisible", "--name", f"^{title}$"],
                         capture_output=True, text=True, timeout=30).stdout.split()
    return out[-1]


def geometry(wid):
    out = subprocess.run(["xdotool", "getwindowgeometry", "--shell", wid], capture_output=True,
                         text=True, check=True).stdout
    return {k: int(v) for k, v in (line.split("=", 1) for line in out.split()) if k != "SCREEN"}


def shot_alone(name, title, width=None):
    """One window alone, made as narrow as a phone first if width is given."""
    wid = window_id(title)
    before = geometry(wid)
    if width:
        subprocess.run(["xdotool", "windowsize", wid, str(width), str(before["HEIGHT"])],
                       check=True)
    time.sleep(1.2)
    g = geometry(wid)
    path = os.path.join(OUT, f"{name}{SUFFIX}.png")
    subprocess.run(["import", "-window", "root", "-crop",
                    f"{g['WIDTH']}x{g['HEIGHT']}+{g['X']}+{g['Y']}", "+repage",
                    path + ".raw.png"], check=True)
    crop(path + ".raw.png", path)
    if width:
        subprocess.run(["xdotool", "windowsize", wid, str(before["WIDTH"]),
                        str(before["HEIGHT"])], check=True)
        time.sleep(0.5)


def focus(title):
    subprocess.run(["xdotool", "windowfocus", "--sync", window_id(title)], check=True)


def menu(app, label):
    main = app.windows()[0]
    button = [b for b in app.find_all("push button", main)
              if b.name == _("Main Menu") and "click" in b.actions][0]
    wait_for(lambda: button.queryComponent().getExtents(1)[2] > 0)
    button.doActionNamed("click")
    item = app.find(label, "menu item", main)
    wait_for(lambda: "click" in item.actions)
    item.doActionNamed("click")


def unlock(vault):
    write_settings(clipboard_clear_delay=30)
    app = App(vault)
    page = app.page(_("Vault Is Locked"))
    app.type_into(_("Master password"), MASTER, "password text", within=page)
    app.click(_("Unlock"), within=page)
    app.find(_("Search entries"), "entry")
    return app


def open_health(app):
    title = _("Password Health")
    menu(app, _("Password _Health…").replace("_", ""))
    window = wait_for(lambda: next((w for w in app.windows() if w.name == title), None))
    wait_for(lambda: app.find(_("Check Again"), "push button", window).sensitive)
    return title, window


def make_vaults():
    for path in (VAULT, CLEAN):
        if os.path.exists(path):
            os.unlink(path)
    cli("init")
    for title, user, password in ADDED:
        args = ["add", title] + (["--username", user] if user else [])
        cli(*args, lines=(MASTER, password))
    now = datetime.datetime.now(datetime.timezone.utc)
    path = os.path.join(WORK, "keepassxc.csv")
    with open(path, "w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f, quoting=csv.QUOTE_ALL)
        writer.writerow(["Group", "Title", "Username", "Password", "URL", "Notes", "TOTP",
                         "Icon", "Last Modified", "Created"])
        for title, user, password, days in IMPORTED:
            when = (now - datetime.timedelta(days=days)).strftime("%Y-%m-%dT%H:%M:%SZ")
            writer.writerow(["Root", title, user, password, "", "", "", "0", when, when])
    cli("import", path)

    lines = [hashlib.sha1(b"password123").hexdigest().upper() + ":2453524",
             hashlib.sha1(b"sunshine1").hexdigest().upper() + ":47315"]
    lines += [hashlib.sha1(f"filler {i}".encode()).hexdigest().upper() + f":{i + 1}"
              for i in range(100)]
    with open(os.path.join(WORK, "pwnedpasswords.txt"), "w", newline="") as f:
        f.write("".join(line + "\r\n" for line in sorted(lines)))

    cli("init", vault=CLEAN)
    cli("add", "GitHub", "--generate", vault=CLEAN)
    cli("add", "Mail", "--generate", vault=CLEAN)


def report_pages():
    app = unlock(VAULT)
    title, window = open_health(app)
    shot("health")
    shot_alone("health-narrow", title, width=360)

    # A breach list, chosen in GTK's file chooser by typing its path.
    before = len(app.windows())
    app.click(_("Choose Breach List"), within=window)
    wait_for(lambda: len(app.windows()) > before, what="the file chooser")
    time.sleep(1)
    keys("type", "--delay", "10", os.path.join(WORK, "pwnedpasswords.txt"))
    keys("key", "Return")
    wait_for(lambda: len(app.windows()) == before, what="the file chooser to close")
    focus(title)
    wait_for(lambda: app.find(_("Check Again"), "push button", window).sensitive)
    shot("health-breach")
    shot_alone("health-breach-narrow", title, width=360)
    keys("key", "Escape")
    wait_for(lambda: window not in app.windows())

    menu(app, _("_Preferences").replace("_", ""))
    wait_for(lambda: next((w for w in app.windows() if app.has(
        _("Passwords are old after, in days"), "spin button", w)), None))
    shot("health-preferences")
    app.quit()

    app = unlock(CLEAN)
    title, window = open_health(app)
    app.find(_("No Problems Found"), None, window)
    shot("health-empty")
    app.quit()


make_vaults()
report_pages()
