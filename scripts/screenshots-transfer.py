#!/usr/bin/python3
# screenshots-transfer.py
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Takes docs/screenshots/import-*.png and export-*.png: every page of the
# Import and Export dialogs over the entry list, and each dialog alone at
# 360 px, in light and dark (and in Korean), from a real run of the app on
# sample files. Run it through scripts/screenshots.sh.

import json
import os
import shutil
import subprocess
import sys
import time
import traceback

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "tests"))
from gui import App, _, click, keys, wait_for, write_settings  # noqa: E402

CLI = os.environ["VAULT_CLI"]
OUT = os.environ.get("SHOT_DIR", os.path.join(HERE, "..", "docs", "screenshots"))
MASTER = "violet anchor tundra"
KDBX_PASSWORD = "kdbx-Door-7"
LANG_SUFFIX = os.environ.get("SHOT_SUFFIX", "")
SUFFIX = ("-dark" if os.environ.get("ADW_DEBUG_COLOR_SCHEME") == "prefer-dark" else "") \
    + LANG_SUFFIX
WORK = os.path.join(os.environ["HOME"], "transfer")
VAULT = os.path.join(WORK, "vault.json")
os.makedirs(WORK, exist_ok=True)


def cli(*args, lines=(MASTER,)):
    subprocess.run([CLI, "--vault", VAULT, *args], input="".join(l + "\n" for l in lines),
                   capture_output=True, text=True, check=True)


def crop(raw, path):
    # The client-side shadow is black on the bare X screen: cut it away.
    subprocess.run(["convert", raw, "-bordercolor", "black", "-border", "1", "-trim", "+repage",
                    path], check=True)
    os.unlink(raw)
    print("wrote", path)


def shot(name):
    """The whole screen: the dialog over the entry list."""
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


def shot_narrow(name, title, width=360):
    """The dialog alone, made as narrow as a phone, then given its width back."""
    wid = window_id(title)
    before = geometry(wid)
    subprocess.run(["xdotool", "windowsize", wid, str(width), str(before["HEIGHT"])], check=True)
    time.sleep(1.2)
    g = geometry(wid)
    path = os.path.join(OUT, f"{name}{SUFFIX}.png")
    subprocess.run(["import", "-window", "root", "-crop",
                    f"{g['WIDTH']}x{g['HEIGHT']}+{g['X']}+{g['Y']}", "+repage",
                    path + ".raw.png"], check=True)
    crop(path + ".raw.png", path)
    subprocess.run(["xdotool", "windowsize", wid, str(before["WIDTH"]), str(before["HEIGHT"])],
                   check=True)
    time.sleep(0.5)


def focus(title):
    # No window manager gives the keyboard back after a file chooser.
    subprocess.run(["xdotool", "windowfocus", "--sync", window_id(title)], check=True)


def window(app, title):
    return wait_for(lambda: next((w for w in app.windows() if w.name == title
                                  and app.has(_("Cancel"), "push button", w)), None),
                    what=title)


def choose(app, title, path):
    before = len(app.windows())
    wait_for(lambda: len(app.windows()) > before, what="the file chooser")
    time.sleep(1)
    keys("type", "--delay", "10", path)
    keys("key", "Return")
    wait_for(lambda: len(app.windows()) == before, what="the file chooser to close")
    focus(title)


def menu(app, label):
    main = app.windows()[0]
    button = [b for b in app.find_all("push button", main)
              if b.name == _("Main Menu") and "click" in b.actions][0]
    wait_for(lambda: button.queryComponent().getExtents(1)[2] > 0)
    button.doActionNamed("click")
    item = app.find(label, "menu item", main)
    wait_for(lambda: "click" in item.actions)
    item.doActionNamed("click")


def response(app, title, label):
    dialog = wait_for(lambda: next(w for w in app.windows() if w.name == title))
    wait_for(lambda: next(n.parent for n in app.find_all("label", dialog)
                          if n.name == label and n.parent.queryComponent()
                          .getExtents(1)[2] > 0)).doActionNamed("click")


# --- Sample files ---------------------------------------------------------------

def write_samples():
    login = {"type": 1, "folderId": None, "favorite": False, "notes": None, "fields": [],
             "passwordHistory": None, "reprompt": 0}
    items = []
    for name, user, url, folder in [
            ("GitHub", "octocat", "https://github.com", "f1"),
            ("Bank of Example", "kim.jiwoo", "https://bank.example", "f2"),
            ("네이버", "홍길동", "https://nid.naver.com", None),
            ("Nextcloud", "jiwoo", "https://cloud.example.org", "f1"),
            ("Mastodon", "@jiwoo@social.example", "https://social.example", None),
            ("Steam", "jiwoo_games", "https://store.steampowered.com", None),
            ("쿠팡", "jiwoo@example.com", "https://www.coupang.com", None)]:
        items.append(dict(login, name=name, folderId=folder,
                          login={"username": user, "password": "sample-Pw-1", "totp": None,
                                 "uris": [{"match": None, "uri": url}]}))
    items.append({"type": 3, "name": "Visa", "card": {"number": "4111111111111111"}})
    items.append({"type": 4, "name": "Me", "identity": {"firstName": "Jiwoo"}})
    data = {"encrypted": False,
            "folders": [{"id": "f1", "name": "Work"}, {"id": "f2", "name": "Finance"}],
            "items": items}
    with open(os.path.join(WORK, "bitwarden_export.json"), "w", encoding="utf-8") as f:
        json.dump(data, f, ensure_ascii=False, indent=2)

    with open(os.path.join(WORK, "accounts.csv"), "w", encoding="utf-8") as f:
        f.write("Service,Login,Pass,Link,Anything else\n"
                "Mailbox,post@example.org,mail-Key-5,https://mail.example,personal\n")
    with open(os.path.join(WORK, "holiday.png"), "wb") as f:
        f.write(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4)

    kdbx = os.path.join(WORK, "Passwords.kdbx")
    if os.path.exists(kdbx):
        os.unlink(kdbx)
    keepassxc = shutil.which("keepassxc-cli")
    # A slow key derivation, so that the reading page stays long enough.
    subprocess.run([keepassxc, "db-create", "-q", "-p", "-t", "3000", kdbx],
                   input=f"{KDBX_PASSWORD}\n{KDBX_PASSWORD}\n", text=True, check=True,
                   capture_output=True)
    # Two logins that the Bitwarden file has too: they show as duplicates.
    for title, user, url in [("GitHub", "octocat", "https://github.com"),
                             ("Bank of Example", "kim.jiwoo", "https://bank.example")]:
        subprocess.run([keepassxc, "add", "-q", "-u", user, "--url", url, "-p", kdbx, title],
                       input=f"{KDBX_PASSWORD}\nsample-Pw-1\n", text=True, check=True,
                       capture_output=True)


# --- Import ---------------------------------------------------------------------

def import_pages():
    if os.path.exists(VAULT):
        os.unlink(VAULT)
    cli("init")
    write_settings(clipboard_clear_delay=30)
    app = App(VAULT)
    page = app.page(_("Vault Is Locked"))
    app.type_into(_("Master password"), MASTER, "password text", within=page)
    app.click(_("Unlock"), within=page)
    empty = app.page(_("No Entries"))
    shot("import-empty")
    shot_narrow("import-empty-narrow", _("Vault"))

    title = _("Import Passwords")
    app.click(_("Import Passwords…"), within=empty)
    dialog = window(app, title)
    shot("import-choose")
    shot_narrow("import-choose-narrow", title)

    app.click(_("Choose File…"), within=dialog)
    choose(app, title, os.path.join(WORK, "holiday.png"))
    app.find(_("Choose Another File…"), "push button", dialog)
    shot("import-error")
    shot_narrow("import-error-narrow", title)

    # A KeePass database: its password, said wrong once, then read.
    app.click(_("Choose Another File…"), within=dialog)
    choose(app, title, os.path.join(WORK, "Passwords.kdbx"))
    app.find(_("Database password"), "text", dialog)
    keys("type", "--delay", "10", "not the password")
    keys("key", "Return")
    app.find(_("The password or key file is wrong."), "label", dialog, timeout=60)
    shot("import-kdbx")
    shot_narrow("import-kdbx-narrow", title)
    focus(title)
    keys("key", "ctrl+a")
    keys("type", "--delay", "10", KDBX_PASSWORD)
    keys("key", "Return")
    app.find(_("Reading the File…"), "label", dialog)
    time.sleep(0.3)
    shot("import-reading")
    app.find(_("Entries to Add"), "list", dialog, timeout=60)
    app.click(_("Import"), within=dialog)
    wait_for(lambda: dialog not in app.windows(), what="the dialog to close")
    app.find(_("Search entries"), "entry")
    time.sleep(1)
    menu(app, _("_Import…").replace("_", ""))
    dialog = window(app, title)

    # A CSV file of an unknown layout: its columns.
    app.click(_("Choose File…"), within=dialog)
    choose(app, title, os.path.join(WORK, "accounts.csv"))
    app.find(_("Columns"), "list", dialog)
    shot("import-columns")
    shot_narrow("import-columns-narrow", title)
    app.click(_("Back"), within=dialog)

    # Bitwarden, with duplicates and what is left out.
    app.click(_("Choose File…"), within=dialog)
    choose(app, title, os.path.join(WORK, "bitwarden_export.json"))
    app.find(_("Entries to Add"), "list", dialog)
    shot("import-preview")
    shot_narrow("import-preview-narrow", title)
    app.click(_("Import"), within=dialog)
    wait_for(lambda: next((w for w in app.windows()
                           if w.name == _("Delete the Exported File?")), None))
    shot("import-delete-file")
    response(app, _("Delete the Exported File?"), _("_Keep File").replace("_", ""))
    time.sleep(0.5)
    return app


# --- Export ---------------------------------------------------------------------

def export_pages(app):
    title = _("Export Vault")
    menu(app, _("E_xport…").replace("_", ""))
    dialog = window(app, title)
    app.type_into(_("New password"), "export Lamp 9 river", "text", within=dialog)
    app.type_into(_("Repeat password"), "export Lamp 9 river", "text", within=dialog)
    app.type_into(_("Master password"), "not the master", "text", within=dialog)
    app.click(_("Export"), within=dialog)
    app.find(_("That is not the master password."), "label", dialog, timeout=60)
    shot("export-kdbx")
    shot_narrow("export-kdbx-narrow", title)
    focus(title)
    click(app.find(_("CSV File"), "check box", dialog))
    app.find(_("A CSV file is not encrypted: anyone who has it can read every password in it. "
               "Keep it only as long as you need it, then delete it."), "label", dialog)
    shot("export-csv")
    shot_narrow("export-csv-narrow", title)
    keys("key", "Escape")
    app.quit()


try:
    write_samples()
    export_pages(import_pages())
except BaseException:
    # dogtail's exit hides the traceback: say what went wrong first.
    traceback.print_exc(file=sys.stdout)
    raise
