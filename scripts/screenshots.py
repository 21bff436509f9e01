#!/usr/bin/python3
# screenshots.py
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Takes docs/screenshots/*.png: the unlock and entry-list windows (and the
# entry dialog, preferences, the recovery key, About, creating a vault and
# its Emergency Kit) in light and dark, from a real run of the app on sample
# data. Run it through scripts/screenshots.sh.

import os
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "tests"))
from gui import App, _, click, keys, wait_for, write_settings  # noqa: E402

CLI = os.environ["VAULT_CLI"]

OUT = os.environ.get("SHOT_DIR", os.path.join(HERE, "..", "docs", "screenshots"))
MASTER = "violet anchor tundra"
LANG_SUFFIX = os.environ.get("SHOT_SUFFIX", "")


def cli(*args, lines=()):
    subprocess.run([CLI, "--vault", VAULT, *args], input="".join(l + "\n" for l in lines),
                   capture_output=True, text=True, check=True)


def shot(name, app):
    time.sleep(1.2)
    path = os.path.join(OUT, f"{name}{LANG_SUFFIX}.png")
    raw = path + ".raw.png"
    subprocess.run(["import", "-window", "root", raw], check=True)
    # Windows sit at the top left of the bare X screen; cut away the rest.
    subprocess.run(["convert", raw, "-bordercolor", "black", "-border", "1", "-trim", "+repage",
                    path], check=True)
    os.unlink(raw)
    print("wrote", path)


def shot_window(name, width=None):
    """The focused window alone (cut from the screen), resized to width first."""
    time.sleep(0.5)
    wid = subprocess.run(["xdotool", "getwindowfocus"], capture_output=True, text=True,
                         check=True, timeout=30).stdout.split()[-1]
    if width:
        height = subprocess.run(["xdotool", "getwindowgeometry", "--shell", wid],
                                capture_output=True, text=True, check=True).stdout
        height = dict(l.split("=", 1) for l in height.split())["HEIGHT"]
        subprocess.run(["xdotool", "windowsize", wid, str(width), height], check=True)
    time.sleep(1.2)
    geometry = subprocess.run(["xdotool", "getwindowgeometry", "--shell", wid],
                              capture_output=True, text=True, check=True).stdout
    g = dict(l.split("=", 1) for l in geometry.split())
    path = os.path.join(OUT, f"{name}{LANG_SUFFIX}.png")
    raw = path + ".raw.png"
    subprocess.run(["import", "-window", "root", "-crop",
                    f"{g['WIDTH']}x{g['HEIGHT']}+{g['X']}+{g['Y']}", "+repage", raw], check=True)
    # The client-side shadow is black on the bare X screen: cut it away.
    subprocess.run(["convert", raw, "-bordercolor", "black", "-border", "1", "-trim", "+repage",
                    path], check=True)
    os.unlink(raw)
    print("wrote", path)


def response(app, window, label):
    """A response of an AdwMessageDialog, by its visible label."""
    return wait_for(lambda: next(n.parent for n in app.find_all("label", window)
                                 if n.name == label and n.parent.queryComponent()
                                 .getExtents(1)[2] > 0))


VAULT = os.path.join(os.environ["HOME"], "shots.json")
cli("init", lines=[MASTER])
samples = [
    ("GitHub", "octocat", "https://github.com", ["work", "code"], True),
    ("Bank of Example", "kim.jiwoo", "https://bank.example", ["finance"], False),
    ("Mail", "jiwoo@example.com", "https://mail.example", [], False),
    ("한국전력", "kimjw", "https://home.kepco.co.kr", ["집"], False),
    ("Nextcloud", "jiwoo", "https://cloud.example.org", ["home"], False),
    ("Wi-Fi at home", "", "", ["home"], False),
]
for title, user, url, tags, fav in samples:
    args = ["add", title, "--generate"]
    if user:
        args += ["--username", user]
    if url:
        args += ["--url", url]
    for t in tags:
        args += ["--tag", t]
    if fav:
        args += ["--favourite"]
    cli(*args, lines=[MASTER])
cli("update", "GitHub", "--generate", lines=[MASTER])

scheme = os.environ.get("ADW_DEBUG_COLOR_SCHEME", "default")
suffix = "-dark" if scheme == "prefer-dark" else ""

write_settings(clipboard_clear_delay=30)
app = App(VAULT)
page = app.page(_("Vault Is Locked"))
app.type_into(_("Master password"), "wrong horse", "password text", within=page)
app.click(_("Unlock"), within=page)
app.find(_("Wrong master password. Try again."), "label", page)
shot(f"unlock{suffix}", app)
app.type_into(_("Master password"), MASTER, "password text", within=page)
app.click(_("Unlock"), within=page)
app.find(_("Search entries"), "entry")
app.type_into(_("Search entries"), "", "entry")
wait_for(lambda: app.list_titles())
app.select_first()
wait_for(lambda: app.detail(_("Username")) == "octocat")
shot(f"main{suffix}", app)
app.click(_("Edit"))
app.find(_("Edit Entry"), "label")
shot(f"entry-dialog{suffix}", app)
app.click(_("Cancel"), within=app.windows()[-1])
# The keys go to the focused window: wait for the dialog to be gone.
wait_for(lambda: len(app.windows()) == 1, what="the dialog to close")
time.sleep(0.5)
keys("key", "ctrl+comma")
app.find(_("Search in Activities"), "check box")
shot(f"preferences{suffix}", app)

# A recovery key: first what it is, then the key, wide and narrow.
app.click(_("Set Up Recovery Key"))
question = wait_for(lambda: next(w for w in app.windows()
                                 if w.name == _("Set Up a Recovery Key?")))
shot_window(f"recovery-confirm{suffix}")
response(app, question, _("_Set Up").replace("_", "")).doActionNamed("click")
check = app.find(_("I have saved or written down the recovery key"), "check box")
shot_window(f"recovery-key{suffix}")
shot_window(f"recovery-key-narrow{suffix}", width=360)
kit = next(w for w in app.windows() if app.has(check.name, "check box", w))
click(check)
# The button's label, not the title bar's Close; without its mnemonic.
close = next(n.parent for n in app.find_all("label", kit) if n.name == _("_Close").replace("_", ""))
wait_for(lambda: close.sensitive)
close.doActionNamed("click")
wait_for(lambda: len(app.windows()) == 2, what="the recovery key window to close")
app.quit()

# The unlock window's menu, and About (with the app's icon, run uninstalled).
app = App(VAULT)
page = app.page(_("Vault Is Locked"))
menu = app.find(_("Main Menu"), "push button")
menu = next((c for c in menu.children if c.roleName == "push button"), menu)
wait_for(lambda: menu.queryComponent().getExtents(1)[2] > 0)
menu.doActionNamed("click")
app.find(_("_About Vault").replace("_", ""), "menu item")
shot(f"unlock-menu{suffix}", app)
app.find(_("_About Vault").replace("_", ""), "menu item").doActionNamed("click")
wait_for(lambda: len(app.windows()) == 2, what="About")
shot_window(f"about{suffix}")
app.quit()

# The create page and the Emergency Kit, on a new vault (with no backup
# beside it, or the window offers to restore that first).
os.unlink(VAULT)
if os.path.exists(VAULT + ".bak"):
    os.unlink(VAULT + ".bak")
app = App(VAULT)
page = app.page(_("Create Your Vault"))
app.type_into(_("Master password"), "correct horse", "password text", within=page)
app.type_into(_("Confirm master password"), "correct horse", "password text", within=page)
shot(f"create{suffix}", app)
# A strong password, and a confirmation that went wrong while typed.
app.type_into(_("Master password"), MASTER + " extra", "password text", within=page)
app.type_into(_("Confirm master password"), MASTER + " ex tra", "password text", within=page)
app.find(_("The passwords do not match."), "label", page)
shot(f"create-mismatch{suffix}", app)
app.type_into(_("Master password"), MASTER + " extra", "password text", within=page)
app.type_into(_("Confirm master password"), MASTER + " extra", "password text", within=page)
wait_for(lambda: app.find(_("Create Vault"), "push button", page).sensitive)
app.click(_("Create Vault"), within=page)
app.page(_("Save Your Emergency Kit"))
wait_for(lambda: any(n.startswith("K1-") for n in app.labels(app.page(_("Save Your Emergency Kit")))))
shot(f"emergency-kit{suffix}", app)
app.quit()
