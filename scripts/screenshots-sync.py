#!/usr/bin/python3
# screenshots-sync.py
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Takes docs/screenshots/sync-*.png: the entry list as another device's
# changes arrive (the file replaced, a conflict copy merged, one that could
# not be merged, a master password changed there), at the window's size and
# at 360 px, in light and dark (and in Korean), from a real run of the app.
# Run it through scripts/screenshots.sh.

import gettext
import os
import shutil
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "tests"))
from gui import App, _, wait_for, write_settings  # noqa: E402
from dogtail.predicate import GenericPredicate  # noqa: E402

CLI = os.environ["VAULT_CLI"]
OUT = os.environ.get("SHOT_DIR", os.path.join(HERE, "..", "docs", "screenshots"))
MASTER = "violet anchor tundra"
LANG_SUFFIX = os.environ.get("SHOT_SUFFIX", "")
SUFFIX = ("-dark" if os.environ.get("ADW_DEBUG_COLOR_SCHEME") == "prefer-dark" else "") \
    + LANG_SUFFIX
WORK = os.path.join(os.environ["HOME"], "sync")
OTHER = os.path.join(os.environ["HOME"], "other-device")
VAULT = os.path.join(WORK, "vault.json")


def cli(*args, vault=VAULT, lines=None):
    lines = lines or (MASTER,)
    subprocess.run([CLI, "--vault", vault, *args], input="".join(l + "\n" for l in lines),
                   capture_output=True, text=True, check=True)


def ngettext(singular, plural, n):
    """As the app translates a count (gui._ knows no plurals)."""
    if not os.environ.get("LANGUAGE"):
        return singular if n == 1 else plural
    localedir = os.path.join(HERE, "..", "_install", "share", "locale")
    return gettext.translation("vault", localedir,
                               languages=[os.environ["LANGUAGE"]]).ngettext(singular, plural, n)


def other_device():
    shutil.rmtree(OTHER, ignore_errors=True)
    os.makedirs(OTHER)
    path = os.path.join(OTHER, "vault.json")
    shutil.copy2(VAULT, path)
    return path


def arrive(path, name="vault.json"):
    temporary = os.path.join(WORK, f".syncthing.{name}.tmp")
    shutil.copy2(path, temporary)
    os.rename(temporary, os.path.join(WORK, name))


def main_window():
    out = subprocess.run(["xdotool", "search", "--onlyvisible", "--name", f"^{_('Vault')}$"],
                         capture_output=True, text=True, timeout=30).stdout.split()
    return out[-1]


def geometry(wid):
    out = subprocess.run(["xdotool", "getwindowgeometry", "--shell", wid], capture_output=True,
                         text=True, check=True).stdout
    return {k: int(v) for k, v in (line.split("=", 1) for line in out.split()) if k != "SCREEN"}


def resize(width):
    wid = main_window()
    subprocess.run(["xdotool", "windowsize", wid, str(width), str(geometry(wid)["HEIGHT"])],
                   check=True)
    time.sleep(1)


def shot(name):
    """The window alone, cut from the screen, while its toast shows."""
    time.sleep(0.8)
    g = geometry(main_window())
    path = os.path.join(OUT, f"{name}{SUFFIX}.png")
    raw = path + ".raw.png"
    subprocess.run(["import", "-window", "root", "-crop",
                    f"{g['WIDTH']}x{g['HEIGHT']}+{g['X']}+{g['Y']}", "+repage", raw], check=True)
    # The client-side shadow is black on the bare X screen: cut it away.
    subprocess.run(["convert", raw, "-bordercolor", "black", "-border", "1", "-trim", "+repage",
                    path], check=True)
    os.unlink(raw)
    print("wrote", path)


def screen(name):
    """The whole screen, for a dialog over the window."""
    time.sleep(1)
    path = os.path.join(OUT, f"{name}{SUFFIX}.png")
    raw = path + ".raw.png"
    subprocess.run(["import", "-window", "root", raw], check=True)
    subprocess.run(["convert", raw, "-bordercolor", "black", "-border", "1", "-trim", "+repage",
                    path], check=True)
    os.unlink(raw)
    print("wrote", path)


def toast_gone(app, text):
    wait_for(lambda: not app.has(text, "label"), timeout=30, what="the toast to go")


def select(app, title):
    entries = app.find(_("Entries"), "list")
    for item in entries.children:
        labels = item.findChildren(GenericPredicate(roleName="label"))
        if labels and labels[0].name == title:
            item.select()
            return
    raise AssertionError(f"{title} not listed")


os.makedirs(WORK, exist_ok=True)
cli("init")
for title, user, url in [("GitHub", "octocat", "https://github.com"),
                         ("Bank of Example", "kim.jiwoo", "https://bank.example"),
                         ("Mail", "jiwoo@example.com", "https://mail.example"),
                         ("네이버", "홍길동", "https://nid.naver.com"),
                         ("Steam", "jiwoo_games", "https://store.steampowered.com")]:
    cli("add", title, "--username", user, "--url", url, lines=(MASTER, "sample-Pw-1"))

write_settings()
app = App(VAULT)
page = app.page(_("Vault Is Locked"))
app.type_into(_("Master password"), MASTER, "password text", within=page)
app.click(_("Unlock"), within=page)
app.find(_("Search entries"), "entry")
select(app, "Bank of Example")
time.sleep(1)

for width, narrow in ((1280, ""), (360, "-narrow")):
    resize(width)
    # The file replaced by another device's version.
    copy = other_device()
    cli("add", f"Nextcloud{narrow}", "--username", "jiwoo", vault=copy,
        lines=(MASTER, "sample-Pw-2"))
    cli("update", "Bank of Example", "--username", f"jiwoo.kim{narrow}", vault=copy,
        lines=(MASTER, "sample-Pw-3"))
    arrive(copy)
    text = _("Updated from another device")
    app.find(text, "label", timeout=15)
    shot(f"sync-updated{narrow}")
    toast_gone(app, text)

    # A conflict copy, merged and put away.
    copy = other_device()
    cli("add", f"Mastodon{narrow}", vault=copy, lines=(MASTER, "sample-Pw-4"))
    cli("add", f"쿠팡{narrow}", vault=copy, lines=(MASTER, "sample-Pw-5"))
    arrive(copy, f"vault.sync-conflict-20261123-101500-ABCDEF{len(narrow)}.json")
    text = ngettext("Merged %u entry from another device",
                    "Merged %u entries from another device", 2).replace("%u", "2")
    app.find(text, "label", timeout=15)
    shot(f"sync-merged{narrow}")
    toast_gone(app, text)

    # A conflict copy of another vault: left where it is, said once.
    stranger = os.path.join(os.environ["HOME"], f"stranger{narrow}", "vault.json")
    os.makedirs(os.path.dirname(stranger))
    cli("init", vault=stranger)
    name = f"vault.sync-conflict-20261123-102000-XYZ000{len(narrow)}.json"
    arrive(stranger, name)
    text = _("Could not merge a copy")
    app.find(text, "label", timeout=15)
    shot(f"sync-not-merged{narrow}")
    # Its details name the file and say why.
    details = [b for b in app.find_all("push button")
               if b.name == _("Details") or b.name.startswith(_("_Details") + " ")]
    details[0].doActionNamed("click")
    dialog = wait_for(lambda: next((w for w in app.windows()
                                    if app.has(_("Could Not Merge a Copy"), "label", w)), None))
    screen(f"sync-not-merged-details{narrow}")
    close = wait_for(lambda: next((n.parent for n in app.find_all("label", dialog)
                                   if n.name == _("_Close").replace("_", "")), None))
    close.doActionNamed("click")
    wait_for(lambda: dialog not in app.windows())
    toast_gone(app, text)
    os.unlink(os.path.join(WORK, name))

    # The master password changed on another device (and back again, for
    # the next round).
    new = MASTER + (" again" if narrow else " new")
    copy = other_device()
    cli("passwd", vault=copy, lines=(MASTER, new))
    arrive(copy)
    text = _("The master password was changed on another device")
    app.find(text, "label", timeout=15)
    shot(f"sync-password{narrow}")
    toast_gone(app, text)
    MASTER = new

app.quit()
