# syncthing.py
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Devices for the sync tests: each a home of its own, a private session bus
# with its own GNOME Keyring, and a real Syncthing daemon that talks to the
# other devices over 127.0.0.1 only.

import hashlib
import json
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import threading
import time
import urllib.error
import urllib.request
import xml.etree.ElementTree as ET

FOLDER_ID = "vault"
APP_ID = "com.example.Vault"

# Vault's files that belong to one device and must never travel: the save
# lock, the backup of the version a save replaced (and its temporary link
# and the kept backup of another vault, vault.json.bak.<id>), and the
# temporary file a save writes before its rename.
STIGNORE = """\
// Vault: device-local files, never synced
/vault.json.lock
/vault.json.bak
/vault.json.bak.*
/.vault.json.*
"""

# Syncthing's own folder marker and ignore file never count as content.
NOT_CONTENT = {".stfolder", ".stignore", ".stversions"}

CONFLICT_RE = re.compile(r"\.sync-conflict-\d{8}-\d{6}-[A-Z0-9]{7}")


def is_device_local(name):
    """One of the files STIGNORE names."""
    return name in ("vault.json.lock", "vault.json.bak") or \
        name.startswith(("vault.json.bak.", ".vault.json."))


def free_ports(count):
    """Ports free on 127.0.0.1 now, all different."""
    sockets = []
    try:
        for _ in range(count):
            s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
            s.bind(("127.0.0.1", 0))
            sockets.append(s)
        return [s.getsockname()[1] for s in sockets]
    finally:
        for s in sockets:
            s.close()


def wait_for(what, check, timeout, interval=0.25):
    """Calls check until it returns something true; its last value and the
    reason it gave (check may return (False, reason)) go into the failure."""
    deadline = time.monotonic() + timeout
    last = None
    while True:
        try:
            result = check()
        except (OSError, urllib.error.URLError, ValueError) as error:
            result = (False, f"{type(error).__name__}: {error}")
        if isinstance(result, tuple):
            good, last = result
        else:
            good, last = result, result
        if good:
            return last
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout} s waiting for {what}; last: {last}")
        time.sleep(interval)


def stop_process(proc, timeout=20):
    """Stops one process we started, by its id: SIGTERM, then SIGKILL."""
    if proc is None or proc.poll() is not None:
        return
    os.kill(proc.pid, signal.SIGTERM)
    try:
        proc.wait(timeout)
    except subprocess.TimeoutExpired:
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(timeout)


def tail(path, lines=40):
    try:
        with open(path, encoding="utf-8", errors="replace") as f:
            return "".join(f.readlines()[-lines:])
    except OSError:
        return ""


class Device:
    """One device: HOME, XDG folders, session bus and unlocked keyring."""

    def __init__(self, name, root, cli):
        self.name = name
        self.cli_path = cli
        self.home = os.path.join(root, name)
        self.data = os.path.join(self.home, ".local", "share")
        self.state = os.path.join(self.home, ".local", "state")
        self.runtime = os.path.join(self.home, "runtime")
        self.folder = os.path.join(self.data, APP_ID)
        self.vault = os.path.join(self.folder, "vault.json")
        self.merged = os.path.join(self.state, APP_ID, "merged")
        self.bus = None
        self.keyring = None
        self.syncthing = None
        env = {k: v for k, v in os.environ.items()
               if not k.startswith(("DBUS_", "GNOME_KEYRING", "SSH_AUTH", "XDG_", "LANGUAGE"))}
        env.update(HOME=self.home, XDG_DATA_HOME=self.data, XDG_STATE_HOME=self.state,
                   XDG_CONFIG_HOME=os.path.join(self.home, ".config"),
                   XDG_CACHE_HOME=os.path.join(self.home, ".cache"),
                   XDG_RUNTIME_DIR=self.runtime, LC_ALL="C.UTF-8")
        self.env = env

    def start_session(self):
        """A private session bus, and GNOME Keyring unlocked on it."""
        for d in (self.data, self.state, self.env["XDG_CONFIG_HOME"],
                  self.env["XDG_CACHE_HOME"]):
            os.makedirs(d, exist_ok=True)
        os.makedirs(self.runtime, mode=0o700, exist_ok=True)
        log = open(os.path.join(self.home, "session.log"), "w", encoding="utf-8")
        self.bus = subprocess.Popen(
            ["dbus-daemon", "--session", "--nofork", "--nopidfile", "--print-address=1"],
            stdout=subprocess.PIPE, stderr=log, text=True, env=self.env)
        address = self.bus.stdout.readline().strip()
        assert address.startswith("unix:"), f"{self.name}: no bus address ({address!r})"
        self.env["DBUS_SESSION_BUS_ADDRESS"] = address
        # A non-empty password creates and unlocks the "login" collection.
        self.keyring = subprocess.Popen(
            ["gnome-keyring-daemon", "--foreground", "--unlock", "--components=secrets"],
            stdin=subprocess.PIPE, stdout=log, stderr=log, text=True, env=self.env)
        self.keyring.stdin.write("session")
        self.keyring.stdin.close()
        # Before anyone asks for the Secret Service, ours must own it; the
        # bus would otherwise start a keyring of its own, locked.
        wait_for(f"{self.name}'s keyring on its bus", self._keyring_ready, 30)

    def _keyring_ready(self):
        if self.keyring.poll() is not None:
            raise AssertionError(f"{self.name}: gnome-keyring-daemon exited "
                                 f"({self.keyring.returncode})")
        proc = subprocess.run(
            ["gdbus", "call", "--session", "--dest", "org.freedesktop.DBus",
             "--object-path", "/org/freedesktop/DBus",
             "--method", "org.freedesktop.DBus.NameHasOwner", "org.freedesktop.secrets"],
            capture_output=True, text=True, env=self.env, timeout=30)
        return "true" in proc.stdout, proc.stdout + proc.stderr

    def cli(self, *args, input_lines=(), timeout=120):
        """Runs vault-cli on this device's default vault; (code, out, err)."""
        data = "".join(line + "\n" for line in input_lines)
        proc = subprocess.run([self.cli_path] + list(args), input=data, capture_output=True,
                              text=True, env=self.env, timeout=timeout)
        return proc.returncode, proc.stdout, proc.stderr

    def ok(self, *args, **kwargs):
        code, out, err = self.cli(*args, **kwargs)
        assert code == 0, f"{self.name}: vault-cli {' '.join(args)}: exit {code}, stderr {err!r}"
        return out, err

    def content(self):
        """The synced folder as Syncthing should carry it: name -> SHA-256."""
        result = {}
        for name in sorted(os.listdir(self.folder)):
            if name in NOT_CONTENT or name.startswith(".syncthing.") or \
               name.startswith("~syncthing~"):
                continue
            path = os.path.join(self.folder, name)
            if is_device_local(name):
                continue
            if os.path.isfile(path):
                with open(path, "rb") as f:
                    result[name] = hashlib.sha256(f.read()).hexdigest()[:12]
            else:
                result[name] = "dir"
        return result

    def conflict_copies(self):
        return sorted(n for n in os.listdir(self.folder) if CONFLICT_RE.search(n))

    def stop(self):
        if self.syncthing:
            self.syncthing.stop()
        stop_process(self.keyring)
        stop_process(self.bus)


class Syncthing:
    """A Syncthing daemon of one device, configured before its first start
    so that it never looks beyond 127.0.0.1."""

    def __init__(self, device, gui_port, listen_port):
        self.device = device
        self.home = os.path.join(device.home, "syncthing")
        self.gui_port = gui_port
        self.listen_port = listen_port
        self.api_key = secrets.token_hex(16)
        self.proc = None
        self.log = os.path.join(device.home, "syncthing.log")
        self.env = dict(device.env, STNOUPGRADE="1", STNORESTART="1", STNODEFAULTFOLDER="1")
        self.env.pop("DBUS_SESSION_BUS_ADDRESS", None)
        proc = subprocess.run(["syncthing", "generate", "--home", self.home,
                               "--no-default-folder"],
                              capture_output=True, text=True, env=self.env, timeout=120)
        match = re.search(r"Device ID: ([A-Z0-9-]{63})", proc.stdout + proc.stderr)
        assert proc.returncode == 0 and match, f"syncthing generate: {proc.stdout}{proc.stderr}"
        self.id = match.group(1)
        device.syncthing = self

    def configure(self, peers, ignore=True):
        """Writes config.xml: loopback only, nothing announced, reported or
        upgraded; peers by address; one folder, the vault's, shared with them;
        with ignore, the .stignore docs/SYNC.md recommends."""
        path = os.path.join(self.home, "config.xml")
        tree = ET.parse(path)
        root = tree.getroot()
        options = root.find("options")
        settings = {
            "listenAddress": f"tcp://127.0.0.1:{self.listen_port}",
            "globalAnnounceEnabled": "false",
            "localAnnounceEnabled": "false",
            "relaysEnabled": "false",
            "natEnabled": "false",
            "urAccepted": "-1",
            "urSeen": "3",
            "autoUpgradeIntervalH": "0",
            "crashReportingEnabled": "false",
            "announceLANAddresses": "false",
            "startBrowser": "false",
            "reconnectionIntervalS": "5",
            "setLowPriority": "false",
        }
        for key, value in settings.items():
            element = options.find(key)
            if element is None:
                element = ET.SubElement(options, key)
            element.text = value
        # One listen address only; none for announce servers or STUN.
        for key in ("listenAddress", "globalAnnounceServer", "stunServer"):
            for extra in options.findall(key)[1 if key == "listenAddress" else 0:]:
                options.remove(extra)
        gui = root.find("gui")
        gui.find("address").text = f"127.0.0.1:{self.gui_port}"
        gui.find("apikey").text = self.api_key

        for own in root.findall("device"):
            own.set("name", self.device.name)
        defaults = root.find("defaults")
        for peer in peers:
            element = ET.fromstring(ET.tostring(defaults.find("device")))
            element.set("id", peer.id)
            element.set("name", peer.device.name)
            element.find("address").text = f"tcp://127.0.0.1:{peer.listen_port}"
            root.insert(1, element)

        folder = ET.fromstring(ET.tostring(defaults.find("folder")))
        folder.set("id", FOLDER_ID)
        folder.set("label", "Vault")
        folder.set("path", self.device.folder)
        folder.set("rescanIntervalS", "60")
        folder.set("fsWatcherEnabled", "true")
        folder.set("fsWatcherDelayS", "1")
        for old in folder.findall("device"):
            folder.remove(old)
        for number, dev_id in enumerate([self.id] + [p.id for p in peers]):
            element = ET.Element("device", {"id": dev_id, "introducedBy": ""})
            ET.SubElement(element, "encryptionPassword")
            folder.insert(1 + number, element)
        root.insert(0, folder)
        tree.write(path, encoding="unicode")

        # The folder with its marker and its ignore file, before the vault.
        os.makedirs(os.path.join(self.device.folder, ".stfolder"), mode=0o700, exist_ok=True)
        os.chmod(self.device.folder, 0o700)
        if ignore:
            with open(os.path.join(self.device.folder, ".stignore"), "w", encoding="utf-8") as f:
                f.write(STIGNORE)

    def start(self):
        log = open(self.log, "a", encoding="utf-8")
        self.proc = subprocess.Popen(
            ["syncthing", "serve", "--home", self.home, "--no-browser", "--no-restart",
             "--no-upgrade", f"--gui-address=127.0.0.1:{self.gui_port}",
             f"--gui-apikey={self.api_key}", "--logflags=3"],
            stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT, env=self.env,
            start_new_session=True)
        wait_for(f"{self.device.name}'s Syncthing to answer", self._pong, 60)

    def _pong(self):
        if self.proc.poll() is not None:
            raise AssertionError(f"{self.device.name}: syncthing exited ({self.proc.returncode}):"
                                 f"\n{tail(self.log)}")
        return self.get("/rest/system/ping").get("ping") == "pong"

    def pids(self):
        """The monitor process we started and the daemon it runs."""
        found = [self.proc.pid]
        for pid in found:
            try:
                for tid in os.listdir(f"/proc/{pid}/task"):
                    with open(f"/proc/{pid}/task/{tid}/children", encoding="ascii") as f:
                        found += [int(c) for c in f.read().split() if int(c) not in found]
            except OSError:
                pass
        return found

    def stop(self):
        """Stops the daemon by its process ids (the monitor passes the signal
        on to the daemon), and checks that nothing of it is left."""
        if self.proc is None or self.proc.poll() is not None:
            return
        daemons = self.pids()[1:]
        stop_process(self.proc)
        left = []
        for pid in daemons:
            deadline = time.monotonic() + 20
            while os.path.exists(f"/proc/{pid}") and time.monotonic() < deadline:
                time.sleep(0.1)
            try:
                with open(f"/proc/{pid}/stat", encoding="ascii") as f:
                    zombie = f.read().rsplit(")", 1)[1].split()[0] == "Z"
            except OSError:
                continue
            if not zombie:
                os.kill(pid, signal.SIGKILL)
                left.append(pid)
        assert not left, f"{self.device.name}: syncthing {left} outlived its monitor"

    def request(self, method, path, body=None, timeout=60):
        data = json.dumps(body).encode() if body is not None else None
        req = urllib.request.Request(f"http://127.0.0.1:{self.gui_port}{path}", data=data,
                                     method=method, headers={"X-API-Key": self.api_key})
        if data is not None:
            req.add_header("Content-Type", "application/json")
        with urllib.request.urlopen(req, timeout=timeout) as response:
            text = response.read().decode()
        return json.loads(text) if text.strip() else None

    def get(self, path):
        return self.request("GET", path)

    def set_paused(self, paused):
        self.request("PATCH", f"/rest/config/folders/{FOLDER_ID}", {"paused": paused})

    def status(self):
        return self.get(f"/rest/db/status?folder={FOLDER_ID}")

    def completion(self, peer):
        return self.get(f"/rest/db/completion?folder={FOLDER_ID}&device={peer.id}")

    def connected(self, peer):
        connections = self.get("/rest/system/connections")["connections"]
        return connections.get(peer.id, {}).get("connected", False)


def in_sync(devices):
    """(True, …) when every daemon is idle with nothing to pull, sees each
    peer complete, and every synced folder holds the same files."""
    report = []
    good = True
    for device in devices:
        st = device.syncthing
        status = st.status()
        state = (status.get("state"), status.get("needTotalItems"), status.get("pullErrors"),
                 status.get("errors"))
        report.append(f"{device.name}: state={state}")
        if state != ("idle", 0, 0, 0):
            good = False
        for peer in devices:
            if peer is device:
                continue
            comp = st.completion(peer.syncthing)
            report.append(f"{device.name} sees {peer.name} {comp.get('completion')}% "
                          f"need {comp.get('needItems')}+{comp.get('needDeletes')}")
            if comp.get("completion") != 100 or comp.get("needItems") or comp.get("needDeletes"):
                good = False
    contents = [device.content() for device in devices]
    report.append("content " + " | ".join(f"{d.name}: {c}" for d, c in zip(devices, contents)))
    if any(c != contents[0] for c in contents):
        good = False
    return good, "; ".join(report)


class SocketWatch:
    """Samples the sockets of the given processes (ss) until stopped: every
    one must be bound to 127.0.0.1 and talk to 127.0.0.1 or no one."""

    def __init__(self, pids, interval=0.5):
        self.pids = set(pids)
        self.interval = interval
        self.samples = 0
        self.seen = set()       # (pid, netid, state, local, peer)
        self.outside = set()
        self.errors = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def start(self):
        self._thread.start()
        return self

    def sample(self):
        proc = subprocess.run(["ss", "-tuanpH"], capture_output=True, text=True, timeout=30)
        if proc.returncode != 0:
            self.errors.append(proc.stderr.strip())
            return
        for line in proc.stdout.splitlines():
            pids = {int(p) for p in re.findall(r"pid=(\d+),", line)} & self.pids
            if not pids:
                continue
            fields = line.split()
            netid, state, local, peer = fields[0], fields[1], fields[4], fields[5]
            for pid in pids:
                self.seen.add((pid, netid, state, local, peer))
            local_host = local.rsplit(":", 1)[0]
            peer_host = peer.rsplit(":", 1)[0]
            if local_host != "127.0.0.1" or peer_host not in ("127.0.0.1", "0.0.0.0", "*"):
                self.outside.add(line.strip())
        self.samples += 1

    def _run(self):
        while not self._stop.is_set():
            self.sample()
            self._stop.wait(self.interval)

    def stop(self):
        self._stop.set()
        self._thread.join(60)
        self.sample()


def have_syncthing():
    return shutil.which("syncthing") is not None
