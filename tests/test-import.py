#!/usr/bin/python3
# test-import.py
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Import and export in the app, as a person goes through them, through
# AT-SPI and real key presses under Xvfb: a Chrome CSV brought in from the
# empty vault and its plaintext file deleted, the same file again with its
# duplicates skipped, a KeePassXC database (made by the real keepassxc-cli)
# after a wrong password, a CSV of an unknown layout through its column
# mapping, and every entry exported again as a KDBX file that keepassxc-cli
# reads and as a CSV file. Locking closes the import dialog and wipes it.
# What was added is read back with vault-cli.

import csv
import os
import shutil
import subprocess
import sys
import tempfile
import time

import pyatspi

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from gui import App, click, keys, wait_for  # noqa: E402
from tap import Skip, run, test  # noqa: E402

CLI = os.environ["VAULT_CLI"]
KEEPASSXC = shutil.which("keepassxc-cli")
MASTER = "amber harbour quiet"
KDBX_PASSWORD = "kdbx-Door-7"
EXPORT_PASSWORD = "export Lamp 9 river"
WORK = tempfile.mkdtemp(prefix="vault-import-test-")
VAULT = os.path.join(WORK, "vault.json")
LOG = os.path.join(WORK, "app.log")
state = {}

CHROME = [
    # name, url, username, password, note
    ("한국전력", "https://home.kepco.co.kr/", "kimjw", 'pa,ss"word1', ""),
    ("Bank, Inc.", "https://bank.example/", "jiwoo", "Secret-2", "line one\nline two"),
    ("Forum", "https://forum.example/", "me", "forum-Pass-3", "hello, world"),
]


def cli(*args, lines=(MASTER,), check=True):
    proc = subprocess.run([CLI, "--vault", VAULT, *args], input="".join(l + "\n" for l in lines),
                          capture_output=True, text=True, timeout=60)
    if check:
        assert proc.returncode == 0, proc.stderr
    return proc.stdout


FIELDS = ("title", "username", "password", "url", "notes", "tags", "favourite", "created",
          "modified", "history")


def fields_of(title):
    """What vault-cli shows of an entry, field by field (notes may take
    several lines)."""
    fields = {}
    key = None
    for line in cli("show", title, "--all").splitlines():
        name, sep, value = line.partition(": ")
        if sep and name in FIELDS and name not in fields:
            key = name
            fields[key] = value
        else:
            fields[key] += "\n" + line
    return fields


def write_chrome(path, rows):
    with open(path, "w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f, lineterminator="\n")
        writer.writerow(["name", "url", "username", "password", "note"])
        writer.writerows(rows)


def shown(node):
    """Laid out, with a size: GTK 4.8 loses a click on a widget not yet shown."""
    wait_for(lambda: node.queryComponent().getExtents(pyatspi.WINDOW_COORDS)[2] > 0,
             what=f"{node.name!r} on screen")
    return node


def press(app, name, within=None):
    shown(app.find(name, "push button", within)).doActionNamed("click")


def import_dialog(app):
    return wait_for(lambda: next((w for w in app.windows() if w.name == "Import Passwords"
                                  and app.has("Cancel", "push button", w)), None),
                    what="the import dialog")


def named(node, text):
    """A button's name is its label, or its mnemonic label and its label."""
    return node.name == text or node.name.replace("_", "").startswith(text + " ")


def buttons(app, window, text):
    return [b for b in app.find_all("push button", window) if named(b, text)]


def header_button(app, dialog, name):
    """The dialog's main action (Continue, Import), when usable."""
    return shown(wait_for(lambda: next((b for b in buttons(app, dialog, name) if b.sensitive),
                                       None), what=f"{name} usable"))


def choose_file(app, title, path, refocus=False):
    """In the file chooser (GTK's own: no portal here), typing a path opens
    its location field, as a person does it; Enter opens the file."""
    def mnemonic(window, text):
        # GTK's chooser names its buttons by their mnemonic label and label.
        return any(b.name == f"_{text} {text}" for b in app.find_all("push button", window))
    chooser = wait_for(lambda: next((w for w in app.windows() if w.name == title
                                     and (mnemonic(w, "Open") or mnemonic(w, "Export"))),
                                    None), what="the file chooser")
    time.sleep(0.5)
    if mnemonic(chooser, "Export"):
        # Saving: the name field has the focus, with the suggested name.
        wait_for(lambda: any(n.focused for n in app.find_all("text", chooser)),
                 what="the focused name field")
        keys("key", "ctrl+a")
    keys("type", "--delay", "20", path)
    time.sleep(0.3)
    keys("key", "Return")
    wait_for(lambda: chooser not in app.windows(), what="the chooser to close")
    if refocus:
        # No window manager gives the keyboard back to the dialog under Xvfb:
        # a person would click on it.
        keys("search", "--sync", "--onlyvisible", "--name", f"^{title}$", "windowfocus",
             "--sync")


def respond(app, title, response):
    """A response of an AdwMessageDialog, by its label (the one on screen)."""
    window = wait_for(lambda: next((w for w in app.windows() if w.name == title), None),
                      what=f"the dialog {title!r}")
    button = wait_for(lambda: next((n.parent for n in app.find_all("label", window)
                                    if n.name == response and n.parent.queryComponent()
                                    .getExtents(pyatspi.WINDOW_COORDS)[2] > 0), None),
                      what=f"{response!r} on screen")
    button.doActionNamed("click")
    wait_for(lambda: window not in app.windows(), what=f"{title!r} to close")


def open_menu_item(app, label):
    main = wait_for(lambda: next(w for w in app.windows() if w.name == "Vault"),
                    what="the main window")
    menus = [b for b in app.find_all("push button", main)
             if b.name == "Main Menu" and "click" in b.actions]
    shown(menus[0]).doActionNamed("click")
    item = app.find(label, "menu item", main)
    wait_for(lambda: "click" in item.actions, what="the menu item's action")
    item.doActionNamed("click")


def close_dialogs(app):
    """What a test that failed left open goes, so the next one starts clean."""
    for _ in range(5):
        if len(app.windows()) <= 1:
            return
        keys("key", "Escape")
        time.sleep(0.5)


def start_import(app, path, via_menu=True):
    if via_menu:
        open_menu_item(app, "Import…")
    dialog = import_dialog(app)
    press(app, "Choose File…", dialog)
    choose_file(app, "Import Passwords", path, refocus=True)
    return dialog


@test
def chrome_csv_from_the_empty_vault():
    cli("init")
    app = state["app"] = App(VAULT, log=LOG)
    page = app.page("Vault Is Locked")
    app.type_into("Master password", MASTER, "password text", within=page)
    app.click("Unlock", within=page)
    empty = app.page("No Entries")

    path = os.path.join(WORK, "Chrome Passwords.csv")
    write_chrome(path, CHROME)
    press(app, "Import Passwords…", empty)
    dialog = start_import(app, path, via_menu=False)

    app.find("3 entries will be added", "label", dialog)
    assert app.has("Chrome or Chromium passwords (CSV)", "label", dialog)
    listed = app.find("Entries to Add", "list", dialog)
    wait_for(lambda: len(listed.children) == 3, what="three entries listed")
    assert app.has("한국전력", None, listed)
    assert not app.has("Already in Your Vault", "label", dialog), "duplicates in a new vault"
    # Nothing is added before Import.
    assert cli("list").strip() == ""

    header_button(app, dialog, "Import").doActionNamed("click")
    wait_for(lambda: dialog not in app.windows(), what="the dialog to close")
    app.find("Imported 3 entries", "label")
    ask = wait_for(lambda: next((w for w in app.windows()
                                 if w.name == "Delete the Exported File?"), None),
                   what="the question about the plaintext file")
    assert app.has("“Chrome Passwords.csv” is not encrypted: anyone who can read it can read "
                   "your passwords. They are safe in your vault now.", "label", ask)
    respond(app, "Delete the Exported File?", "Delete File")
    wait_for(lambda: not os.path.exists(path), what="the file deleted")
    app.find("File “Chrome Passwords.csv” deleted", "label")

    assert sorted(cli("list").splitlines()) == sorted(r[0] for r in CHROME)
    for name, url, username, password, note in CHROME:
        fields = fields_of(name)
        assert fields["username"] == username, fields
        assert fields["password"] == password, (name, fields.get("password"))
        assert fields["url"] == url, fields
        assert fields.get("notes", "") == note, (name, fields.get("notes"))
    wait_for(lambda: sorted(app.list_titles()) == sorted(r[0] for r in CHROME),
             what="the entries listed")


@test
def same_file_again_skips_the_duplicates():
    app = state["app"]
    close_dialogs(app)
    path = os.path.join(WORK, "chrome-again.csv")
    write_chrome(path, CHROME + [("New Site", "https://new.example/", "newbie", "Fresh-4", "")])
    dialog = start_import(app, path)

    app.find("1 entry will be added", "label", dialog)
    assert app.has("3 look like entries already in your vault (same title, username and "
                   "website).", "label", dialog)
    # Adding them beside the ones here is one click away, and says so.
    click(shown(app.find("Add them beside the ones here", "check box", dialog)))
    app.find("4 entries will be added", "label", dialog)
    click(shown(app.find("Skip them", "check box", dialog)))
    app.find("1 entry will be added", "label", dialog)
    listed = app.find("Entries to Add", "list", dialog)
    wait_for(lambda: len(listed.children) == 1, what="only the new entry listed")

    header_button(app, dialog, "Import").doActionNamed("click")
    app.find("Imported 1 entry", "label")
    respond(app, "Delete the Exported File?", "Keep File")
    assert os.path.exists(path), "Keep File deleted the file"
    titles = cli("list").splitlines()
    assert sorted(titles) == sorted([r[0] for r in CHROME] + ["New Site"]), titles
    assert fields_of("New Site")["password"] == "Fresh-4"


def make_kdbx(path):
    def kp(*args, lines):
        subprocess.run([KEEPASSXC, *args], input="".join(l + "\n" for l in lines),
                       capture_output=True, text=True, check=True, timeout=60)
    kp("db-create", "-q", "-p", "-t", "100", path, lines=(KDBX_PASSWORD, KDBX_PASSWORD))
    kp("mkdir", "-q", path, "Work", lines=(KDBX_PASSWORD,))
    kp("add", "-q", "-u", "alice", "--url", "https://alpha.example", "--notes", "first note",
       "-p", path, "Alpha", lines=(KDBX_PASSWORD, "alpha-Pw-1"))
    kp("add", "-q", "-u", "밥", "-p", path, "Work/베타", lines=(KDBX_PASSWORD, "beta,Pw 2"))


@test
def keepass_database_after_a_wrong_password():
    if KEEPASSXC is None:
        raise Skip("keepassxc-cli is not installed")
    app = state["app"]
    close_dialogs(app)
    path = os.path.join(WORK, "Passwords.kdbx")
    make_kdbx(path)
    dialog = start_import(app, path)

    # The focus starts in the password field, and Enter continues.
    app.find("Database password", "text", dialog)
    assert app.has("KeePass database (KDBX)", None, dialog)
    keys("type", "--delay", "20", "not the password")
    keys("key", "Return")
    app.find("The password or key file is wrong.", "label", dialog)
    # The field has the focus again, the wrong password selected: typing
    # replaces it.
    keys("type", "--delay", "20", KDBX_PASSWORD)
    keys("key", "Return")
    app.find("2 entries will be added", "label", dialog)
    assert not app.has("Already in Your Vault", "label", dialog)
    header_button(app, dialog, "Import").doActionNamed("click")
    app.find("Imported 2 entries", "label")
    time.sleep(1)
    # A database is encrypted: nothing to delete.
    assert not any(w.name == "Delete the Exported File?" for w in app.windows())
    assert os.path.exists(path)

    alpha = fields_of("Alpha")
    assert alpha["username"] == "alice" and alpha["password"] == "alpha-Pw-1", alpha
    assert alpha["url"] == "https://alpha.example" and alpha["notes"] == "first note", alpha
    beta = fields_of("베타")
    assert beta["username"] == "밥" and beta["password"] == "beta,Pw 2", beta
    assert beta["tags"] == "Work", beta


COLUMNS = ["None", "Service", "Login", "Pass", "Link", "Anything else"]


def combo_row(app, dialog, title):
    return wait_for(lambda: next((n for n in dialog.findChildren(
        lambda n: n.name == title and n.roleName == "combo box")), None),
        what=f"the {title} row")


def set_column(app, dialog, title, column):
    """Picks a column in a field's row as a person does: a click opens the
    row's list, the arrow keys move in it and Enter picks."""
    row = combo_row(app, dialog, title)
    current = next(c for c in COLUMNS if app.has(c, "label", row))
    if current == column:
        return
    click(shown(row))
    time.sleep(0.5)
    steps = COLUMNS.index(column) - COLUMNS.index(current)
    for _ in range(abs(steps)):
        keys("key", "Down" if steps > 0 else "Up")
    keys("key", "Return")
    wait_for(lambda: app.has(column, "label", combo_row(app, dialog, title)),
             what=f"{column!r} picked for {title}")


@test
def csv_of_an_unknown_layout_through_its_columns():
    app = state["app"]
    close_dialogs(app)
    path = os.path.join(WORK, "my list.csv")
    with open(path, "w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f, lineterminator="\n")
        writer.writerow(["Service", "Login", "Pass", "Link", "Anything else"])
        writer.writerow(["Mailbox", "post@example.org", "mail-Key-5", "https://mail.example",
                         "personal"])
        writer.writerow(["우체국", "kim", "post-Key-6", "https://epost.example", ""])
    dialog = start_import(app, path)

    app.find("Vault does not know this file’s layout. Check which column holds what.",
             "label", dialog)
    # A row for every field of an entry, each listing the file's columns,
    # set to what the column names say.
    for name in ("Title", "Username", "Password", "Website", "Notes", "Tags", "One-Time Code"):
        combo_row(app, dialog, name)
    assert app.has("None", "label", combo_row(app, dialog, "Notes")), "a guess for Notes"
    set_column(app, dialog, "Title", "Service")
    set_column(app, dialog, "Username", "Login")
    set_column(app, dialog, "Password", "Pass")
    set_column(app, dialog, "Website", "Link")
    set_column(app, dialog, "Notes", "Anything else")
    header_button(app, dialog, "Continue").doActionNamed("click")
    app.find("2 entries will be added", "label", dialog)
    header_button(app, dialog, "Import").doActionNamed("click")
    app.find("Imported 2 entries", "label")
    respond(app, "Delete the Exported File?", "Delete File")
    wait_for(lambda: not os.path.exists(path), what="the file deleted")

    mail = fields_of("Mailbox")
    assert mail["username"] == "post@example.org" and mail["password"] == "mail-Key-5", mail
    assert mail["url"] == "https://mail.example" and mail["notes"] == "personal", mail
    post = fields_of("우체국")
    assert post["username"] == "kim" and post["password"] == "post-Key-6", post
    assert post["url"] == "https://epost.example" and post["notes"] == "", post


def export_dialog(app):
    open_menu_item(app, "Export…")
    return wait_for(lambda: next((w for w in app.windows() if w.name == "Export Vault"
                                  and app.has("Cancel", "push button", w)), None),
                    what="the export dialog")


def vault_entries():
    return {title: fields_of(title) for title in cli("list").splitlines()}


@test
def export_as_a_keepass_database():
    if KEEPASSXC is None:
        raise Skip("keepassxc-cli is not installed")
    app = state["app"]
    close_dialogs(app)
    entries = vault_entries()
    path = os.path.join(WORK, "exported.kdbx")
    dialog = export_dialog(app)

    app.type_into("New password", EXPORT_PASSWORD, "text", within=dialog)
    app.type_into("Repeat password", EXPORT_PASSWORD + "x", "text", within=dialog)
    app.find("The passwords do not match.", "label", dialog)
    assert not buttons(app, dialog, "Export")[0].sensitive, "Export with a mismatch"
    app.type_into("Repeat password", EXPORT_PASSWORD, "text", within=dialog)
    wait_for(lambda: not app.has("The passwords do not match.", "label", dialog),
             what="the mismatch gone")
    # The master password is asked again, and checked.
    app.type_into("Master password", "not the master", "text", within=dialog)
    header_button(app, dialog, "Export").doActionNamed("click")
    app.find("That is not the master password.", "label", dialog)
    assert not os.path.exists(path)
    app.type_into("Master password", MASTER, "text", within=dialog)
    header_button(app, dialog, "Export").doActionNamed("click")
    choose_file(app, "Export Vault", path)
    wait_for(lambda: dialog not in app.windows(), timeout=60, what="the export written")
    count = len(entries)
    app.find(f"Exported {count} entries", "label")
    assert os.stat(path).st_mode & 0o077 == 0, "the export is readable by others"

    def kp(*args):
        proc = subprocess.run([KEEPASSXC, *args], input=EXPORT_PASSWORD + "\n",
                              capture_output=True, text=True, timeout=60)
        assert proc.returncode == 0, proc.stderr
        return proc.stdout

    paths = [p for p in kp("ls", "-R", "-f", "-q", path).splitlines() if not p.endswith("/")]
    assert len(paths) == count, paths
    for entry_path in paths:
        lines = kp("show", "-s", "-q", "-a", "Title", "-a", "UserName", "-a", "Password",
                   "-a", "URL", path, entry_path).split("\n")
        title, username, password, url = lines[:4]
        ours = entries[title]
        assert (username, password, url) == (ours["username"], ours["password"], ours["url"]), \
            (title, username, url)


@test
def export_as_csv():
    app = state["app"]
    close_dialogs(app)
    entries = vault_entries()
    path = os.path.join(WORK, "exported.csv")
    dialog = export_dialog(app)
    click(shown(app.find("CSV File", "check box", dialog)))
    app.find("A CSV file is not encrypted: anyone who has it can read every password in it. "
             "Keep it only as long as you need it, then delete it.", "label", dialog)
    assert not app.has("New password", "text", dialog), "a password asked for a CSV file"
    app.type_into("Master password", MASTER, "text", within=dialog)
    header_button(app, dialog, "Export").doActionNamed("click")
    choose_file(app, "Export Vault", path)
    wait_for(lambda: dialog not in app.windows(), timeout=60, what="the export written")
    app.find(f"Exported {len(entries)} entries", "label")

    with open(path, encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    assert len(rows) == len(entries), rows
    for row in rows:
        ours = entries[row["Title"]]
        assert row["Username"] == ours["username"] and row["Password"] == ours["password"], row
        assert row["URL"] == ours["url"] and row["Notes"] == ours["notes"], row


@test
def locking_closes_the_import_dialog():
    app = state["app"]
    close_dialogs(app)
    typed = "Typed-Secret-9kdbx"
    if KEEPASSXC is not None:
        path = os.path.join(WORK, "Passwords.kdbx")
        dialog = start_import(app, path)
        app.find("Database password", "text", dialog)
        keys("type", "--delay", "20", typed)
    else:
        path = os.path.join(WORK, "chrome-again.csv")
        dialog = start_import(app, path)
        app.find("Nothing New to Add", "label", dialog)
    keys("key", "ctrl+l")
    app.page("Vault Is Locked")
    wait_for(lambda: len(app.windows()) == 1, timeout=10,
             what=f"only the unlock window (have {[w.name for w in app.windows()]})")
    seen = []

    def walk(node, depth=0):
        seen.extend([node.name or "", node.description or ""])
        try:
            seen.append(node.text or "")
        except Exception:  # noqa: BLE001 - not every node has text
            pass
        if depth < 60:
            for child in node.children:
                walk(child, depth + 1)
    walk(app.node)
    assert not any(typed in t for t in seen), "the typed password is left after locking"


if __name__ == "__main__":
    try:
        status = run()
    finally:
        if "app" in state:
            state["app"].quit()
    sys.exit(status)
