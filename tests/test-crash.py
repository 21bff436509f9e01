#!/usr/bin/python3
# test-crash.py
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Crash consistency: hundreds of real `vault-cli add` runs, each killed with
# SIGKILL at a random moment; after every one the vault still opens and holds
# every add that finished, and a later save leaves no temporary file behind.

import os
import random
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from tap import run, test  # noqa: E402

CLI = os.environ.get("VAULT_CLI") or sys.exit("VAULT_CLI is not set")
MAKE_VAULT = os.environ.get("VAULT_MAKE_TEST_VAULT") or sys.exit("VAULT_MAKE_TEST_VAULT is not set")
MASTER = "correct horse battery staple"
WORK = tempfile.mkdtemp(prefix="vault-crash-test-")
VAULT = os.path.join(WORK, "vault.json")
# A fixed seed: the same draws (where in a run each kill lands) every time.
SEED = int(os.environ.get("VAULT_CRASH_SEED", "20261123"))
RUNS = int(os.environ.get("VAULT_CRASH_RUNS", "300"))
# A killed save's temporary file: ".vault.json." and mkstemp's six characters.
TEMPORARY = re.compile(r"^\.vault\.json\.[A-Za-z0-9]{6}$")

started = set()      # every title an add was started for
completed = set()    # titles of adds seen to exit 0
seen = set()         # titles the vault has held at some point
stats = {"killed": 0, "finished": 0, "killed_but_saved": 0, "left_temporary": 0}
span = {}


def note(text):
    print(f"# {text}", flush=True)


def titles():
    """The vault's titles through `vault-cli list`, which must succeed."""
    proc = subprocess.run([CLI, "--vault", VAULT, "list"], input=MASTER + "\n",
                          capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, f"the vault no longer opens: {proc.stderr!r}"
    return set(proc.stdout.splitlines())


def add(title, kill_after=None, kill_in_save=False):
    """Runs `vault-cli add TITLE`, SIGKILLed after kill_after seconds, or as
    soon as its save has made a temporary file (kill_in_save), unless it
    exits first. Returns (exit code or None when killed, seconds it ran)."""
    started.add(title)
    before = set(temporaries())
    start = time.monotonic()
    proc = subprocess.Popen([CLI, "--vault", VAULT, "add", title], stdin=subprocess.PIPE,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        proc.stdin.write(f"{MASTER}\npw-{title}\n".encode())
        proc.stdin.close()
    except BrokenPipeError:
        pass
    try:
        while kill_in_save and proc.poll() is None and not set(temporaries()) - before:
            time.sleep(0.0005)
        if kill_in_save and proc.poll() is None:
            raise subprocess.TimeoutExpired(proc.args, 0)
        if kill_after is None:
            code = proc.wait(timeout=60)
        else:
            code = proc.wait(timeout=max(0.0, kill_after - (time.monotonic() - start)))
    except subprocess.TimeoutExpired:
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        code = None
    elapsed = time.monotonic() - start
    err = proc.stderr.read().decode(errors="replace")
    proc.stderr.close()
    if code == -signal.SIGKILL:
        code = None
    assert code in (0, None), f"add {title}: exit {code}, stderr {err!r}"
    if code == 0:
        completed.add(title)
    return code, elapsed


def temporaries():
    return sorted(name for name in os.listdir(WORK) if TEMPORARY.match(name))


def check(after):
    """The vault opens, holds every finished add and everything it held
    before, and nothing that was never added."""
    now = titles()
    assert completed <= now, f"after {after}: finished adds lost: {sorted(completed - now)}"
    assert seen <= now, f"after {after}: entries lost: {sorted(seen - now)}"
    assert now <= started, f"after {after}: entries never added: {sorted(now - started)}"
    seen.update(now)
    return now


@test
def create_vault_and_measure_an_add():
    proc = subprocess.run([MAKE_VAULT, VAULT], input=MASTER + "\n", capture_output=True,
                          text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr
    durations = []
    for i in range(9):
        code, elapsed = add(f"measure-{i}")
        assert code == 0
        durations.append(elapsed)
    check("measuring")
    span["recent"] = durations
    durations = sorted(durations)
    note(f"an add takes {durations[0] * 1000:.0f} to {durations[-1] * 1000:.0f} ms, "
         f"median {durations[len(durations) // 2] * 1000:.0f} ms")


@test
def killed_adds_keep_the_vault_whole():
    rng = random.Random(SEED)
    # Kills drawn across the time a run takes: the median of the last runs
    # that finished, as the machine's load changes it (runs vary, so some
    # outlast it and some end first): before, inside and just after the
    # save. One run in ten is left to finish.
    recent = span["recent"]
    for i in range(RUNS):
        title = f"entry-{i:03d}"
        let_finish = rng.random() < 0.1
        delay = rng.uniform(0.0, 1.1 * sorted(recent)[len(recent) // 2])
        before = set(temporaries())
        code, elapsed = add(title, kill_after=None if let_finish else delay)
        if code == 0:
            recent = recent[-8:] + [elapsed]
        now = check(f"add {title} ({'killed' if code is None else 'finished'})")
        if code is None:
            stats["killed"] += 1
            stats["killed_but_saved"] += title in now
            stats["left_temporary"] += bool(set(temporaries()) - before)
        else:
            stats["finished"] += 1
    note(f"seed {SEED}: {RUNS} adds, {stats['finished']} finished, {stats['killed']} killed: "
         f"{stats['left_temporary']} in their save before the rename (a temporary file left), "
         f"{stats['killed_but_saved']} after it (their entry is there)")
    assert stats["killed"] > 0 and stats["finished"] > 0


@test
def next_save_removes_killed_saves_temporaries():
    # A save killed between its temporary file and its rename, for sure:
    # the folder is watched and the add killed once that file appears.
    for i in range(50):
        add(f"in-save-{i}", kill_in_save=True)
        check(f"add in-save-{i}")
        if temporaries():
            break
    left = temporaries()
    note(f"temporary files of killed saves before the last save: {left}")
    assert left, "no add could be killed inside its save"
    code, _ = add("last")
    assert code == 0
    check("the last add")
    assert temporaries() == [], f"left by killed saves: {temporaries()}"
    assert not os.path.exists(VAULT + ".bak.tmp"), "a killed save's backup link is left"


if __name__ == "__main__":
    try:
        status = run()
    finally:
        shutil.rmtree(WORK, ignore_errors=True)
    sys.exit(status)
