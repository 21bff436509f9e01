#!/usr/bin/python3
# test-sync.py
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Two devices on this machine share one vault through two real Syncthing
# daemons over 127.0.0.1: a new device restores the Secret Key and sees the
# same entries; both edit while apart; Syncthing leaves its conflict copy;
# vault-cli on each side merges it; both end with the same vault.
# --no-ignore runs it without the .stignore docs/SYNC.md recommends,
# as a person who skipped that step has it: Vault's backup and lock travel
# too, and the backup's own conflict copies must not stay behind either.

import os
import shutil
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from tap import Skip, run, test  # noqa: E402
import syncthing as st  # noqa: E402

CLI = os.environ.get("VAULT_CLI") or sys.exit("VAULT_CLI is not set")
MASTER = "correct horse battery staple"
WORK = tempfile.mkdtemp(prefix="vault-sync-test-")
# Generous: a loaded 2-CPU machine runs the KDF of every command and two
# daemons that hash, index and exchange each change.
SYNC_TIMEOUT = float(os.environ.get("VAULT_SYNC_TIMEOUT", "180"))
IGNORE = "--no-ignore" not in sys.argv[1:]

A = st.Device("laptop", WORK, CLI)
B = st.Device("desktop", WORK, CLI)
DEVICES = (A, B)
done = set()     # the steps that passed, for the ones that build on them
watch = None

FIRST = {
    "GitHub": ("octo", "gh-Start-1111"),
    "Mail": ("me@example.com", "mail-Start-2222"),
    "Bank": ("kim", "bank-Start-3333"),
    "Forum": ("octo", "forum-Start-4444"),
    "한국 쇼핑": ("kim", "shop-Start-5555"),
}


def need(*steps):
    if not st.have_syncthing():
        raise Skip("syncthing is not installed (apt install syncthing)")
    missing = [s for s in steps if s not in done]
    assert not missing, f"an earlier step failed: {missing}"


def settle(what):
    """Waits (REST API, files) until both daemons have done their work. No
    scan is asked for: each daemon's file watcher notices what vault-cli
    wrote, as it would for a person."""
    return st.wait_for(what, lambda: st.in_sync(DEVICES), SYNC_TIMEOUT)


def entries(device):
    out, err = device.ok("list", input_lines=[MASTER])
    return out.splitlines(), err


def history_passwords(device, title):
    """The passwords in an entry's history, as `vault-cli show --history`
    prints them (each after its time and a tab)."""
    out, _ = device.ok("show", title, "--history", input_lines=[MASTER])
    return [line.split("\t", 1)[1] for line in out.splitlines()]


def indexed(device):
    """(True, …) once the daemon's index has the vault file now on disk."""
    local = device.syncthing.get(f"/rest/db/file?folder={st.FOLDER_ID}&file=vault.json")["local"]
    size = os.stat(device.vault).st_size
    return local.get("size") == size and not local.get("deleted"), (local.get("size"), size)


def global_names(device):
    """The files of the shared folder in a daemon's index."""
    tree = device.syncthing.get(f"/rest/db/browse?folder={st.FOLDER_ID}&levels=0")
    return sorted(tree if isinstance(tree, dict) else (item["name"] for item in tree))


def shared_names(device):
    """global_names() but Vault's device-local files, which travel only
    without the .stignore."""
    names = global_names(device)
    shared = [n for n in names if not st.is_device_local(n)]
    if IGNORE:
        assert names == shared, f"{device.name}: the .stignore kept none of {names} local"
    return shared


def fields(device, title):
    out, _ = device.ok("show", title, "--all", input_lines=[MASTER])
    return dict(line.split(": ", 1) for line in out.splitlines())


@test
def two_devices_on_loopback_only():
    need()
    global watch
    for device in DEVICES:
        device.start_session()
    ports = st.free_ports(4)
    st.Syncthing(A, ports[0], ports[1])
    st.Syncthing(B, ports[2], ports[3])
    A.syncthing.configure([B.syncthing], ignore=IGNORE)
    B.syncthing.configure([A.syncthing], ignore=IGNORE)
    for device in DEVICES:
        device.syncthing.start()
    watch = st.SocketWatch([p for d in DEVICES for p in d.syncthing.pids()]).start()

    for device in DEVICES:
        config = device.syncthing.get("/rest/config")
        options = config["options"]
        assert options["listenAddresses"] == [f"tcp://127.0.0.1:{device.syncthing.listen_port}"]
        assert options["globalAnnounceEnabled"] is False
        assert options["localAnnounceEnabled"] is False
        assert options["relaysEnabled"] is False
        assert options["natEnabled"] is False
        assert options["urAccepted"] == -1
        assert options["autoUpgradeIntervalH"] == 0
        assert options.get("crashReportingEnabled", False) is False
        assert config["gui"]["address"] == f"127.0.0.1:{device.syncthing.gui_port}"
        peers = [d for d in config["devices"] if d["deviceID"] != device.syncthing.id]
        assert len(peers) == 1 and all(a.startswith("tcp://127.0.0.1:")
                                       for a in peers[0]["addresses"]), peers
        folders = config["folders"]
        assert [f["id"] for f in folders] == [st.FOLDER_ID], folders
        assert folders[0]["path"] == device.folder
        assert device.syncthing.status()["state"] not in ("error", "")

    peer = {A: B, B: A}
    st.wait_for("the devices to connect",
                lambda: all(d.syncthing.connected(peer[d].syncthing) for d in DEVICES),
                SYNC_TIMEOUT)
    # Each daemon's listen and GUI ports, seen bound to loopback.
    watch.sample()
    for device in DEVICES:
        pids = device.syncthing.pids()
        assert len(pids) == 2, f"{device.name}: Syncthing's monitor and daemon, {pids}"
        for port in (device.syncthing.listen_port, device.syncthing.gui_port):
            assert any(s[0] in pids and s[3] == f"127.0.0.1:{port}" and s[2] == "LISTEN"
                       for s in watch.seen), (device.name, port, sorted(watch.seen))
    assert not watch.outside, sorted(watch.outside)
    done.add("daemons")


@test
def new_device_receives_vault_and_restores_secret_key():
    need("daemons")
    out, _ = A.ok("init", input_lines=[MASTER])
    assert "Created the vault" in out
    for title, (username, password) in FIRST.items():
        A.ok("add", title, "--username", username, input_lines=[MASTER, password])
    settle("the new vault to reach the desktop")
    with open(A.vault, "rb") as a, open(B.vault, "rb") as b:
        assert a.read() == b.read()
    assert os.stat(B.vault).st_mode & 0o777 == 0o600
    # With the .stignore, Vault's own files stayed on the device that made them.
    assert os.path.exists(A.vault + ".lock")
    assert os.path.exists(B.vault + ".lock") != IGNORE

    # The file alone does not open: the Secret Key comes from the Emergency Kit.
    code, _, err = B.cli("list", input_lines=[MASTER])
    assert code == 1 and "Secret Key" in err, (code, err)
    kit_code = A.ok("secret-key", input_lines=[MASTER])[0].strip()
    assert kit_code.startswith("K1-"), "an Emergency Kit code"
    out, _ = B.ok("restore-secret-key", input_lines=[MASTER, kit_code])
    assert "Stored the Secret Key" in out

    listed_a, _ = entries(A)
    listed_b, _ = entries(B)
    assert listed_a == listed_b == sorted(FIRST, key=lambda t: t.casefold()), (listed_a, listed_b)
    for title, (username, password) in FIRST.items():
        assert B.ok("show", title, input_lines=[MASTER])[0] == password + "\n", title
    settle("both devices to rest")
    done.add("restored")


@test
def edits_while_apart_leave_a_conflict_copy():
    need("restored")
    B.syncthing.set_paused(True)
    with open(B.vault, "rb") as f:
        before = f.read()
    # A paused folder is no longer running: Syncthing 1.19 gives it no state.
    st.wait_for("the desktop's folder to pause",
                lambda: (B.syncthing.status().get("state") == "" and
                         B.syncthing.get(f"/rest/config/folders/{st.FOLDER_ID}")["paused"],
                         B.syncthing.status()), SYNC_TIMEOUT)

    # The laptop: a changed user name, the shared entry, a delete, an add.
    A.ok("update", "Mail", "--username", "new@example.com", input_lines=[MASTER, "mail-A-2222"])
    A.ok("update", "GitHub", input_lines=[MASTER, "gh-Laptop-7777"])
    A.ok("delete", "Bank", input_lines=[MASTER])
    A.ok("add", "Added on laptop", input_lines=[MASTER, "laptop-8888"])

    # Later (times are in seconds), the desktop: another entry, the same
    # one with another password, an edit of an entry the laptop left, an add.
    st.wait_for("the laptop's Syncthing to index its edits", lambda: indexed(A), SYNC_TIMEOUT)
    time.sleep(2.1)
    with open(B.vault, "rb") as f:
        assert f.read() == before, "the laptop's edits did not reach the paused desktop"
    B.ok("update", "Forum", input_lines=[MASTER, "forum-Desktop-4444"])
    B.ok("update", "GitHub", input_lines=[MASTER, "gh-Desktop-9999"])
    B.ok("update", "한국 쇼핑", "--notes", "edited on the desktop",
         input_lines=[MASTER, "shop-Desktop-5555"])
    B.ok("add", "Added on desktop", input_lines=[MASTER, "desktop-6666"])
    assert not A.conflict_copies() and not B.conflict_copies()

    B.syncthing.set_paused(False)
    state = settle("Syncthing to leave its conflict copy on both devices")
    copies = {d.name: d.conflict_copies() for d in DEVICES}
    assert copies[A.name] and copies[A.name] == copies[B.name], (copies, state)
    assert shared_names(A) == shared_names(B) == sorted(["vault.json"] + copies[A.name])
    done.add("apart")


@test
def both_devices_merge_and_end_the_same():
    need("apart")
    merged_messages = []
    for rounds in range(1, 7):
        for device in DEVICES:
            listed, err = entries(device)
            merged_messages += [(device.name, line) for line in err.splitlines()
                                if line.startswith("Merged")]
            settle(f"Syncthing to carry what {device.name} merged")
        if not any(d.conflict_copies() for d in DEVICES):
            break
    print(f"# settled after {rounds} round(s) of vault-cli list on both devices", flush=True)
    for name, message in merged_messages:
        print(f"# {name}: {message}", flush=True)
    assert merged_messages, "vault-cli said it merged a conflict copy"
    for name, message in merged_messages:
        assert ".sync-conflict-" in message and "merged" in message, message
    for device in DEVICES:
        assert device.conflict_copies() == [], (device.name, device.conflict_copies())
    # The merged copies were kept, outside the synced folder.
    kept = sum(len(os.listdir(d.merged)) for d in DEVICES if os.path.isdir(d.merged))
    assert kept >= 1, "the merged copy was moved to the device's own merged folder"

    with open(A.vault, "rb") as a, open(B.vault, "rb") as b:
        assert a.read() == b.read(), "both devices hold the same vault.json"
    # What Syncthing carries, as each daemon's index has it: the vault alone
    # (no conflict copy; with the .stignore, no lock, backup or temporary file).
    for device in DEVICES:
        assert shared_names(device) == ["vault.json"], (device.name, global_names(device))
    expected = sorted(["GitHub", "Mail", "Forum", "한국 쇼핑", "Added on laptop",
                       "Added on desktop"], key=str.casefold)
    for device in DEVICES:
        listed, err = entries(device)
        assert listed == expected, (device.name, listed)
        assert "Merged" not in err, err
        show = {t: device.ok("show", t, input_lines=[MASTER])[0].rstrip("\n") for t in listed}
        assert show == {
            "GitHub": "gh-Desktop-9999",
            "Mail": "mail-A-2222",
            "Forum": "forum-Desktop-4444",
            "한국 쇼핑": "shop-Desktop-5555",
            "Added on laptop": "laptop-8888",
            "Added on desktop": "desktop-6666",
        }, (device.name, show)
        assert fields(device, "Mail")["username"] == "new@example.com"
        assert fields(device, "한국 쇼핑")["notes"] == "edited on the desktop"
        # The laptop's losing password of GitHub is in its history, beside the
        # first one, which both devices replaced: each once.
        history = history_passwords(device, "GitHub")
        assert sorted(history) == ["gh-Laptop-7777", "gh-Start-1111"], history
        code, _, err = device.cli("show", "Bank", input_lines=[MASTER])
        assert code == 1 and "No entry is called" in err, (code, err)
    done.add("merged")


@test
def nothing_left_loopback_and_daemons_stop():
    need("daemons")
    watch.stop()
    assert watch.samples >= 3, watch.samples
    assert not watch.errors, watch.errors
    assert not watch.outside, sorted(watch.outside)
    for device in DEVICES:
        device.syncthing.stop()
        assert device.syncthing.proc.returncode is not None


def main():
    try:
        status = run()
    finally:
        if watch:
            watch.stop()
        problems = []
        for device in DEVICES:
            try:
                device.stop()
            except Exception as error:  # noqa: BLE001 - stop the other device too
                problems.append(f"{device.name}: {error}")
        if problems:
            print("# " + "; ".join(problems), file=sys.stderr)
    if status == 0 and not problems:
        shutil.rmtree(WORK, ignore_errors=True)
    else:
        for device in DEVICES:
            if device.syncthing:
                print(f"--- {device.name} syncthing log (end)\n{st.tail(device.syncthing.log)}",
                      file=sys.stderr)
        print(f"# kept {WORK} to look at", file=sys.stderr)
    return status or (1 if problems else 0)


if __name__ == "__main__":
    sys.exit(main())
