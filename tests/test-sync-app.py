#!/usr/bin/python3
# test-sync-app.py
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Another device's changes reaching the unlocked app, as a sync tool brings
# them: the vault file replaced by a rename with a version vault-cli made on
# a copy (an entry added, one edited, one deleted) shows in the list within
# seconds, the selection and the search staying; a Syncthing conflict copy
# dropped beside the vault is merged, saved and put away, and one of
# another vault is left alone with one message; an entry dialog open while
# the file changes keeps what the person typed; an edit saved just as the
# file changed keeps both changes; locked, nothing is merged until the next
# unlock; a master password changed there is told, and unlocks here next
# time. What was saved is read back with vault-cli, through AT-SPI and real
# key presses under Xvfb.

import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time

import pyatspi
from dogtail.predicate import GenericPredicate

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from gui import App, click, clipboard, keys, wait_for  # noqa: E402
from tap import run, test  # noqa: E402

CLI = os.environ["VAULT_CLI"]
MASTER = "copper willow ferry"
NEW_MASTER = "lantern orchard basalt"
WORK = tempfile.mkdtemp(prefix="vault-app-sync-test-")
VAULT = os.path.join(WORK, "vault.json")
ELSEWHERE = tempfile.mkdtemp(prefix="vault-app-sync-test-other-")
OTHER = os.path.join(ELSEWHERE, "other-device")
LOG = os.path.join(ELSEWHERE, "app.log")
STATE_HOME = os.environ.get("XDG_STATE_HOME") or os.path.join(os.environ["HOME"], ".local",
                                                               "state")
MERGED = os.path.join(STATE_HOME, "com.example.Vault", "merged")
state = {}


def cli(*args, vault=VAULT, lines=(MASTER,), check=True):
    proc = subprocess.run([CLI, "--vault", vault, *args],
                          input="".join(line + "\n" for line in lines),
                          capture_output=True, text=True, timeout=60)
    if check:
        assert proc.returncode == 0, proc.stderr
    return proc.stdout


def fields_of(title, vault=VAULT):
    fields = {}
    for line in cli("show", title, "--all", vault=vault).splitlines():
        name, sep, value = line.partition(": ")
        if sep and name not in fields:
            fields[name] = value
    return fields


def other_device():
    """A copy of the vault, as another device has it: vault-cli changes it
    there (in a folder of its own, so it merges nothing of ours)."""
    shutil.rmtree(OTHER, ignore_errors=True)
    os.makedirs(OTHER)
    path = os.path.join(OTHER, "vault.json")
    shutil.copy2(VAULT, path)
    return path


def arrive(path, name="vault.json"):
    """The sync tool puts the other device's version in place by a rename,
    from a temporary file in the same folder."""
    temporary = os.path.join(WORK, f".syncthing.{name}.tmp")
    shutil.copy2(path, temporary)
    os.rename(temporary, os.path.join(WORK, name))
    print(f"# {name} arrived at {time.strftime('%H:%M:%S')}.{int(time.time() * 1000) % 1000:03d}")
    return time.monotonic()


def entries_list(app):
    return app.find("Entries", "list")


def item_titled(app, title):
    for item in entries_list(app).children:
        labels = item.findChildren(GenericPredicate(roleName="label"))
        if labels and labels[0].name == title:
            return item
    return None


def is_selected(item):
    return item is not None and item.getState().contains(pyatspi.STATE_SELECTED)


def search_text(app):
    """What the search field holds, as a person copies it (GTK 4.8 does not
    give an entry's text to AT-SPI)."""
    click(app.find("Search entries", "entry"), focus=True)
    keys("key", "ctrl+a", "ctrl+c")
    return wait_for(clipboard, what="the copied search")


def window_with(app, name, role):
    return wait_for(lambda: next((w for w in app.windows() if app.has(name, role, w)), None),
                    what=f"a window with {name!r}")


def shown(node):
    wait_for(lambda: node.queryComponent().getExtents(pyatspi.WINDOW_COORDS)[2] > 0,
             what=f"{node.name!r} on screen")
    return node


def in_folder():
    """The vault's folder as a file manager shows it."""
    return sorted(n for n in os.listdir(WORK) if not n.startswith("."))


@test
def set_up():
    cli("init")
    for title, user in (("Alpha Mail", "alpha"), ("Alpha Bank", "banker"),
                        ("Alpha Forum", "poster"), ("Beta Shop", "buyer")):
        cli("add", title, "--username", user, lines=(MASTER, f"{user}-Pass-1"))
    app = state["app"] = App(VAULT, log=LOG, extra_env={"G_MESSAGES_DEBUG": "all"})
    page = app.page("Vault Is Locked")
    app.type_into("Master password", MASTER, "password text", within=page)
    app.click("Unlock", within=page)
    app.find("Search entries", "entry")


@test
def file_replaced_by_rename_updates_the_list_in_place():
    app = state["app"]
    app.type_into("Search entries", "alpha", "entry")
    wait_for(lambda: app.list_titles() == ["Alpha Bank", "Alpha Forum", "Alpha Mail"],
             what="the search results")
    item_titled(app, "Alpha Bank").select()
    wait_for(lambda: app.detail("Username") == "banker", what="Alpha Bank's details")

    copy = other_device()
    cli("add", "Alpha News", "--username", "reporter", vault=copy, lines=(MASTER, "news-Pass"))
    cli("update", "Alpha Bank", "--username", "new-banker", vault=copy,
        lines=(MASTER, "bank-Pass-2"))
    cli("delete", "Alpha Forum", vault=copy)
    arrived = arrive(copy)

    app.find("Updated from another device", "label", timeout=10)
    wait_for(lambda: app.list_titles() == ["Alpha Bank", "Alpha Mail", "Alpha News"],
             timeout=5, what=f"the merged list (shows {app.list_titles()})")
    print(f"# list updated {time.monotonic() - arrived:.1f} s after the rename")
    # The selection and the search stay; the details show the new values.
    assert is_selected(item_titled(app, "Alpha Bank")), "the selection was lost"
    wait_for(lambda: app.detail("Username") == "new-banker", what="the details updated")
    assert "Beta Shop" not in app.list_titles()
    assert search_text(app) == "alpha"
    # vault-cli reads the same.
    assert cli("list").split("\n")[:-1] == ["Alpha Bank", "Alpha Mail", "Alpha News",
                                            "Beta Shop"]


@test
def conflict_copy_is_merged_saved_and_put_away():
    app = state["app"]
    copy = other_device()
    cli("add", "Alpha Cloud", "--username", "cloudy", vault=copy, lines=(MASTER, "cloud-Pass"))
    cli("add", "Alpha Radio", "--username", "dj", vault=copy, lines=(MASTER, "radio-Pass"))
    name = "vault.sync-conflict-20261123-101500-ABCDEF1.json"
    arrive(copy, name)

    app.find("Merged 2 entries from another device", "label", timeout=15)
    wait_for(lambda: "Alpha Radio" in app.list_titles(), what="the merged entries listed")
    assert app.list_titles() == ["Alpha Bank", "Alpha Cloud", "Alpha Mail", "Alpha News",
                                 "Alpha Radio"]
    wait_for(lambda: name not in in_folder(), what="the conflict copy put away")
    assert not any("conflict" in n for n in in_folder()), in_folder()
    assert any(n.endswith(name) for n in os.listdir(MERGED)), os.listdir(MERGED)
    # Saved: vault-cli (which finds no conflict copy to merge) lists them.
    assert fields_of("Alpha Radio")["username"] == "dj"
    assert "Alpha Cloud" in cli("list").splitlines()


@test
def conflict_copy_of_another_vault_is_left_alone():
    app = state["app"]
    stranger = os.path.join(ELSEWHERE, "stranger", "vault.json")
    os.makedirs(os.path.dirname(stranger))
    cli("init", vault=stranger)
    cli("add", "Stranger", vault=stranger, lines=(MASTER, "stranger-Pass"))
    name = "vault.sync-conflict-20261123-102000-XYZ0000.json"
    before = app.list_titles()
    arrive(stranger, name)

    toast = "Could not merge a copy"
    app.find(toast, "label", timeout=15)
    # One message, and the copy where it was; nothing changed in the vault.
    time.sleep(2)
    toasts = app.node.findChildren(GenericPredicate(name=toast, roleName="label"))
    assert len(toasts) == 1, f"{len(toasts)} messages"
    assert name in in_folder()
    assert app.list_titles() == before
    # Its details say why.
    details = [b for b in app.find_all("push button")
               if b.name == "Details" or b.name.startswith("_Details ")]
    shown(details[0]).doActionNamed("click")
    dialog = window_with(app, "Could Not Merge a Copy", "label")
    said = " ".join(app.labels(dialog))
    assert "another vault" in said and name in said, said
    close = wait_for(lambda: next((n.parent for n in app.find_all("label", dialog)
                                   if n.name == "Close"), None), what="the Close button")
    shown(close).doActionNamed("click")
    wait_for(lambda: dialog not in app.windows(), what="the dialog to close")
    os.unlink(os.path.join(WORK, name))


@test
def entry_dialog_keeps_what_the_person_typed():
    app = state["app"]
    item_titled(app, "Alpha Mail").select()
    wait_for(lambda: app.detail("Username") == "alpha", what="Alpha Mail's details")
    app.click("Edit")
    dialog = window_with(app, "Edit Entry", "label")
    app.type_into("Username", "typed-here", "text", within=dialog)

    copy = other_device()
    cli("update", "Alpha Mail", "--url", "https://mail.example/", vault=copy,
        lines=(MASTER, "alpha-Pass-1"))
    cli("add", "Alpha Maps", vault=copy, lines=(MASTER, "maps-Pass"))
    arrive(copy)
    app.find("Updated from another device", "label", timeout=10)
    wait_for(lambda: "Alpha Maps" in app.list_titles(), what="the merged entry listed")
    # The dialog is still open with the person's change: Save saves it.
    assert dialog in app.windows()
    save = next(b for b in app.find_all("push button", dialog) if b.name == "Save")
    shown(save).doActionNamed("click")
    wait_for(lambda: dialog not in app.windows(), what="the dialog to close")
    wait_for(lambda: fields_of("Alpha Mail").get("username") == "typed-here",
             what="the edit saved")
    # Both: the person's user name, the other device's address and entry.
    fields = fields_of("Alpha Mail")
    assert fields["url"] == "https://mail.example/", fields
    assert "Alpha Maps" in cli("list").splitlines()


@test
def edit_saved_as_the_file_changes_keeps_both():
    app = state["app"]
    item_titled(app, "Alpha News").select()
    wait_for(lambda: app.detail("Username") == "reporter", what="Alpha News' details")
    app.click("Edit")
    dialog = window_with(app, "Edit Entry", "label")
    # No window manager gives the dialog the keyboard under Xvfb: a person
    # would click on it. The focus starts in Title; Username is next.
    keys("search", "--sync", "--onlyvisible", "--name", "^Edit Entry$", "windowfocus", "--sync")
    keys("key", "Tab", "ctrl+a")
    keys("type", "--delay", "20", "editor")
    save = next(b for b in app.find_all("push button", dialog) if b.name == "Save")
    wait_for(lambda: save.sensitive, what="Save enabled by the change")

    copy = other_device()
    cli("update", "Alpha Cloud", "--username", "cloud-changed", vault=copy,
        lines=(MASTER, "cloud-Pass-2"))
    # Enter (Save) pressed the moment the file changed, before the app could
    # notice (it is held still meanwhile): the save meets a version it has
    # not merged.
    os.kill(app.proc.pid, signal.SIGSTOP)
    try:
        arrive(copy)
        keys("key", "Return")
    finally:
        os.kill(app.proc.pid, signal.SIGCONT)
    wait_for(lambda: dialog not in app.windows(), what="the dialog to close")
    wait_for(lambda: fields_of("Alpha News").get("username") == "editor", timeout=20,
             what="the edit saved")
    assert fields_of("Alpha Cloud")["username"] == "cloud-changed"
    wait_for(lambda: app.detail("Username") == "editor", what="the details")
    assert not app.has("Not Saved: Save Again", "push button")
    assert not app.has("The Vault Was Changed by Another Program", "label")
    with open(LOG, encoding="utf-8", errors="replace") as f:
        assert "Save refused" in f.read(), "the save did not meet the changed file"


@test
def locked_app_merges_nothing_until_unlocked():
    app = state["app"]
    app.click("Lock")
    page = app.page("Vault Is Locked")
    copy = other_device()
    cli("add", "Alpha Late", vault=copy, lines=(MASTER, "late-Pass"))
    name = "vault.sync-conflict-20261123-103000-LATE000.json"
    arrive(copy, name)
    time.sleep(2)
    assert name in in_folder(), "merged while locked"
    app.type_into("Master password", MASTER, "password text", within=page)
    app.click("Unlock", within=page)
    app.find("Merged 1 entry from another device", "label", timeout=15)
    wait_for(lambda: name not in in_folder(), what="the copy put away")
    assert "Alpha Late" in cli("list").splitlines()


@test
def master_password_changed_on_another_device():
    app = state["app"]
    copy = other_device()
    cli("passwd", vault=copy, lines=(MASTER, NEW_MASTER))
    arrive(copy)
    app.find("The master password was changed on another device", "label", timeout=15)
    # The next unlock takes the new one, and the entries are all there.
    app.click("Lock")
    page = app.page("Vault Is Locked")
    app.type_into("Master password", NEW_MASTER, "password text", within=page)
    app.click("Unlock", within=page)
    app.find("Search entries", "entry")
    wait_for(lambda: "Alpha Late" in app.list_titles(), what="the entries listed")
    assert "Alpha Late" in cli("list", lines=(NEW_MASTER,)).splitlines()


@test
def tear_down():
    state["app"].quit()
    shutil.rmtree(WORK, ignore_errors=True)
    shutil.rmtree(OTHER, ignore_errors=True)
    shutil.rmtree(os.path.join(ELSEWHERE, "stranger"), ignore_errors=True)
    print(f"# the app's log: {LOG}")


sys.exit(run())
