# gui.py
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Helpers to drive Vault's real windows through AT-SPI, as a person (or a
# screen reader) would: find controls by their accessible names, click,
# type, read what is shown.

import atexit
import gettext
import os
import re
import signal
import subprocess
import time

os.environ.setdefault("GTK_A11Y", "atspi")
# Only there to satisfy dogtail's start-up check on GTK 4.
os.environ.setdefault("GTK_MODULES", "gail:atk-bridge")

from dogtail import config  # noqa: E402

config.config.searchCutoffCount = 3
config.config.searchBackoffDuration = 0.3
config.config.defaultDelay = 0.1
config.config.actionDelay = 0.1
config.config.logDebugToFile = False
config.config.logDebugToStdOut = False

from dogtail.predicate import GenericPredicate  # noqa: E402
from dogtail.tree import root  # noqa: E402

APP = os.environ.get("VAULT_APP")
BUILD_DATA = os.environ.get("VAULT_SCHEMA_DIR")


def _tr():
    """Accessible names are translated too: look them up as the app does."""
    language = os.environ.get("LANGUAGE")
    if not language:
        return lambda text: text
    localedir = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "_install",
                             "share", "locale")
    return gettext.translation("vault", localedir, languages=[language]).gettext


_ = _tr()


def settings_keyfile():
    return os.path.join(os.environ["XDG_CONFIG_HOME"], "glib-2.0", "settings", "keyfile")


def write_settings(**values):
    """Sets Vault's GSettings keys for the next start, in the keyfile backend."""
    path = settings_keyfile()
    os.makedirs(os.path.dirname(path), exist_ok=True)
    lines = ["[com/example/Vault]"]
    for key, value in values.items():
        # Numbers are the schema's uint32s; a string is a GVariant's text.
        text = value if isinstance(value, str) else f"uint32 {value}"
        lines.append(f"{key.replace('_', '-')}={text}")
    with open(path, "w", encoding="utf-8") as f:
        f.write("\n".join(lines) + "\n")


def wait_for(condition, timeout=30, what="condition"):
    deadline = time.monotonic() + timeout
    last_error = None
    while time.monotonic() < deadline:
        try:
            value = condition()
            if value:
                return value
        except Exception as error:  # noqa: BLE001 - the tree changes under us
            last_error = error
        time.sleep(0.2)
    raise AssertionError(f"timed out waiting for {what} ({last_error})")


class App:
    """One run of the vault binary."""

    running = []

    def __init__(self, vault, extra_env=None, log=None):
        # A test that failed left its app running: the new one would only
        # activate it (GApplication is unique on the session bus).
        for earlier in App.running:
            earlier.quit()
        App.running = [self]
        env = dict(os.environ, GSETTINGS_SCHEMA_DIR=BUILD_DATA, GSETTINGS_BACKEND="keyfile")
        env.update(extra_env or {})
        self.log_path = log
        out = open(log, "ab") if log else subprocess.DEVNULL
        self.proc = subprocess.Popen([APP, "--vault", vault], env=env, stdout=out, stderr=out)
        # A failed test must not leave its app running: the next test's app
        # would only activate it (GApplication is unique on the session bus).
        atexit.register(self.quit)
        self.node = wait_for(lambda: self._find_app(), what="the app on the accessibility bus")

    def _find_app(self):
        for child in root.children:
            try:
                if child.name == "vault" and child.get_process_id() == self.proc.pid:
                    return child
            except Exception:  # noqa: BLE001
                continue
        return None

    def windows(self):
        return list(self.node.children)

    def find(self, name, role=None, within=None, timeout=20):
        """The first node of that accessible name (and role), waiting for it."""
        base = within or self.node
        pred = GenericPredicate(name=name, roleName=role)
        return wait_for(lambda: base.findChild(pred, retry=False, requireResult=False),
                        timeout, f"{role or 'node'} {name!r}")

    def find_all(self, role, within=None):
        base = within or self.node
        return base.findChildren(GenericPredicate(roleName=role))

    def has(self, name, role=None, within=None):
        base = within or self.node
        return base.findChild(GenericPredicate(name=name, roleName=role), retry=False,
                              requireResult=False) is not None

    def page(self, title):
        """A status page (unlock, create, restore…) by its title."""
        return self.find(title, "panel")

    def click(self, name, within=None):
        self.find(name, "push button", within).doActionNamed("click")

    def type_into(self, name, text, role=None, within=None):
        node = self.find(name, role, within)
        node.text = text
        return node

    def select_first(self):
        """Selects the first listed entry, as a screen reader does (AT-SPI Selection)."""
        wait_for(lambda: self.find(_("Entries"), "list").children, what="a listed entry")
        self.find(_("Entries"), "list").children[0].select()

    def detail(self, row):
        """What the details pane shows for a row (Username, Website, Tags…)."""
        return self.find(row, "list item").description

    def labels(self, within):
        return [n.name for n in self.find_all("label", within)]

    def list_titles(self):
        """The titles the entry list shows, top to bottom."""
        entries = self.find(_("Entries"), "list")
        titles = []
        for item in entries.children:
            names = [n.name for n in item.findChildren(GenericPredicate(roleName="label"))]
            if names:
                titles.append(names[0])
        return titles

    def wait_exit(self, timeout=20):
        return self.proc.wait(timeout)

    def quit(self):
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()


def keys(*args):
    """Real key presses, through the X server, to the focused window."""
    subprocess.run(["xdotool", *args], check=True, timeout=30)


def click(node, focus=False):
    """A real pointer click in the middle of a node of the focused window,
    scrolling it into view with the wheel first. GTK 4.8 gives a node's place
    only within its window (and cannot grab the focus over AT-SPI), so add the
    window's place on the screen. With focus, waits until the node has the
    keyboard focus, for typing into it."""
    import pyatspi

    geometry = subprocess.run(["xdotool", "getwindowfocus", "getwindowgeometry", "--shell"],
                              capture_output=True, text=True, check=True, timeout=30).stdout
    window = {k: int(v) for k, v in (line.split("=", 1) for line in geometry.split())}
    for _ in range(30):
        x, y, width, height = node.queryComponent().getExtents(pyatspi.WINDOW_COORDS)
        if y < 0 or y + height > window["HEIGHT"]:
            keys("mousemove", str(window["X"] + window["WIDTH"] // 2),
                 str(window["Y"] + window["HEIGHT"] // 2), "click", "4" if y < 0 else "5")
            time.sleep(0.2)
            continue
        keys("mousemove", str(window["X"] + x + width // 2),
             str(window["Y"] + y + height // 2), "click", "1")
        if focus:
            wait_for(lambda: node.focused, timeout=10, what=f"the focus in {node.name!r}")
        return
    raise AssertionError(f"could not scroll {node.name!r} into view")


def clipboard(target=None):
    """What another program gets when it pastes (or the offered targets)."""
    args = ["xclip", "-o", "-selection", "clipboard"]
    if target:
        args += ["-t", target]
    proc = subprocess.run(args, capture_output=True, timeout=10)
    return proc.stdout.decode(errors="replace") if proc.returncode == 0 else None


def screenshot(path):
    subprocess.run(["import", "-window", "root", path], check=True, timeout=30)


CODE_RE = re.compile(r"^K1(-[0-9A-Z]{6}){9}$")
