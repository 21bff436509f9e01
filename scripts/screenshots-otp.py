#!/usr/bin/python3
# screenshots-otp.py
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Takes docs/screenshots/otp-*.png: the details of an entry with a one-time
# code and custom fields, and the entry dialog's One-Time Code and Custom
# Fields (with a mistyped setup key), at 1280 and 360 px, in light and dark
# (and in Korean), from a real run of the app. Run it through
# scripts/screenshots.sh.

import os
import subprocess
import sys
import time

import pyatspi

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "tests"))
from gui import App, _, keys, wait_for, write_settings  # noqa: E402

CLI = os.environ["VAULT_CLI"]
OUT = os.environ.get("SHOT_DIR", os.path.join(HERE, "..", "docs", "screenshots"))
MASTER = "violet anchor tundra"
SUFFIX = ("-dark" if os.environ.get("ADW_DEBUG_COLOR_SCHEME") == "prefer-dark" else "") \
    + os.environ.get("SHOT_SUFFIX", "")
VAULT = os.path.join(os.environ["HOME"], "otp.json")


def cli(*args, lines=(MASTER,)):
    subprocess.run([CLI, "--vault", VAULT, *args], input="".join(l + "\n" for l in lines),
                   capture_output=True, text=True, check=True)


def window_id(title):
    out = subprocess.run(["xdotool", "search", "--onlyvisible", "--name", f"^{title}$"],
                         capture_output=True, text=True, timeout=30).stdout.split()
    return out[-1]


def geometry(wid):
    out = subprocess.run(["xdotool", "getwindowgeometry", "--shell", wid], capture_output=True,
                         text=True, check=True).stdout
    return {k: int(v) for k, v in (line.split("=", 1) for line in out.split()) if k != "SCREEN"}


def resize(title, width, height):
    subprocess.run(["xdotool", "windowsize", window_id(title), str(width), str(height)],
                   check=True)
    time.sleep(1.2)


def shot(name, title=None):
    """The whole screen, or one window alone; the client-side shadow, black on
    the bare X screen, is cut away."""
    time.sleep(1.5)
    path = os.path.join(OUT, f"{name}{SUFFIX}.png")
    raw = path + ".raw.png"
    if title is None:
        subprocess.run(["import", "-window", "root", raw], check=True)
    else:
        g = geometry(window_id(title))
        subprocess.run(["import", "-window", "root", "-crop",
                        f"{g['WIDTH']}x{g['HEIGHT']}+{g['X']}+{g['Y']}", "+repage", raw],
                       check=True)
    subprocess.run(["convert", raw, "-bordercolor", "black", "-border", "1", "-trim", "+repage",
                    path], check=True)
    os.unlink(raw)
    print("wrote", path)


def scroll_to(title, node, top=90):
    """Scrolls the window under the pointer until node sits near its top."""
    g = geometry(window_id(title))
    for _ in range(60):
        y = node.queryComponent().getExtents(pyatspi.WINDOW_COORDS)[1]
        if abs(y - top) < 60:
            return
        keys("mousemove", str(g["X"] + g["WIDTH"] // 2), str(g["Y"] + g["HEIGHT"] // 2),
             "click", "5" if y > top else "4")
        time.sleep(0.15)


def dialog_of(app):
    return wait_for(lambda: next((w for w in app.windows()
                                  if app.has(_("Title"), "text", w)), None), what="the dialog")


def make_vault():
    if os.path.exists(VAULT):
        os.unlink(VAULT)
    cli("init")
    cli("add", "GitHub", "--username", "octocat", "--url", "https://github.com", "--totp",
        "otpauth://totp/GitHub:octocat?secret=JBSWY3DPEHPK3PXP&issuer=GitHub",
        "--field", "Recovery email=octocat@example.com",
        "--searchable-field", "Account ID=AC-20931", "--concealed-field", "Backup PIN",
        lines=(MASTER, "sample-Pw-1", "4711"))
    cli("add", "Bank of Example", "--username", "kim.jiwoo", "--url", "https://bank.example",
        "--totp", "otpauth://totp/Bank:kim?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&digits=8",
        lines=(MASTER, "sample-Pw-2"))
    cli("add", "Steam", "--username", "jiwoo_games", "--totp",
        "steam://63BEDWCQZKTQWPESARIERL5DTTQFCJTK", lines=(MASTER, "sample-Pw-3"))
    cli("add", "Mail", "--username", "jiwoo@example.com", lines=(MASTER, "sample-Pw-4"))


def main():
    make_vault()
    write_settings(clipboard_clear_delay=30)
    app = App(VAULT)
    page = app.page(_("Vault Is Locked"))
    app.type_into(_("Master password"), MASTER, "password text", within=page)
    app.click(_("Unlock"), within=page)
    search = app.find(_("Search entries"), "entry")
    resize(_("Vault"), 1100, 760)
    search.text = "GitHub"
    keys("key", "Return")
    wait_for(lambda: app.detail(_("One-Time Code")), what="the code")
    shot("otp-details")

    # At 360 px: the details alone, scrolled to the code and the fields.
    resize(_("Vault"), 360, 760)
    scroll_to(_("Vault"), app.find(_("One-Time Code"), "list item"), top=200)
    shot("otp-details-narrow", _("Vault"))
    resize(_("Vault"), 1100, 760)

    # The entry dialog, scrolled to its one-time code and custom fields, a
    # field open.
    app.click(_("Edit"), within=app.windows()[0])
    dialog = dialog_of(app)
    title = _("Edit Entry")
    resize(title, 520, 760)
    group = next(n for n in app.find_all("list", dialog) if n.name == _("Custom Fields"))
    item = [c for c in group.children if c.roleName == "list item"][1]
    header = item.findChildren(lambda n: n.roleName == "list item")[0]
    scroll_to(title, app.find(_("One-Time Code"), "label", dialog), top=60)
    keys("mousemove", "0", "0")
    g = geometry(window_id(title))
    x, y, w, h = header.queryComponent().getExtents(pyatspi.WINDOW_COORDS)
    keys("mousemove", str(g["X"] + 30), str(g["Y"] + y + h // 2), "click", "1")
    keys("mousemove", str(g["X"] + g["WIDTH"] + 50), str(g["Y"] + 5))
    shot("otp-dialog")
    resize(title, 360, 760)
    scroll_to(title, app.find(_("One-Time Code"), "label", dialog), top=60)
    shot("otp-dialog-narrow", title)
    keys("key", "Escape")
    wait_for(lambda: dialog not in app.windows(), what="the dialog closed")

    # A new entry with a mistyped setup key: the error under the field.
    app.click(_("Add Entry"), within=app.windows()[0])
    dialog = dialog_of(app)
    title = _("New Entry")
    app.find(_("Title"), "text", dialog).text = "Forum"
    key = app.find(_("Setup Key or Link"), "text", dialog)
    key.text = "JBSW Y3DP EHPK 3PX1"
    resize(title, 520, 760)
    scroll_to(title, app.find(_("One-Time Code"), "label", dialog), top=60)
    keys("mousemove", str(geometry(window_id(title))["X"] + 600), "5")
    shot("otp-dialog-error")
    resize(title, 360, 760)
    scroll_to(title, app.find(_("One-Time Code"), "label", dialog), top=60)
    shot("otp-dialog-error-narrow", title)
    app.quit()


if __name__ == "__main__":
    main()
