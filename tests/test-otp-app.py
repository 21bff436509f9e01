#!/usr/bin/python3
# test-otp-app.py
# SPDX-License-Identifier: GPL-3.0-or-later
#
# One-time codes and custom fields in the app, as a person uses them,
# through AT-SPI and real key presses under Xvfb: a secret added from a QR
# code image made by qrencode (after an image with no code and one with
# another kind of code), the code shown compared with Debian's oathtool and
# copied (and cleared) like a password, a mistyped secret refused as it is
# typed, custom fields added, made concealed or searchable, moved, renamed
# and removed, then read back with vault-cli and searched for, and the
# Activities search offering the code while unlocked only.

import os
import re
import shutil
import subprocess
import sys
import tempfile
import time

import pyatspi

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from gui import App, click, clipboard, keys, wait_for, write_settings  # noqa: E402
from tap import Skip, run, test  # noqa: E402

CLI = os.environ["VAULT_CLI"]
MASTER = "amber harbour quiet"
WORK = tempfile.mkdtemp(prefix="vault-otp-app-test-")
VAULT = os.path.join(WORK, "vault.json")
LOG = os.path.join(WORK, "app.log")
SECRET = "JBSWY3DPEHPK3PXP"
LINK = f"otpauth://totp/Example:alice@example.com?secret={SECRET}&issuer=Example"
EIGHT = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"
PIN = "pin-8342"
HINT = "x-kde-passwordManagerHint"
state = {}


def cli(*args, lines=(MASTER,), check=True):
    proc = subprocess.run([CLI, "--vault", VAULT, *args], input="".join(l + "\n" for l in lines),
                          capture_output=True, text=True, timeout=60)
    if check:
        assert proc.returncode == 0, proc.stderr
    return proc.stdout if check else proc


def oathtool_codes(secret, digits=6):
    """The codes of the time steps around now: the app's may be either side
    of a step boundary."""
    if shutil.which("oathtool") is None:
        raise Skip("oathtool is not installed (apt install oathtool)")
    now = int(time.time())
    return {subprocess.run(["oathtool", "--totp", "-b", f"--digits={digits}", f"--now=@{t}",
                            secret], capture_output=True, text=True, check=True).stdout.strip()
            for t in (now - 30, now, now + 30)}


def qrencode(name, text):
    if shutil.which("qrencode") is None:
        raise Skip("qrencode is not installed (apt install qrencode)")
    path = os.path.join(WORK, name)
    subprocess.run(["qrencode", "-s", "6", "-o", path, text], check=True)
    return path


def shown(node):
    """Laid out, with a size: GTK 4.8 loses a click on a widget not yet shown."""
    wait_for(lambda: node.queryComponent().getExtents(pyatspi.WINDOW_COORDS)[2] > 0,
             what=f"{node.name!r} on screen")
    return node


def press(app, name, within=None):
    shown(app.find(name, "push button", within)).doActionNamed("click")


def dialog_window(app):
    return wait_for(lambda: next((w for w in app.windows() if app.has("Title", "text", w)), None),
                    what="the entry dialog")


def focus(title):
    """No window manager gives the keyboard to a window under Xvfb: a person
    would click on it."""
    keys("search", "--sync", "--onlyvisible", "--name", f"^{title}$", "windowfocus", "--sync")


def edit(app):
    press(app, "Edit", app.windows()[0])
    dialog = dialog_window(app)
    focus("Edit Entry")
    return dialog


def save_button(dialog):
    return wait_for(lambda: next((b for b in dialog.findChildren(
        lambda n: n.roleName == "push button" and n.name == "Save")), None), what="Save")


def save(app, dialog):
    wait_for(lambda: save_button(dialog).sensitive, what="Save enabled")
    save_button(dialog).doActionNamed("click")
    wait_for(lambda: dialog not in app.windows(), what="the entry saved")


def labels(app, within):
    return [n.name for n in app.find_all("label", within)]


def choose_file(app, title, path):
    """In GTK's own file chooser (no portal here), typing a path opens its
    location field, as a person does it; Enter opens the file."""
    chooser = wait_for(lambda: next((w for w in app.windows() if w.name == title), None),
                       what="the file chooser")
    time.sleep(0.5)
    keys("type", "--delay", "20", path)
    time.sleep(0.3)
    keys("key", "Return")
    wait_for(lambda: chooser not in app.windows(), what="the chooser to close")
    focus("(New|Edit) Entry")


def scan(app, dialog, path):
    click(shown(app.find("Scan QR Code Image…", "list item", dialog)))
    choose_file(app, "Scan QR Code Image", path)


def select(app, title):
    app.type_into("Search entries", title, "entry")
    wait_for(lambda: app.list_titles() == [title], what=f"only {title} listed")
    app.select_first()
    # The title twice: in the list, and over the details.
    wait_for(lambda: len([n for n in app.find_all("label", app.windows()[0])
                          if n.name == title]) >= 2, what=f"{title}'s details")


def shown_code(app):
    return wait_for(lambda: app.detail("One-Time Code"), what="a code shown")


def field_items(app):
    """The custom fields the details show, top to bottom, with their values
    (None for a concealed one)."""
    group = app.find("Custom Fields", "list", app.windows()[0])
    return [(item.name, item.description or None) for item in group.children
            if item.roleName == "list item"]


def editor_items(app, dialog):
    """The entry dialog's custom field rows, top to bottom."""
    group = next(n for n in app.find_all("list", dialog) if n.name == "Custom Fields")
    return [item for item in group.children if item.roleName == "list item"]


@test
def code_from_a_qr_code_image():
    write_settings(clipboard_clear_delay=5)
    cli("init")
    cli("add", "Forum", "--username", "me", lines=(MASTER, "forum-Pass-1"))
    cli("add", "Eight", "--totp", f"otpauth://totp/Eight?secret={EIGHT}&digits=8",
        lines=(MASTER, "pw"))
    app = state["app"] = App(VAULT, log=LOG)
    page = app.page("Vault Is Locked")
    app.type_into("Master password", MASTER, "password text", within=page)
    app.click("Unlock", within=page)
    app.find("Search entries", "entry")

    blank = os.path.join(WORK, "blank.png")
    subprocess.run(["convert", "-size", "240x240", "xc:white", blank], check=True)
    website = qrencode("website.png", "https://example.com/welcome")
    good = qrencode("two-factor.png", LINK)

    keys("key", "ctrl+n")
    dialog = dialog_window(app)
    keys("type", "--delay", "20", "Example")
    # An image without a QR code, then one with a web address: each says so,
    # and nothing is set.
    scan(app, dialog, blank)
    app.find("No QR code was found in “blank.png”. Choose an image that shows the whole "
             "code, sharp and not too small.", "label", dialog)
    scan(app, dialog, website)
    app.find("The QR code in “website.png” is not a one-time code setup link. Look for the "
             "QR code shown when you turn on two-factor authentication.", "label", dialog)
    assert app.find("Setup Key or Link", "text", dialog).text == ""

    scan(app, dialog, good)
    app.find("Example (alice@example.com): 6 digits, new every 30 seconds", "label", dialog)
    save(app, dialog)

    select(app, "Example")
    code = shown_code(app)
    assert re.fullmatch(r"\d{3} \d{3}", code), code
    assert code.replace(" ", "") in oathtool_codes(SECRET), code
    # The ring says how long the code has left.
    ring = app.find("Time Left", "level bar")
    assert re.fullmatch(r"Changes in \d+ seconds?", ring.description), ring.description
    assert cli("totp", "Example").strip() in oathtool_codes(SECRET)

    # Copied like a password: marked secret, and cleared after 5 seconds.
    press(app, "Copy One-Time Code")
    wait_for(lambda: (clipboard() or "") in oathtool_codes(SECRET), what="the code copied")
    assert HINT in (clipboard("TARGETS") or ""), "the code is not marked secret"
    app.find("One-time code of “Example” copied. The clipboard will be cleared in 5 seconds.",
             "label")
    wait_for(lambda: not clipboard(), timeout=15, what="the clipboard cleared")

    # An entry without a secret shows no code.
    select(app, "Forum")
    wait_for(lambda: not app.has("One-Time Code", "list item"), what="no code row")


@test
def a_mistyped_secret_is_refused_as_typed():
    app = state["app"]
    expected = cli("add", "Typo", "--totp", "-", lines=(MASTER, "pw", "JBSW1Y3DP"),
                   check=False).stderr.strip().split(": ", 1)[1]
    select(app, "Forum")
    dialog = edit(app)
    field = app.find("Setup Key or Link", "text", dialog)
    field.text = "JBSW1Y3DP"
    app.find(expected, "label", dialog)
    assert "JBSW" not in expected
    wait_for(lambda: not save_button(dialog).sensitive, what="Save disabled")
    field.text = "jbsw y3dp ehpk 3pxp"
    wait_for(lambda: save_button(dialog).sensitive, what="Save enabled by a valid secret")
    assert not app.has(expected, "label", dialog)
    app.find("6 digits, new every 30 seconds", "label", dialog)
    field.text = ""
    keys("key", "Escape")
    discard(app)
    wait_for(lambda: dialog not in app.windows(), what="the dialog closed")
    assert "Typo" not in cli("list").split()
    assert cli("totp", "Forum", check=False).returncode != 0, "Forum got a secret"


def discard(app):
    ask = wait_for(lambda: next((w for w in app.windows()
                                 if app.has("Discard Changes?", "label", w)), None),
                   what="Discard Changes?")
    button = wait_for(lambda: next(b for b in ask.findChildren(
        lambda n: n.roleName == "push button")
        if b.name.replace("_", "").startswith("Discard")), what="Discard")
    button.doActionNamed("click")


def add_field(app, dialog, name, value, concealed=False, searchable=False):
    press(app, "Add Field", dialog)
    item = wait_for(lambda: next((i for i in editor_items(app, dialog)
                                  if i.name == "Unnamed Field"), None), what="a new field")
    app.type_into("Name", name, "text", within=item)
    wait_for(lambda: item.name == name, what="the row named as typed")
    app.type_into("Value", value, "text", within=item)
    if concealed:
        # Typed in the open, then concealed: the value moves to the hidden field.
        app.find("Concealed", "check box", item).doActionNamed("toggle")
        # AdwPasswordEntryRow's peek button says "Show Text" as its description.
        wait_for(lambda: any(b.description == "Show Text"
                             for b in app.find_all("push button", item)),
                 what="the value concealed")
    if searchable:
        app.find("Searchable", "check box", item).doActionNamed("toggle")
    return item


def expand(item):
    """Opens a field's row with a click on its header, as a person does."""
    header = item.findChildren(lambda n: n.roleName == "list item")[0]
    click(shown(header))


def names(app, dialog):
    return [i.name for i in editor_items(app, dialog)]


@test
def custom_fields_added_moved_and_saved():
    app = state["app"]
    select(app, "Example")
    dialog = edit(app)
    add_field(app, dialog, "Account", "ACC-4711", searchable=True)
    add_field(app, dialog, "PIN", PIN, concealed=True)
    add_field(app, dialog, "Recovery email", "alice@example.org")
    assert names(app, dialog) == ["Account", "PIN", "Recovery email"]

    # A field with a value needs a name; Save waits for it.
    item = editor_items(app, dialog)[2]
    app.type_into("Name", "", "text", within=item)
    app.find("A field with a value needs a name.", "label", dialog)
    wait_for(lambda: not save_button(dialog).sensitive, what="Save disabled")
    app.type_into("Name", "Recovery email", "text", within=item)
    wait_for(lambda: save_button(dialog).sensitive, what="Save enabled again")

    # Moved up with a click, then once more from the keyboard: the focus
    # stays on the button.
    press(app, "Move Up", editor_items(app, dialog)[1])
    wait_for(lambda: names(app, dialog) == ["PIN", "Account", "Recovery email"],
             what="PIN moved up")
    press(app, "Move Up", editor_items(app, dialog)[2])
    wait_for(lambda: names(app, dialog) == ["PIN", "Recovery email", "Account"],
             what="Recovery email moved up")
    up = app.find("Move Up", "push button", editor_items(app, dialog)[1])
    wait_for(lambda: up.focused, what="the focus on Move Up")
    keys("key", "space")
    wait_for(lambda: names(app, dialog) == ["Recovery email", "PIN", "Account"],
             what="moved up by the keyboard")
    first_up = app.find("Move Up", "push button", editor_items(app, dialog)[0])
    assert not first_up.sensitive, "the first field can move up"
    save(app, dialog)

    assert cli("show", "Example", "--field", "PIN") == PIN + "\n"
    assert cli("show", "Example", "--field", "Account") == "ACC-4711\n"
    assert cli("show", "Example", "--field", "Recovery email") == "alice@example.org\n"
    wait_for(lambda: field_items(app) == [("Recovery email", "alice@example.org"),
                                          ("PIN", None), ("Account", "ACC-4711")],
             what="the fields in the details, in order")

    # The searchable field is found, the concealed one never.
    assert cli("search", "ACC-4711").split("\n")[0] == "Example"
    assert "Example" not in cli("search", PIN)
    assert "Example" not in cli("search", "alice@example.org")
    app.type_into("Search entries", "ACC-4711", "entry")
    wait_for(lambda: app.list_titles() == ["Example"], what="found by the searchable field")
    app.type_into("Search entries", PIN, "entry")
    wait_for(lambda: app.list_titles() == [], what="nothing found by the concealed one")


@test
def fields_copied_revealed_renamed_and_removed():
    app = state["app"]
    select(app, "Example")
    # Concealed: dots until shown; copied as a secret and cleared.
    # GTK 4.8 gives screen readers no text of a field that shows a secret;
    # what a person sees is the button turned to Hide.
    press(app, "Show PIN")
    press(app, "Hide PIN")
    app.find("Show PIN", "push button")
    press(app, "Copy PIN")
    wait_for(lambda: clipboard() == PIN, what="PIN copied")
    assert HINT in (clipboard("TARGETS") or "")
    wait_for(lambda: not clipboard(), timeout=15, what="the PIN cleared from the clipboard")
    # Plain: copied as any text.
    press(app, "Copy Account")
    wait_for(lambda: clipboard() == "ACC-4711", what="Account copied")
    assert HINT not in (clipboard("TARGETS") or "")

    dialog = edit(app)
    item = next(i for i in editor_items(app, dialog) if i.name == "Account")
    app.type_into("Name", "Account number", "text", within=item)
    item = next(i for i in editor_items(app, dialog) if i.name == "Recovery email")
    expand(item)
    press(app, "Remove Field", item)
    wait_for(lambda: names(app, dialog) == ["PIN", "Account number"], what="the field removed")
    save(app, dialog)
    assert cli("show", "Example", "--field", "Account number") == "ACC-4711\n"
    assert "Recovery email" not in cli("show", "Example", "--all")
    # Never opened in the dialog, the concealed value was kept as it was.
    assert cli("show", "Example", "--field", "PIN") == PIN + "\n"

    # Escape on an added field asks before throwing it away.
    dialog = edit(app)
    add_field(app, dialog, "Unsaved", "value")
    keys("key", "Escape")
    discard(app)
    wait_for(lambda: dialog not in app.windows(), what="the dialog closed")
    assert "Unsaved" not in cli("show", "Example", "--all")


@test
def eight_digits_grouped_and_the_secret_removed():
    app = state["app"]
    select(app, "Eight")
    code = shown_code(app)
    assert re.fullmatch(r"\d{4} \d{4}", code), code
    assert code.replace(" ", "") in oathtool_codes(EIGHT, digits=8), code

    dialog = edit(app)
    assert app.has("8 digits, new every 30 seconds", None, dialog)
    press(app, "Remove One-Time Code", dialog)
    save(app, dialog)
    wait_for(lambda: not app.has("One-Time Code", "list item"), what="no code row")
    proc = cli("totp", "Eight", check=False)
    assert proc.returncode != 0 and "one-time code" in proc.stderr, proc.stderr


def borrow(name):
    """Another test file's helpers (its own tests, registered as it is read,
    are not run here)."""
    import runpy
    import tap
    tests = list(tap._tests)
    try:
        return runpy.run_path(os.path.join(os.path.dirname(os.path.abspath(__file__)), name),
                              run_name=name)
    finally:
        tap._tests[:] = tests


@test
def activities_search_offers_the_code_while_unlocked():
    app = state["app"]
    # As GNOME Shell asks, with test-gui.py's stand-in for it.
    gui_test = borrow("test-gui.py")
    shell, set_clipboard = gui_test["Shell"](), gui_test["set_clipboard"]
    try:
        ids = shell.call("GetInitialResultSet", "(as)", ["example"])
        assert len(ids) == 2 and ids[1] == "code:" + ids[0], ids
        assert shell.call("GetInitialResultSet", "(as)", ["forum"])[0] != "locked"
        assert len(shell.call("GetInitialResultSet", "(as)", ["forum"])) == 1, \
            "an entry without a secret offers a code"
        metas = shell.call("GetResultMetas", "(as)", ids)
        assert [m["name"] for m in metas] == ["Example", "Example — one-time code"], metas
        assert PIN not in str(metas) and SECRET not in str(metas)

        set_clipboard("not a code")
        shell.call("ActivateResult", "(sasu)", ids[1], ["example"], 0)
        wait_for(lambda: (clipboard() or "") in oathtool_codes(SECRET),
                 what="the code copied from the Shell")
        assert HINT in (clipboard("TARGETS") or "")
        wait_for(lambda: not clipboard(), timeout=15, what="the code cleared")

        app.click("Lock")
        app.page("Vault Is Locked")
        assert shell.call("GetInitialResultSet", "(as)", ["example"]) == ["locked"]
        assert "Example" not in str(shell.call("GetResultMetas", "(as)", ids))
        set_clipboard("still mine")
        shell.call("ActivateResult", "(sasu)", ids[1], ["example"], 0)
        app.page("Vault Is Locked")
        time.sleep(1)
        assert clipboard() == "still mine", "a code was copied while locked"
    finally:
        shell.close()
        app.quit()


@test
def nothing_of_a_code_or_field_survives_locking():
    import base64
    import secrets
    mem = borrow("test-memory.py")
    mem["need_root"]()
    write_settings(clipboard_clear_delay=5)
    # Fresh random secrets, which reach the app only from the vault file and
    # a QR code image, never over AT-SPI.
    key, qr_key = secrets.token_bytes(20), secrets.token_bytes(20)
    secret = base64.b32encode(key).decode()
    qr_secret = base64.b32encode(qr_key).decode()
    qr_link = f"otpauth://totp/Scanned:me?secret={qr_secret}&issuer=Scanned"
    pin = mem["random_text"]()
    vault = os.path.join(WORK, "memory.json")
    subprocess.run([CLI, "--vault", vault, "init"], input=f"{MASTER}\n", text=True,
                   check=True, capture_output=True)
    subprocess.run([CLI, "--vault", vault, "add", "Codes", "--totp", "-", "--concealed-field",
                    "PIN"], input=f"{MASTER}\npw\n{secret}\n{pin}\n", text=True, check=True,
                   capture_output=True)
    image = qrencode("memory.png", qr_link)

    app = App(vault, log=LOG)
    try:
        page = app.page("Vault Is Locked")
        app.type_into("Master password", MASTER, "password text", within=page)
        app.click("Unlock", within=page)
        app.find("Search entries", "entry")
        # The code made and copied, the field shown and copied, and opened
        # for editing; a second secret read from a QR code image and saved.
        select(app, "Codes")
        shown_code(app)
        press(app, "Copy One-Time Code")
        wait_for(lambda: re.fullmatch(r"\d{6}", clipboard() or ""), what="the code pasted")
        # A secret copied again soon after a paste is sometimes not served to
        # the next paste under Xvfb, the password's copy as much as these:
        # copy again once the clipboard was cleared.
        wait_for(lambda: not clipboard(), timeout=15, what="the code cleared")
        press(app, "Copy PIN")
        wait_for(lambda: clipboard() == pin, what="the field pasted")
        # Pasted before the scan: after the app was stopped for a scan,
        # xclip's next paste from it sometimes went unanswered under Xvfb.
        press(app, "Show PIN")
        app.find("Hide PIN", "push button")
        # Each scan stops the app for seconds: give it time to draw first.
        time.sleep(1)
        control = {("revealed field", "UTF-8"): pin.encode()}
        wait_for(lambda: mem["scan"](app.proc.pid, control), timeout=40,
                 what="the scan to find the field shown (the positive control)")
        dialog = edit(app)
        item = editor_items(app, dialog)[0]
        click(shown(item))
        wait_for(lambda: any(b.description == "Show Text"
                             for b in app.find_all("push button", item)), what="the field open")
        keys("key", "Escape")
        wait_for(lambda: dialog not in app.windows(), what="the unchanged dialog closed")

        press(app, "Add Entry", app.windows()[0])
        dialog = dialog_window(app)
        focus("New Entry")
        keys("type", "--delay", "20", "Scanned")
        scan(app, dialog, image)
        app.find("Scanned (me): 6 digits, new every 30 seconds", "label", dialog)
        save(app, dialog)
        select(app, "Scanned")
        shown_code(app)

        app.click("Lock")
        app.page("Vault Is Locked")
        wait_for(lambda: not app.has("Search entries", "entry"), what="the window closed")
        time.sleep(2)
        patterns = {}
        for name, forms in (("one-time code secret", mem["text_forms"](secret)),
                            ("scanned secret", mem["text_forms"](qr_secret)),
                            ("scanned link", mem["text_forms"](qr_link)),
                            ("concealed field", mem["text_forms"](pin)),
                            ("secret's key", {"raw": key}),
                            ("scanned key", {"raw": qr_key})):
            patterns.update({(name, enc): raw for enc, raw in forms.items()})
        hits = mem["scan"](app.proc.pid, patterns)
        assert not hits, "found after locking:\n" + mem["report"](hits)
    finally:
        app.quit()


if __name__ == "__main__":
    sys.exit(run())
