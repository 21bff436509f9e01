#!/usr/bin/python3
# test-cli-health.py
# SPDX-License-Identifier: GPL-3.0-or-later
#
# vault-cli health end to end: a vault with known weak, reused (a group of
# three and one of two), old and empty passwords, made through vault-cli
# itself (old ones imported from a KeePassXC CSV with their dates), and a
# breach list made here with the system's sha1sum. The report lists exactly
# those, by title, never a password; bad breach lists are clear errors.

import csv
import datetime
import hashlib
import os
import re
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from tap import run, test  # noqa: E402

CLI = os.environ.get("VAULT_CLI") or sys.exit("VAULT_CLI is not set")
MAKE_VAULT = os.environ.get("VAULT_MAKE_TEST_VAULT") or sys.exit("VAULT_MAKE_TEST_VAULT is not set")
MASTER = "correct horse battery staple"
WORK = tempfile.mkdtemp(prefix="vault-cli-health-test-")
VAULT = os.path.join(WORK, "vault.json")
CLEAN = os.path.join(WORK, "clean.json")
ENV = dict(os.environ, LANG="C.UTF-8", LC_ALL="C.UTF-8", LANGUAGE="")

WEAK_1 = "password1"
WEAK_2 = "qwerty12"
SHARED_3 = "Zebra-Quartz-Lantern-5521!"
SHARED_2 = "Vx7$kP3!nR8#qT1w-Hollow"
ADDED = [
    ("Forum", WEAK_1), ("Printer", WEAK_2),
    ("Bank", SHARED_3), ("Shop", SHARED_3), ("Work", SHARED_3),
    ("Mail", SHARED_2), ("Mail archive", SHARED_2),
    ("Chat", "Unique-Granite-Otter-8841?"), ("Wi-Fi guest", ""),
]
NOW = datetime.datetime.now(datetime.timezone.utc)
# Title, password, days since it was set.
IMPORTED = [
    ("Router admin", "Unique-Copper-Falcon-3307!", 400),
    ("NAS", "Unique-Cobalt-Heron-1290%", 800),
    ("Recent import", "Unique-Amber-Walrus-6612#", 100),
]
PASSWORDS = [p for _, p in ADDED if p] + [p for _, p, _ in IMPORTED]


def cli(*args, input_lines=(MASTER,), vault=VAULT):
    command = [CLI, "--vault", vault] + list(args)
    data = "".join(line + "\n" for line in input_lines)
    proc = subprocess.run(command, input=data, capture_output=True, text=True, env=ENV,
                          timeout=120)
    for secret in PASSWORDS:
        assert secret not in proc.stdout + proc.stderr, f"{args}: a password was printed"
    return proc.returncode, proc.stdout, proc.stderr


def ok(*args, **kwargs):
    code, out, err = cli(*args, **kwargs)
    assert code == 0, f"{args}: exit {code}, stderr {err!r}"
    return out


def fails(expected_code, pattern, *args, **kwargs):
    code, out, err = cli(*args, **kwargs)
    assert code == expected_code, f"{args}: exit {code} (wanted {expected_code}), {err!r}"
    assert re.search(pattern, err), f"{args}: stderr {err!r} lacks {pattern!r}"
    if expected_code == 1:
        assert err.count("\n") == 1, f"one clear line on stderr, got {err!r}"
    assert out == "", f"{args}: nothing on stdout, got {out!r}"
    return err


def sections(out):
    """The report as {heading without its count: [entry lines]}; a reused
    group's entries as one sorted tuple each."""
    result = {}
    current = None
    for line in out.splitlines():
        if not line.strip():
            continue
        if not line.startswith(" "):
            current = re.sub(r" \(\d+\)$", "", line)
            result[current] = []
        elif line.startswith("  Same password, group "):
            result[current].append([])
        elif line.startswith("    "):
            result[current][-1].append(line.strip())
        else:
            result[current].append(line.strip())
    for heading, items in result.items():
        if heading == "Reused":
            result[heading] = [tuple(group) for group in items]
    return result


def counts(out):
    return {re.sub(r" \(\d+\)$", "", line): int(re.search(r"\((\d+)\)$", line).group(1))
            for line in out.splitlines() if line and not line.startswith(" ")
            and re.search(r"\(\d+\)$", line)}


def sha1sum(password):
    """The system's sha1sum, as a person making such a list would."""
    out = subprocess.run(["sha1sum"], input=password.encode(), capture_output=True,
                         check=True).stdout.decode()
    digest = out.split()[0].upper()
    assert digest == hashlib.sha1(password.encode()).hexdigest().upper()
    return digest


def write_breach_list(name, lines, eol="\r\n"):
    path = os.path.join(WORK, name)
    with open(path, "w", encoding="ascii", newline="") as f:
        f.write("".join(line + eol for line in lines))
    return path


def breach_lines():
    lines = [f"{sha1sum(WEAK_1)}:3861493", f"{sha1sum(SHARED_3)}:2"]
    lines += [hashlib.sha1(f"filler {i}".encode()).hexdigest().upper() + f":{i + 1}"
              for i in range(300)]
    return sorted(lines)


@test
def a_vault_with_known_problems():
    subprocess.run([MAKE_VAULT, VAULT], input=MASTER + "\n", text=True, check=True, env=ENV)
    for title, password in ADDED:
        ok("add", title, input_lines=(MASTER, password))
    csv_path = os.path.join(WORK, "keepassxc.csv")
    with open(csv_path, "w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f, quoting=csv.QUOTE_ALL)
        writer.writerow(["Group", "Title", "Username", "Password", "URL", "Notes", "TOTP",
                         "Icon", "Last Modified", "Created"])
        for title, password, days in IMPORTED:
            when = (NOW - datetime.timedelta(days=days)).strftime("%Y-%m-%dT%H:%M:%SZ")
            writer.writerow(["Root", title, "", password, "", "", "", "0", when, when])
    ok("import", csv_path)
    assert len(ok("list").splitlines()) == len(ADDED) + len(IMPORTED)


@test
def report_lists_exactly_the_problems():
    before = open(VAULT, "rb").read()
    out = ok("health")
    report = sections(out)
    assert list(report) == ["Weak", "Reused", "Not changed for 365 days", "No password"], out
    assert sorted(t.split("  (")[0] for t in report["Weak"]) == ["Forum", "Printer"], out
    assert report["Reused"] == [("Bank", "Shop", "Work"), ("Mail", "Mail archive")], out
    assert [t.split("  (")[0] for t in report["Not changed for 365 days"]] == \
        ["NAS", "Router admin"], out
    assert report["No password"] == ["Wi-Fi guest"], out
    assert counts(out) == {"Weak": 2, "Reused": 5, "Not changed for 365 days": 2,
                           "No password": 1}, out
    # When each old password was set, as a date.
    nas = next(t for t in report["Not changed for 365 days"] if t.startswith("NAS"))
    assert (NOW - datetime.timedelta(days=800)).strftime("%Y-") in nas, nas
    # A report writes nothing.
    assert open(VAULT, "rb").read() == before


@test
def older_than_sets_what_is_old():
    report = sections(ok("health", "--older-than", "500"))
    assert [t.split("  (")[0] for t in report["Not changed for 500 days"]] == ["NAS"]
    report = sections(ok("health", "--older-than", "90"))
    assert [t.split("  (")[0] for t in report["Not changed for 90 days"]] == \
        ["NAS", "Router admin", "Recent import"]
    report = sections(ok("health", "--older-than", "1"))
    assert len(report["Not changed for 1 day"]) == 3


@test
def ids_name_the_entries():
    ids = dict(line.split("\t", 1)[::-1] for line in ok("list", "--ids").splitlines())
    report = sections(ok("health", "--ids"))
    assert report["No password"] == [f"{ids['Wi-Fi guest']}\tWi-Fi guest"]
    assert report["Reused"][1] == tuple(f"{ids[t]}\t{t}" for t in ("Mail", "Mail archive"))


@test
def breach_list_finds_the_breached():
    for eol in ("\r\n", "\n"):
        path = write_breach_list("pwned.txt", breach_lines(), eol)
        out = ok("health", "--breach-file", path)
        report = sections(out)
        assert report["In the breach list"] == [
            "Forum  (seen 3861493 times)", "Bank  (seen 2 times)", "Shop  (seen 2 times)",
            "Work  (seen 2 times)"], out
        # The rest is as without a list.
        assert report["Reused"] == [("Bank", "Shop", "Work"), ("Mail", "Mail archive")]


@test
def bad_breach_lists_are_clear_errors():
    missing = os.path.join(WORK, "nowhere.txt")
    # Said before the master password is asked: nothing on stdin.
    fails(1, r"Could not open the breach list “.*nowhere\.txt”", "health", "--breach-file",
          missing, input_lines=())
    fails(1, r"is a folder", "health", "--breach-file", WORK, input_lines=())
    empty = write_breach_list("empty.txt", [])
    fails(1, r"“.*empty\.txt” is empty", "health", "--breach-file", empty, input_lines=())
    ntlm = write_breach_list("ntlm.txt", ["00000011059407D743D40689940F858C:3"])
    fails(1, r"line 1 is not “40 hexadecimal digits:count”", "health", "--breach-file", ntlm,
          input_lines=())
    by_count = write_breach_list("by-count.txt", sorted(breach_lines(), key=lambda l: int(
        l.split(":")[1]), reverse=True))
    fails(1, r"not sorted by hash.*not by prevalence", "health", "--breach-file", by_count,
          input_lines=())


@test
def usage_and_unlock_errors():
    fails(2, r"--older-than takes a number of days from 1 to 36500", "health", "--older-than",
          "0", input_lines=())
    fails(2, r"older-than", "health", "--older-than", "soon", input_lines=())
    fails(2, r"Usage|health", "health", "extra", input_lines=())
    fails(1, r"[Ww]rong master password", "health", input_lines=("not the password",))


@test
def a_clean_vault_has_no_problems():
    subprocess.run([MAKE_VAULT, CLEAN], input=MASTER + "\n", text=True, check=True, env=ENV)
    ok("add", "Only", input_lines=(MASTER, "Unique-Granite-Otter-8841?"), vault=CLEAN)
    out = ok("health", vault=CLEAN)
    assert counts(out) == {"Weak": 0, "Reused": 0, "Not changed for 365 days": 0,
                           "No password": 0}, out
    assert out.rstrip().endswith("No problems found."), out


if __name__ == "__main__":
    sys.exit(run())
