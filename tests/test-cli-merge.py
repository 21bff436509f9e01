#!/usr/bin/python3
# test-cli-merge.py
# SPDX-License-Identifier: GPL-3.0-or-later
#
# vault-cli and other versions of the vault, end to end: two copies of one
# vault file edited apart and merged with `merge`, the conflict copies that
# Syncthing and Nextcloud leave beside it merged by any command, a stranger's
# "vault (1).json" left alone, a copy whose master password was changed, a
# save that meets another program's save. The real binary, the real GNOME
# Keyring of the test session, real files.

import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from tap import run, test  # noqa: E402

CLI = os.environ.get("VAULT_CLI") or sys.exit("VAULT_CLI is not set")
MASTER = "correct horse battery staple"
OTHER_MASTER = "orange kettle violin seven moon"
WORK = tempfile.mkdtemp(prefix="vault-cli-merge-")
DESKTOP = os.path.join(WORK, "sync", "vault.json")
LAPTOP = os.path.join(WORK, "laptop", "vault.json")
STATE = os.path.join(WORK, "state")
MERGED = os.path.join(STATE, "com.example.Vault", "merged")
ENV = dict(os.environ, XDG_STATE_HOME=STATE)


def cli(*args, input_lines=(), vault=DESKTOP):
    command = [CLI, "--vault", vault] + list(args)
    data = "".join(line + "\n" for line in input_lines)
    proc = subprocess.run(command, input=data, capture_output=True, text=True, env=ENV,
                          timeout=120)
    return proc.returncode, proc.stdout, proc.stderr


def ok(*args, **kwargs):
    code, out, err = cli(*args, **kwargs)
    assert code == 0, f"{args}: exit {code}, stderr {err!r}"
    return out, err


def out_of(*args, **kwargs):
    out, err = ok(*args, **kwargs)
    assert err == "", f"{args}: unexpected stderr {err!r}"
    return out


def titles(vault=DESKTOP, password=MASTER):
    return out_of("list", input_lines=[password], vault=vault).splitlines()


def password_of(title, vault=DESKTOP, password=MASTER):
    return out_of("show", title, input_lines=[password], vault=vault).rstrip("\n")


def history_of(title, vault=DESKTOP, password=MASTER):
    fields = dict(line.split(": ", 1) for line in
                  out_of("show", title, "--all", input_lines=[password],
                         vault=vault).splitlines())
    return int(fields["history"])


def read(path):
    with open(path, "rb") as f:
        return f.read()


def folder_names(vault=DESKTOP):
    return sorted(os.listdir(os.path.dirname(vault)))


def make_copy(name, edit, vault=DESKTOP):
    """A copy of the vault edited elsewhere, put beside it under name, as
    a sync engine does when two devices saved."""
    elsewhere = os.path.join(WORK, "elsewhere-" + re.sub(r"\W", "", name), "vault.json")
    os.makedirs(os.path.dirname(elsewhere))
    shutil.copy(vault, elsewhere)
    edit(elsewhere)
    path = os.path.join(os.path.dirname(vault), name)
    shutil.copy(elsewhere, path)
    return path


@test
def two_devices_edit_apart_and_merge():
    os.makedirs(os.path.dirname(DESKTOP))
    os.makedirs(os.path.dirname(LAPTOP))
    ok("init", input_lines=[MASTER])
    for title in ("GitHub", "Bank", "Mail"):
        ok("add", title, input_lines=[MASTER, f"{title}-pw-1"])
    shutil.copy(DESKTOP, LAPTOP)

    # Apart: each device changes its copy.
    ok("update", "GitHub", input_lines=[MASTER, "GitHub-pw-desktop"])
    ok("delete", "Bank", input_lines=[MASTER])
    ok("add", "Desktop only", input_lines=[MASTER, "d-pw"])
    ok("update", "Mail", input_lines=[MASTER, "Mail-pw-laptop"], vault=LAPTOP)
    ok("add", "Laptop only", input_lines=[MASTER, "l-pw"], vault=LAPTOP)
    laptop_before = read(LAPTOP)

    out, err = ok("merge", LAPTOP, input_lines=[MASTER])
    lines = out.splitlines()
    assert "added Laptop only" in lines, out
    assert "updated Mail" in lines, out
    assert lines[-1] == f"Merged {LAPTOP}: 1 added, 1 updated, 0 deleted.", out
    assert err == "", err
    # The other file is left as it was.
    assert read(LAPTOP) == laptop_before
    assert titles() == ["Desktop only", "GitHub", "Laptop only", "Mail"]
    assert password_of("Mail") == "Mail-pw-laptop"
    assert password_of("GitHub") == "GitHub-pw-desktop"

    # The other way round gives the same vault.
    out, _ = ok("merge", DESKTOP, input_lines=[MASTER], vault=LAPTOP)
    assert "deleted Bank" in out.splitlines(), out
    assert titles(LAPTOP) == titles()
    for title in titles():
        assert password_of(title, LAPTOP) == password_of(title), title
        assert history_of(title, LAPTOP) == history_of(title), title


@test
def merging_again_changes_nothing():
    before = read(DESKTOP)
    out, err = ok("merge", LAPTOP, input_lines=[MASTER])
    assert out == f"Merged {LAPTOP}: 0 added, 0 updated, 0 deleted.\n", out
    assert err == ""
    # Nothing to save: the file is not even rewritten.
    assert read(DESKTOP) == before


@test
def syncthing_conflict_copy_merged_by_any_command():
    def edit(path):
        ok("add", "From the phone", input_lines=[MASTER, "phone-pw"], vault=path)
        ok("update", "GitHub", input_lines=[MASTER, "GitHub-pw-phone"], vault=path)
    name = "vault.sync-conflict-20240501-101010-ABCDEFG.json"
    make_copy(name, edit)

    code, out, err = cli("list", input_lines=[MASTER])
    assert code == 0, err
    # stdout is what list always prints; the merge is told on stderr.
    assert out.splitlines() == ["Desktop only", "From the phone", "GitHub", "Laptop only",
                                "Mail"], out
    assert err == f"Merged 2 entries from {name} (moved to {MERGED}/).\n", err
    assert name not in folder_names()
    kept = [n for n in os.listdir(MERGED) if n.endswith(name)]
    assert len(kept) == 1, os.listdir(MERGED)
    assert password_of("GitHub") == "GitHub-pw-phone"
    assert history_of("GitHub") == 2


@test
def nextcloud_conflict_copy():
    def edit(path):
        ok("delete", "Desktop only", input_lines=[MASTER], vault=path)
    name = "vault (conflicted copy 2024-05-02 090000).json"
    make_copy(name, edit)

    code, out, err = cli("show", "Mail", input_lines=[MASTER])
    assert code == 0, err
    assert out == "Mail-pw-laptop\n"
    assert err == f"Merged 1 entry from {name} (moved to {MERGED}/).\n", err
    assert name not in folder_names()
    assert "Desktop only" not in titles()


@test
def generic_copy_of_another_vault_left_alone():
    stranger = os.path.join(WORK, "stranger", "vault.json")
    os.makedirs(os.path.dirname(stranger))
    ok("init", input_lines=[MASTER], vault=stranger)
    ok("add", "Not mine", input_lines=[MASTER, "x"], vault=stranger)
    generic = os.path.join(os.path.dirname(DESKTOP), "vault (1).json")
    shutil.copy(stranger, generic)
    before = read(generic)

    # Not even a warning: "vault (1).json" is any file's name.
    assert "Not mine" not in titles()
    assert read(generic) == before

    # The same vault under a generic name is merged.
    def edit(path):
        ok("add", "From a backup", input_lines=[MASTER, "b"], vault=path)
    make_copy("vault-2.json", edit)
    code, out, err = cli("list", input_lines=[MASTER])
    assert code == 0 and "From a backup" in out.splitlines(), (out, err)
    assert err == f"Merged 1 entry from vault-2.json (moved to {MERGED}/).\n", err
    assert "vault (1).json" in folder_names()
    os.unlink(generic)


@test
def sync_named_copy_of_another_vault_warned_about():
    stranger = os.path.join(WORK, "stranger", "vault.json")
    name = "vault.sync-conflict-20240503-111111-ZZZZZZZ.json"
    path = os.path.join(os.path.dirname(DESKTOP), name)
    shutil.copy(stranger, path)

    code, out, err = cli("list", input_lines=[MASTER])
    assert code == 0, err
    assert "Not mine" not in out
    assert err.count("\n") == 1 and "belongs to another vault" in err and name in err, err
    assert name in folder_names()
    # A damaged one too, and the command goes on.
    with open(path, "w") as f:
        f.write('{"format": "com.example.Vault", "version": 3')
    code, out, err = cli("show", "Mail", input_lines=[MASTER])
    assert code == 0 and out == "Mail-pw-laptop\n", (out, err)
    assert "damaged" in err and err.count("\n") == 1, err
    os.unlink(path)


@test
def copy_with_a_new_master_password_asks_for_it():
    other = os.path.join(WORK, "other", "vault.json")
    os.makedirs(os.path.dirname(other))
    shutil.copy(DESKTOP, other)
    ok("passwd", input_lines=[MASTER, OTHER_MASTER], vault=other)
    ok("add", "After the change", input_lines=[OTHER_MASTER, "c"], vault=other)
    before = read(DESKTOP)

    # A wrong second line: refused, nothing changed.
    code, out, err = cli("merge", other, input_lines=[MASTER, "not it"])
    assert code == 1 and "does not open" in err and err.count("\n") == 1, (out, err)
    assert read(DESKTOP) == before

    out, err = ok("merge", other, input_lines=[MASTER, OTHER_MASTER])
    assert "added After the change" in out.splitlines(), out
    assert f"The master password is now the one of {other}." in out.splitlines(), out
    # The merged vault opens with the other device's password only.
    assert "After the change" in titles(password=OTHER_MASTER)
    code, _, err = cli("list", input_lines=[MASTER])
    assert code == 1 and "Wrong master password" in err, err


@test
def save_merges_what_another_program_saved_meanwhile():
    # add reads the master password, opens the vault, then waits for the
    # entry's password: meanwhile another vault-cli saves the vault.
    slow = subprocess.Popen([CLI, "--vault", DESKTOP, "add", "Slow"], stdin=subprocess.PIPE,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=ENV)
    slow.stdin.write(OTHER_MASTER + "\n")
    slow.stdin.flush()
    # Until the slow one has read the vault (its KDF done), nothing else saves.
    for _ in range(600):
        if _reads_stdin_again(slow.pid):
            break
        time.sleep(0.1)
    else:
        raise AssertionError("vault-cli add never asked for the entry's password")
    ok("add", "Quick", input_lines=[OTHER_MASTER, "q"])
    out, err = slow.communicate("slow-pw\n", timeout=120)
    assert slow.returncode == 0, err
    assert out == "Added “Slow”.\n", out
    assert "Another program saved the vault meanwhile; merged 1 entry from it." in err, err
    names = titles(password=OTHER_MASTER)
    assert "Slow" in names and "Quick" in names, names


def _reads_stdin_again(pid):
    """Whether the process is blocked reading (its KDF is done)."""
    try:
        with open(f"/proc/{pid}/wchan") as f:
            wchan = f.read()
        with open(f"/proc/{pid}/stat") as f:
            state = f.read().split()[2]
    except OSError:
        return False
    return state == "S" and "pipe" in wchan


@test
def usage():
    code, out, err = cli("merge")
    assert code == 2, (code, err)
    code, out, _ = cli("--help", vault=DESKTOP)
    assert re.search(r"^  merge +Merge another copy", out, re.M), out


if __name__ == "__main__":
    status = run()
    shutil.rmtree(WORK, ignore_errors=True)
    sys.exit(status)
