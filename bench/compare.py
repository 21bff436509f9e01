#!/usr/bin/python3
# compare.py
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Whole-process figures, vault-cli beside keepassxc-cli on the same entries:
# list, search a term, show one entry, add one entry; medians of RUNS runs.
# Each operation also runs on an empty database, so the KDF's share (and the
# process start) is known and subtracted. Run inside a session with a keyring
# (bench/compare.sh does that). Writes bench/results/compare.md.

import os
import shutil
import statistics
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
TOP = os.path.join(HERE, "..")
CLI = os.path.join(TOP, "_build", "src", "cli", "vault-cli")
BENCH = os.path.join(TOP, "_build", "bench", "vault-bench")
KPX = shutil.which("keepassxc-cli")
RUNS = int(os.environ.get("RUNS", "5"))
SIZES = [int(n) for n in os.environ.get("SIZES", "1000 10000 100000").split()]
MASTER = "benchmark master passphrase"
WORK = os.environ["HOME"]
TERM = "bank 7"


def timed(args, stdin):
    start = time.monotonic()
    proc = subprocess.run(args, input=stdin, capture_output=True, text=True)
    elapsed = (time.monotonic() - start) * 1000
    # keepassxc-cli search exits 1 when nothing matches: a result, not a failure.
    if proc.returncode != 0 and "No results" not in proc.stderr:
        sys.exit(f"{args[0]} failed: {proc.stderr.strip()}")
    return elapsed, proc.stdout


def prepare(n):
    vault = os.path.join(WORK, f"vault-{n}.json")
    xml = os.path.join(WORK, f"kpx-{n}.xml")
    kdbx = os.path.join(WORK, f"kpx-{n}.kdbx")
    iterations = subprocess.run([BENCH, "--generate", str(n), vault, xml], check=True,
                                capture_output=True, text=True).stdout.strip()
    kdf = ""
    if KPX:
        if os.path.exists(kdbx):
            os.unlink(kdbx)
        subprocess.run([KPX, "import", "-q", "-p", "-t", "500", xml, kdbx], check=True,
                       input=f"{MASTER}\n{MASTER}\n", capture_output=True, text=True)
        info = subprocess.run([KPX, "db-info", "-q", kdbx], input=MASTER + "\n",
                              capture_output=True, text=True).stdout
        kdf = next((l.split(": ", 1)[1] for l in info.splitlines() if l.startswith("KDF")), "")
    return vault, kdbx, iterations, kdf


def operations(vault, kdbx, title):
    ops = {
        "list": ([CLI, "--vault", vault, "list"], MASTER + "\n",
                 [KPX, "ls", "-q", kdbx], MASTER + "\n"),
        "search": ([CLI, "--vault", vault, "search", TERM], MASTER + "\n",
                   [KPX, "search", "-q", kdbx, TERM], MASTER + "\n"),
        "show": ([CLI, "--vault", vault, "show", title], MASTER + "\n",
                 [KPX, "show", "-q", kdbx, title], MASTER + "\n"),
    }
    return ops


def median_of(args, stdin):
    return statistics.median(timed(args, stdin)[0] for _ in range(RUNS))


def measure(n):
    vault, kdbx, iterations, kdf = prepare(n)
    title = timed([CLI, "--vault", vault, "list"], MASTER + "\n")[1].splitlines()
    title = title[0] if title else "none"
    results = {}
    for op, (vargs, vin, kargs, kin) in operations(vault, kdbx, title).items():
        if n == 0 and op == "show":
            continue
        results[op] = (median_of(vargs, vin), median_of(kargs, kin) if KPX else None)
    add_v, add_k = [], []
    for r in range(RUNS):
        add_v.append(timed([CLI, "--vault", vault, "add", f"bench add {r}", "--generate"],
                           MASTER + "\n")[0])
        if KPX:
            add_k.append(timed([KPX, "add", "-q", "-g", kdbx, f"bench add {r}"],
                               MASTER + "\n")[0])
    results["add"] = (statistics.median(add_v), statistics.median(add_k) if KPX else None)
    return results, iterations, kdf


def main():
    empty, iterations, kdf = measure(0)
    rows = []
    for n in SIZES:
        results, _, _ = measure(n)
        for op, (v, k) in results.items():
            base_v, base_k = empty.get(op, empty["list"])
            nv, nk = max(v - base_v, 0.1), (max(k - base_k, 0.1) if k else None)
            rows.append((n, op, v, k, nv, nk))
        print(f"measured {n} entries", file=sys.stderr)

    out = os.path.join(HERE, "results", "compare.md")
    with open(out, "w", encoding="utf-8") as f:
        f.write("# vault-cli beside keepassxc-cli\n\n")
        f.write(f"Whole process, median of {RUNS} runs, same entries in both. KDF: Vault "
                f"PBKDF2-HMAC-SHA256 {iterations} iterations (calibrated to ~0.5 s); "
                f"KeePassXC {kdf or 'not installed'} (import -t 500 ms). The 'less empty' "
                "columns subtract the same operation on an empty database (KDF and process "
                "start); the ratio is KeePassXC's over Vault's of those.\n\n")
        f.write("| entries | operation | Vault (ms) | KeePassXC (ms) | Vault less empty | "
                "KeePassXC less empty | ratio |\n|---:|---|---:|---:|---:|---:|---:|\n")
        for n, op, v, k, nv, nk in rows:
            ratio = f"{nk / nv:.1f}×" if nk else "–"
            f.write(f"| {n} | {op} | {v:.0f} | {k:.0f} | {nv:.0f} | {nk:.0f} | {ratio} |\n"
                    if k else f"| {n} | {op} | {v:.0f} | – | {nv:.0f} | – | – |\n")
    print(open(out, encoding="utf-8").read())


if __name__ == "__main__":
    main()
