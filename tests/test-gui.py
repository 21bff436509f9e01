#!/usr/bin/python3
# test-gui.py
# SPDX-License-Identifier: GPL-3.0-or-later
#
# The desktop app end to end, through AT-SPI in a real window under Xvfb, with
# the real GNOME Keyring: what a person does, and what they would check.

import os
import re
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from gui import CODE_RE, App, clipboard, keys, wait_for, write_settings  # noqa: E402
from tap import Skip, run, test  # noqa: E402

CLI = os.environ["VAULT_CLI"]
MASTER = "violet anchor tundra"
WORK = tempfile.mkdtemp(prefix="vault-gui-test-")
VAULT = os.path.join(WORK, "vault.json")
LOG = os.path.join(WORK, "app.log")
SECRETS = {"gh-Pass-4711", "bank-Pass-0815", MASTER, "wrong horse", "granite lantern orbit"}
state = {}


def cli(*args, lines=(MASTER,)):
    proc = subprocess.run([CLI, "--vault", VAULT, *args], input="".join(l + "\n" for l in lines),
                          capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr
    return proc.stdout


def add_entry(app, title, username, password=None, url="", notes=""):
    app.click("Add Entry")
    dialog_title = app.find("Title", "text")
    dialog = wait_for(lambda: next((w for w in app.windows() if app.has("Title", "text", w)),
                                   None), what="the entry dialog")
    dialog_title.text = title
    app.type_into("Username", username, "text", within=dialog)
    if password is None:
        app.click("Generate Password", within=dialog)
    else:
        app.type_into("Password", password, "text", within=dialog)
    if url:
        app.type_into("URL", url, "text", within=dialog)
    app.click("Save", within=dialog)
    wait_for(lambda: title in app.list_titles(), what=f"{title} in the list")


def select(app, query):
    app.type_into("Search entries", query, "entry")
    wait_for(lambda: len(app.list_titles()) == 1, what=f"one match for {query!r}")
    app.select_first()


def detail_shows(app, username):
    return lambda: app.detail("Username") == username


def unlock(app, password):
    page = app.page("Vault Is Locked")
    app.type_into("Master password", password, "password text", within=page)
    app.click("Unlock", within=page)


@test
def create_vault_and_see_emergency_kit():
    write_settings(clipboard_clear_delay=5)
    app = App(VAULT, log=LOG)
    page = app.page("Create Your Vault")
    # A very weak password cannot be used.
    app.type_into("Master password", "password", "password text", within=page)
    app.type_into("Confirm master password", "password", "password text", within=page)
    assert not app.find("Create Vault", "push button", page).sensitive
    assert app.has("Very weak. It is built on common words or names, which are guessed "
                   "first. Add more unusual words.", "label", page)

    app.type_into("Master password", MASTER, "password text", within=page)
    app.type_into("Confirm master password", MASTER, "password text", within=page)
    wait_for(lambda: app.find("Create Vault", "push button", page).sensitive)
    app.click("Create Vault", within=page)

    kit = app.page("Save Your Emergency Kit")
    code = wait_for(lambda: next((n for n in app.labels(kit) if CODE_RE.match(n)), None),
                    what="the Secret Key code")
    assert os.path.exists(VAULT)
    assert cli("secret-key").strip() == code
    app.click("Continue", within=kit)
    # An empty vault: one empty state, and nothing to search yet.
    app.page("No Entries")
    assert not app.has("Search entries", "entry")
    state["app"] = app


@test
def add_three_entries():
    app = state["app"]
    add_entry(app, "GitHub", "octo", "gh-Pass-4711", url="https://github.com")
    add_entry(app, "Bank", "kim", "bank-Pass-0815")
    add_entry(app, "Mail", "me@example.com")  # generated password
    assert app.list_titles() == ["Bank", "GitHub", "Mail"]
    generated = cli("show", "Mail").strip()
    assert len(generated) == 20, generated


@test
def find_by_typing_part_of_name():
    app = state["app"]
    # Real key presses: Ctrl+F, then typing, then Enter for the first match.
    keys("key", "ctrl+f")
    keys("type", "--delay", "60", "xyz")
    wait_for(lambda: app.list_titles() == [], what="an empty list")
    assert app.has("No Results Found", "panel")
    keys("key", "ctrl+a", "BackSpace")
    keys("type", "--delay", "60", "hub")
    wait_for(lambda: app.list_titles() == ["GitHub"], what="only GitHub listed")
    keys("key", "Return")
    wait_for(detail_shows(app, "octo"), what="GitHub's details")
    assert app.detail("Website") == "https://github.com"


@test
def copy_password_marks_secret_and_clears():
    app = state["app"]
    app.click("Copy Password")
    wait_for(lambda: clipboard() == "gh-Pass-4711", what="the password on the clipboard")
    # Offered for clipboard managers. GTK 4.8 advertises the hint but cannot
    # serve its content: gdk_intern_mime_type() refuses a type without "/".
    targets = clipboard("TARGETS")
    assert "x-kde-passwordManagerHint" in targets.split(), targets
    assert app.has("Password of “GitHub” copied. The clipboard will be cleared in 5 seconds.",
                   "label")
    # Cleared once the delay (5 s in this test's settings) has passed.
    wait_for(lambda: clipboard() in (None, ""), timeout=15, what="the clipboard to clear")


@test
def lock_then_wrong_password_then_unlock():
    app = state["app"]
    app.click("Lock")
    page = app.page("Vault Is Locked")
    wait_for(lambda: not app.has("Search entries", "entry"), what="the list window to close")
    unlock(app, "wrong horse")
    app.find("Wrong master password. Try again.", "label", page)
    assert not app.has("Search entries", "entry")
    unlock(app, MASTER)
    app.find("Search entries", "entry")
    assert app.list_titles() == ["Bank", "GitHub", "Mail"]


@test
def edit_an_entry():
    app = state["app"]
    select(app, "bank")
    wait_for(detail_shows(app, "kim"), what="Bank's details")
    app.click("Edit")
    app.find("Edit Entry", "label")
    app.type_into("Username", "kim.new", "text", within=app.windows()[-1])
    app.click("Save", within=app.windows()[-1])
    wait_for(detail_shows(app, "kim.new"), what="the new username")


@test
def delete_an_entry_with_undo_offered():
    app = state["app"]
    app.type_into("Search entries", "", "entry")
    select(app, "mail")
    wait_for(detail_shows(app, "me@example.com"), what="Mail's details")
    app.click("Delete")
    app.find("“Mail” deleted", "label")
    app.type_into("Search entries", "", "entry")
    wait_for(lambda: app.list_titles() == ["Bank", "GitHub"], what="Mail gone")


@test
def changes_survive_quitting_and_cli_sees_them():
    app = state.pop("app")
    # Closing the list locks and quits.
    app.click("Close", within=app.find("Delete", "push button").parent)
    assert app.wait_exit() == 0
    app = App(VAULT, log=LOG)
    unlock(app, MASTER)
    app.find("Search entries", "entry")
    assert app.list_titles() == ["Bank", "GitHub"]
    assert cli("list").splitlines() == ["Bank", "GitHub"]
    fields = dict(l.split(": ", 1) for l in cli("show", "Bank", "--all").splitlines())
    assert fields["username"] == "kim.new"
    assert fields["password"] == "bank-Pass-0815"
    state["app"] = app


@test
def screen_lock_locks():
    app = state["app"]
    subprocess.run(["gdbus", "emit", "--session", "--object-path", "/org/gnome/ScreenSaver",
                    "--signal", "org.gnome.ScreenSaver.ActiveChanged", "true"],
                   check=True, capture_output=True)
    app.page("Vault Is Locked")
    wait_for(lambda: not app.has("Search entries", "entry"), what="the list to close")
    app.quit()


@test
def idle_time_locks():
    write_settings(clipboard_clear_delay=5, auto_lock_delay=5)
    app = App(VAULT, log=LOG)
    unlock(app, MASTER)
    app.find("Search entries", "entry")
    wait_for(lambda: not app.has("Search entries", "entry"), timeout=20,
             what="locking after 5 s without use")
    app.page("Vault Is Locked")
    app.quit()
    write_settings(clipboard_clear_delay=5)


@test
def missing_secret_key_restored_from_emergency_kit():
    code = cli("secret-key").strip()
    vault_id = __import__("json").load(open(VAULT, encoding="utf-8"))["header"]["vault_id"]
    subprocess.run(["secret-tool", "clear", "vault-id", vault_id], check=True)
    app = App(VAULT, log=LOG)
    unlock(app, MASTER)
    page = app.page("Enter Your Secret Key")
    typo = code[:5] + ("A" if code[5] != "A" else "B") + code[6:]
    app.type_into("Secret Key", typo, "text", within=page)
    app.find("The code has a typing mistake. Check each group against your Emergency Kit.",
             "label", page)
    assert not app.find("Restore", "push button", page).sensitive
    app.type_into("Secret Key", code.lower(), "text", within=page)
    app.find("The code is complete and correct.", "label", page)
    wait_for(lambda: app.find("Restore", "push button", page).sensitive)
    app.click("Restore", within=page)
    app.find("Search entries", "entry")
    assert app.list_titles() == ["Bank", "GitHub"]
    app.quit()


def press_response(app, dialog, text):
    """A dialog's response button, by the words on it (GTK 4.8 keeps the
    mnemonic underscore in its accessible name)."""
    def button():
        for b in app.find_all("push button", dialog):
            if b.name.replace("_", "").split(" ")[0] == text and b.sensitive:
                return b
        return None
    wait_for(button, what=f"the {text} button").doActionNamed("click")


def open_change_dialog(app):
    app.click("Change Master Password")
    return wait_for(lambda: next((w for w in app.windows()
                                  if app.has("Current master password", "text", w)),
                                 None), what="the dialog")


@test
def change_master_password_in_preferences():
    app = App(VAULT, log=LOG)
    unlock(app, MASTER)
    app.find("Search entries", "entry")
    keys("key", "ctrl+comma")
    dialog = open_change_dialog(app)
    # Its Change button (a label or a spinner inside) has a name of its own.
    assert not app.find("Change", "push button", dialog).sensitive
    app.type_into("Current master password", "wrong horse", "text", within=dialog)
    app.type_into("New master password", "granite lantern orbit", "text", within=dialog)
    app.type_into("Confirm new master password", "granite lantern orbit", "text",
                  within=dialog)
    # Enter submits. A wrong current password changes nothing, and says so
    # under that field, with the dialog still open.
    keys("key", "Return")
    app.find("The current master password is not right.", "label", within=dialog)
    assert dialog in app.windows()
    assert cli("list") == "Bank\nGitHub\n"

    # The wrong password is selected: typing replaces it.
    keys("type", "--delay", "30", MASTER)
    keys("key", "Return")
    app.find("Master password changed", "label")
    wait_for(lambda: dialog not in app.windows(), what="the dialog closed")
    assert cli("list", lines=["granite lantern orbit"]).splitlines() == ["Bank", "GitHub"]
    cli("passwd", lines=["granite lantern orbit", MASTER])

    # Closing Preferences after the dialog prints no GTK critical (the app
    # runs with G_DEBUG=fatal-criticals: it would abort).
    dialog = open_change_dialog(app)
    keys("key", "Escape")
    wait_for(lambda: dialog not in app.windows(), what="the dialog closed by Escape")
    keys("key", "Escape")
    wait_for(lambda: len(app.windows()) == 1, what="Preferences closed")
    time.sleep(1)
    assert app.proc.poll() is None, "the app died closing Preferences"
    app.quit()


PROVIDER = ("com.example.Vault", "/com/example/Vault/SearchProvider",
            "org.gnome.Shell.SearchProvider2")


class Shell:
    """Asks the search provider as GNOME Shell does: from a connection of its
    own that owns org.gnome.Shell on the session bus."""

    def __init__(self):
        from gi.repository import Gio, GLib
        self.GLib = GLib
        address = Gio.dbus_address_get_for_bus_sync(Gio.BusType.SESSION, None)
        self.bus = Gio.DBusConnection.new_for_address_sync(
            address, Gio.DBusConnectionFlags.AUTHENTICATION_CLIENT
            | Gio.DBusConnectionFlags.MESSAGE_BUS_CONNECTION, None, None)
        self.owns = False
        self.claim()

    def _bus_call(self, method, args, reply):
        return self.bus.call_sync("org.freedesktop.DBus", "/org/freedesktop/DBus",
                                  "org.freedesktop.DBus", method, args,
                                  self.GLib.VariantType(reply), 0, 10000, None).unpack()

    def claim(self):
        # 4: DO_NOT_QUEUE; 1: the primary owner now.
        result = self._bus_call("RequestName", self.GLib.Variant("(su)", ("org.gnome.Shell", 4)),
                                "(u)")
        assert result == (1,), f"could not own org.gnome.Shell: {result}"
        self.owns = True

    def release(self):
        self._bus_call("ReleaseName", self.GLib.Variant("(s)", ("org.gnome.Shell",)), "(u)")
        self.owns = False

    def close(self):
        self.bus.close_sync(None)

    def call(self, method, signature, *args):
        """The method's reply, unpacked, or the D-Bus error's name."""
        try:
            reply = self.bus.call_sync(*PROVIDER, method, self.GLib.Variant(signature, args),
                                       None, 0, 30000, None)
        except self.GLib.Error as error:
            from gi.repository import Gio
            return Gio.DBusError.get_remote_error(error)
        return reply.unpack()[0] if reply.n_children() else None


def other_program(method, *args):
    """The same call from any other program on the bus, through gdbus."""
    proc = subprocess.run(["gdbus", "call", "--session", "--dest", PROVIDER[0],
                           "--object-path", PROVIDER[1], "--method",
                           f"{PROVIDER[2]}.{method}", *args],
                          capture_output=True, text=True, timeout=30)
    return proc.returncode, proc.stdout + proc.stderr


def refused(method, *args):
    code, output = other_program(method, *args)
    assert code != 0 and "org.freedesktop.DBus.Error.AccessDenied" in output, output
    return output


def set_clipboard(text):
    # xclip stays in the background to serve the selection until another
    # program takes it; it must not hold our pipes open.
    subprocess.run(["xclip", "-i", "-selection", "clipboard"], input=text.encode(),
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True, timeout=10)
    wait_for(lambda: clipboard() == text, what="our own text on the clipboard")


@test
def shell_search_provider():
    shell = Shell()
    app = App(VAULT, log=LOG)
    try:
        app.page("Vault Is Locked")
        # Locked: one result that says so, and not even a title.
        assert shell.call("GetInitialResultSet", "(as)", ["git"]) == ["locked"]
        metas = str(shell.call("GetResultMetas", "(as)", ["locked"]))
        assert "Vault is locked" in metas and "GitHub" not in metas, metas

        unlock(app, MASTER)
        app.find("Search entries", "entry")
        ids = shell.call("GetInitialResultSet", "(as)", ["git"])
        assert len(ids) == 1 and re.match(r"^[0-9a-f-]{36}$", ids[0]), ids
        assert len(shell.call("GetInitialResultSet", "(as)", ["KIM", "bank"])) == 1
        assert shell.call("GetInitialResultSet", "(as)", ["kim", "git"]) == []
        assert shell.call("GetSubsearchResultSet", "(asas)", ids, ["github"]) == ids

        metas = shell.call("GetResultMetas", "(as)", ids)
        assert len(metas) == 1 and metas[0]["name"] == "GitHub", metas
        assert metas[0]["description"] == "octo — github.com", metas
        for secret in SECRETS:
            assert secret not in str(metas)

        # Any other program is refused every method, and learns nothing.
        set_clipboard("not a password")
        for method, args in (("GetInitialResultSet", ["['git']"]),
                             ("GetSubsearchResultSet", [str(ids), "['github']"]),
                             ("GetResultMetas", [str(ids)]),
                             ("ActivateResult", [ids[0], "['git']", "0"]),
                             ("LaunchSearch", ["['bank']", "0"])):
            output = refused(method, *args)
            assert "GitHub" not in output and "octo" not in output, output
        time.sleep(1)
        assert clipboard() == "not a password", "a refused ActivateResult copied something"
        assert app.list_titles() == ["Bank", "GitHub"], "a refused LaunchSearch searched"

        # Once the Shell lets go of its name, even its old connection is refused;
        # whoever owns the name next is answered.
        shell.release()
        assert shell.call("GetInitialResultSet", "(as)", ["git"]) == \
            "org.freedesktop.DBus.Error.AccessDenied"
        new_shell = Shell()
        assert new_shell.call("GetInitialResultSet", "(as)", ["git"]) == ids
        new_shell.close()
        shell.claim()

        shell.call("ActivateResult", "(sasu)", ids[0], ["git"], 0)
        wait_for(lambda: clipboard() == "gh-Pass-4711", what="the password copied from the Shell")

        shell.call("LaunchSearch", "(asu)", ["bank"], 0)
        wait_for(lambda: app.list_titles() == ["Bank"], what="the window searching for bank")

        app.click("Lock")
        app.page("Vault Is Locked")
        assert shell.call("GetInitialResultSet", "(as)", ["git"]) == ["locked"]
        metas = str(shell.call("GetResultMetas", "(as)", ids))
        assert "GitHub" not in metas and "octo" not in metas, metas
        shell.call("ActivateResult", "(sasu)", "locked", ["git"], 0)
        app.page("Vault Is Locked")
    finally:
        app.quit()
        shell.close()


@test
def search_provider_turned_off_in_preferences():
    shell = Shell()
    app = App(VAULT, log=LOG)
    try:
        unlock(app, MASTER)
        app.find("Search entries", "entry")
        ids = shell.call("GetInitialResultSet", "(as)", ["git"])
        assert len(ids) == 1, ids

        keys("key", "ctrl+comma")
        # GTK 4.8 shows a GtkSwitch on AT-SPI as a check box that toggles.
        switch = app.find("Search in Activities", "check box")
        assert switch.checked
        switch.doActionNamed("toggle")
        wait_for(lambda: not app.find("Search in Activities", "check box").checked,
                 what="the switch turned off")
        # Off: even the Shell gets nothing, locked or not, and nothing is copied.
        assert shell.call("GetInitialResultSet", "(as)", ["git"]) == []
        assert shell.call("GetSubsearchResultSet", "(asas)", ids, ["github"]) == []
        assert shell.call("GetResultMetas", "(as)", ids) == []
        set_clipboard("still mine")
        shell.call("ActivateResult", "(sasu)", ids[0], ["git"], 0)
        time.sleep(1)
        assert clipboard() == "still mine"
        app.quit()

        # The setting is kept: after a restart the provider stays quiet, even locked.
        app = App(VAULT, log=LOG)
        app.page("Vault Is Locked")
        assert shell.call("GetInitialResultSet", "(as)", ["git"]) == []
    finally:
        app.quit()
        shell.close()
        write_settings(clipboard_clear_delay=5)


@test
def runs_in_korean():
    locales = subprocess.run(["locale", "-a"], capture_output=True, text=True).stdout.lower()
    if "ko_kr.utf8" not in locales.split():
        raise Skip("no ko_KR.UTF-8 locale here")
    app = App(VAULT, log=LOG, extra_env={"LANG": "ko_KR.UTF-8", "LANGUAGE": "ko",
                                         "VAULT_LOCALEDIR": os.environ["VAULT_LOCALEDIR"]})
    page = app.page("보관함이 잠겨 있습니다")
    app.find("마스터 비밀번호", "password text", page)
    app.find("잠금 해제", "push button", page)
    app.quit()


@test
def no_secret_in_logs_or_settings():
    with open(LOG, "rb") as f:
        log = f.read().decode(errors="replace")
    settings = open(os.path.join(os.environ["XDG_CONFIG_HOME"], "glib-2.0", "settings",
                                 "keyfile"), encoding="utf-8").read()
    for secret in SECRETS:
        assert secret not in log, f"{secret!r} in the app's output"
        assert secret not in settings, f"{secret!r} in GSettings"
    assert not re.search(r"K1(-[0-9A-Z]{6}){9}", log)


if __name__ == "__main__":
    try:
        status = run()
    finally:
        if "app" in state:
            state["app"].quit()
    sys.exit(status)
