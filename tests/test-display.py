#!/usr/bin/python3
# test-display.py
# SPDX-License-Identifier: GPL-3.0-or-later
#
# What a person typed is what the app shows, through AT-SPI in a real window:
# markup characters in every field are text, never markup; a plain entry
# shown after one leaves nothing of it behind; an empty password says so;
# the list is in natural order; a second entry of the same title is allowed
# with a warning.

import os
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from gui import App, clipboard, wait_for, write_settings  # noqa: E402
from tap import run, test  # noqa: E402

from dogtail.predicate import GenericPredicate  # noqa: E402

CLI = os.environ["VAULT_CLI"]
MASTER = "quartz meadow lantern"
WORK = tempfile.mkdtemp(prefix="vault-display-test-")
VAULT = os.path.join(WORK, "vault.json")
LOG = os.path.join(WORK, "app.log")

MARKUP = "<b>bold</b> & \"q\" 'a' &amp; <i"
TITLE = "Title " + MARKUP
USERNAME = "user " + MARKUP
URL = "https://example.com/?a=1&b=<2>&amp;"
TAGS = ["<u>tag</u>", "&amp; \"q\" 'a' <i"]
NOTES = "Notes " + MARKUP + "\nsecond line"
state = {}


def cli(*args, lines=(MASTER,)):
    proc = subprocess.run([CLI, "--vault", VAULT, *args], input="".join(l + "\n" for l in lines),
                          capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr
    return proc.stdout


def select(app, title):
    """Selects the listed entry of that title, as a screen reader does, and
    returns the details pane once it shows that title."""
    entries = app.find("Entries", "list")

    def item():
        for child in entries.children:
            labels = child.findChildren(GenericPredicate(roleName="label"))
            if labels and labels[0].name == title:
                return child
        return None
    wait_for(item, what=f"{title!r} in the list").select()
    return wait_for(lambda: details(app, title), what=f"the details of {title!r}")


def details(app, title):
    """The details pane: the nearest ancestor of the Username row that also
    holds the entry's title as a label."""
    node = app.find("Username", "list item")
    while node is not None and node != app.node:
        if node.findChild(GenericPredicate(name=title, roleName="label"), retry=False,
                          requireResult=False) is not None:
            return node
        node = node.parent
    return None


def shown(app, name, role, within=None):
    """GTK 4.8 leaves hidden widgets out of the accessibility tree."""
    return app.has(name, role, within=within)


def toast_shows(app, text):
    """A toast lasts 2 s: searched breadth first, near the window's top,
    before the lists and rows deep below."""
    def found():
        level = list(app.node.children)
        for _ in range(8):
            below = []
            for node in level:
                if node.roleName == "label" and node.name == text:
                    return True
                if node.roleName not in ("list", "list item", "scroll pane"):
                    below.extend(node.children)
            level = below
        return False
    return found


@test
def make_vault():
    write_settings(clipboard_clear_delay=30)
    cli("init")
    cli("add", TITLE, "--username", USERNAME, "--url", URL, "--tag", TAGS[0], "--tag", TAGS[1],
        "--notes", NOTES, lines=(MASTER, "markup-Pass-1"))
    cli("add", "Plain", "--username", "plainuser", "--url", "https://plain.example",
        lines=(MASTER, "plain-Pass-2"))
    cli("add", "No Password", "--username", "nobody", lines=(MASTER, ""))
    for title in ("item 10", "item 2", "Item 1"):
        cli("add", title, "--generate")


@test
def list_in_natural_order():
    app = state["app"] = App(VAULT, log=LOG)
    page = app.page("Vault Is Locked")
    app.type_into("Master password", MASTER, "password text", within=page)
    app.click("Unlock", within=page)
    app.find("Search entries", "entry")
    wait_for(lambda: len(app.list_titles()) == 6, what="six entries listed")
    assert app.list_titles() == ["Item 1", "item 2", "item 10", "No Password", "Plain", TITLE], \
        app.list_titles()


@test
def markup_characters_shown_as_typed():
    app = state["app"]
    pane = select(app, TITLE)
    assert app.detail("Username") == USERNAME, app.detail("Username")
    assert app.detail("Website") == URL, app.detail("Website")
    assert app.detail("Tags") == ", ".join(TAGS), app.detail("Tags")
    # The rows' visible labels, not only what they tell screen readers.
    for text in (TITLE, USERNAME, URL, ", ".join(TAGS)):
        assert app.has(text, "label", within=pane), f"{text!r} not shown as a label"
    # The notes, once shown.
    app.click("Show Notes")
    wait_for(lambda: shown(app, NOTES, "label", pane), what="the notes shown as typed")


@test
def toasts_name_the_entry_as_typed():
    app = state["app"]
    app.click("Copy Username")
    wait_for(lambda: clipboard() == USERNAME, what="the user name on the clipboard")
    wait_for(toast_shows(app, f"Username of “{TITLE}” copied"), what="the user name toast")
    app.click("Copy URL")
    wait_for(lambda: clipboard() == URL, what="the address on the clipboard")
    wait_for(toast_shows(app, f"Address of “{TITLE}” copied"), what="the address toast")
    app.click("Copy Password")
    wait_for(lambda: clipboard() == "markup-Pass-1", what="the password on the clipboard")
    wait_for(toast_shows(app, f"Password of “{TITLE}” copied. The clipboard will be cleared "
                              "in 30 seconds."), what="the password toast")


@test
def plain_entry_replaces_every_value():
    app = state["app"]
    pane = select(app, "Plain")
    assert app.detail("Username") == "plainuser"
    assert app.detail("Website") == "https://plain.example"
    labels = [n.name for n in app.find_all("label", pane)]
    for old in (TITLE, USERNAME, URL, ", ".join(TAGS)):
        assert old not in labels, f"{old!r} still shown: {labels}"
    # No tags, no notes: their rows are gone, not left with the old values.
    assert not shown(app, "Tags", "list item")
    assert not shown(app, NOTES, "label", pane)
    assert not any(MARKUP in (n.name or "") for n in app.find_all("label", pane)), labels


@test
def empty_password_says_so():
    app = state["app"]
    before = clipboard()
    pane = select(app, "No Password")
    wait_for(lambda: app.detail("Password") == "No password", what="“No password”")
    assert shown(app, "No password", "label", pane)
    assert not shown(app, "Show Password", None, pane)
    copy = app.find("Copy Password", "push button")
    assert not copy.sensitive, "Copy Password is offered for an empty password"
    assert clipboard() == before


@test
def duplicate_title_warns_but_saves():
    app = state["app"]
    app.click("Add Entry")
    dialog = wait_for(lambda: app.windows()[-1] if len(app.windows()) > 1 else None,
                      what="the entry dialog")
    app.find("Title", "text", within=dialog).text = TITLE
    warning = f"Another entry is already called “{TITLE}”. You can still save this one; " \
              "give it a different user name to tell them apart."
    wait_for(lambda: shown(app, warning, "label", dialog), what="the duplicate warning")
    app.find("Title", "text", within=dialog).text = "Unique title"
    wait_for(lambda: not shown(app, warning, "label", dialog),
             what="the warning gone for a new title")
    app.find("Title", "text", within=dialog).text = "Plain"
    plain_warning = "Another entry is already called “Plain”. You can still save this one; " \
                    "give it a different user name to tell them apart."
    wait_for(lambda: shown(app, plain_warning, "label", dialog), what="the warning for Plain")
    app.type_into("Username", "second", "text", within=dialog)
    app.click("Generate Password", within=dialog)
    save = app.find("Save", "push button", dialog)
    assert save.sensitive, "a duplicate title cannot be saved"
    save.doActionNamed("click")
    wait_for(lambda: app.list_titles().count("Plain") == 2, what="both entries called Plain")


@test
def deleted_toast_shows_title_as_typed():
    app = state["app"]
    select(app, TITLE)
    app.click("Delete")
    wait_for(toast_shows(app, f"“{TITLE}” deleted"), what="the deletion toast")
    wait_for(lambda: TITLE not in app.list_titles(), what="the entry gone from the list")


if __name__ == "__main__":
    try:
        status = run()
    finally:
        if "app" in state:
            state["app"].quit()
    sys.exit(status)
