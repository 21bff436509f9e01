#!/usr/bin/python3
# import.py
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Importing N entries: vault-cli import of a CSV (KeePassXC's layout) and of
# a KDBX 4 database KeePassXC made, beside keepassxc-cli import of the same
# entries as XML. Medians of RUNS runs; each also runs with no entries, and
# that (the KDFs and process start) is subtracted. Run inside a session with
# a keyring (bench/compare.sh does that). Writes bench/results/import.md.

import os
import shutil
import statistics
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from compare import CLI, HERE, KPX, MASTER, WORK, prepare, timed  # noqa: E402

RUNS = int(os.environ.get("RUNS", "3"))
SIZES = [int(n) for n in os.environ.get("SIZES", "10000 100000").split()]


def files_for(n):
    vault, kdbx, iterations, kdf = prepare(n)
    csv = os.path.join(WORK, f"import-{n}.csv")
    timed([CLI, "--vault", vault, "export", "--force", "--format", "csv", csv], MASTER + "\n")
    return csv, kdbx, os.path.join(WORK, f"kpx-{n}.xml"), iterations, kdf


def empty_vault():
    path = os.path.join(WORK, "import-target.json")
    if not os.path.exists(path + ".pristine"):
        timed([CLI, "--vault", path + ".pristine", "init"], MASTER + "\n")
    return path


def run_imports(n):
    csv, kdbx, xml, iterations, kdf = files_for(n)
    target = empty_vault()
    out_kdbx = os.path.join(WORK, "kpx-imported.kdbx")
    times = {"csv": [], "kdbx": [], "keepassxc": []}
    for _ in range(RUNS):
        for what, args, stdin in (
                ("csv", [CLI, "--vault", target, "import", csv], MASTER + "\n"),
                ("kdbx", [CLI, "--vault", target, "import", kdbx], f"{MASTER}\n{MASTER}\n")):
            shutil.copyfile(target + ".pristine", target)
            times[what].append(timed(args, stdin)[0])
        if KPX:
            if os.path.exists(out_kdbx):
                os.unlink(out_kdbx)
            times["keepassxc"].append(timed([KPX, "import", "-q", "-p", "-t", "500", xml,
                                             out_kdbx], f"{MASTER}\n{MASTER}\n")[0])
    return {k: statistics.median(v) if v else None for k, v in times.items()}, iterations, kdf


def main():
    empty, iterations, kdf = run_imports(0)
    rows = []
    for n in SIZES:
        rows.append((n, run_imports(n)[0]))
        print(f"measured {n} entries", file=sys.stderr)

    out = os.path.join(HERE, "results", "import.md")
    with open(out, "w", encoding="utf-8") as f:
        f.write("# Importing: vault-cli import beside keepassxc-cli import\n\n")
        f.write(f"Whole process, median of {RUNS} runs. Vault reads a CSV in KeePassXC's layout "
                "and the KDBX 4 database keepassxc-cli made of the same entries (its KDF: "
                f"{kdf or 'not installed'}); KeePassXC imports the same entries as XML "
                "(`keepassxc-cli import -t 500`). Vault's KDF: PBKDF2-HMAC-SHA256 "
                f"{iterations} iterations. 'less empty' subtracts the same import of no "
                "entries (KDFs, calibration and process start); the ratios are KeePassXC's "
                "over Vault's of those.\n\n")
        f.write("| entries | Vault CSV (ms) | Vault KDBX (ms) | KeePassXC XML (ms) | "
                "CSV less empty | KDBX less empty | KeePassXC less empty | "
                "ratio CSV | ratio KDBX |\n|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n")
        for n, t in rows:
            c = max(t["csv"] - empty["csv"], 0.1)
            d = max(t["kdbx"] - empty["kdbx"], 0.1)
            if t["keepassxc"] is not None:
                k = max(t["keepassxc"] - empty["keepassxc"], 0.1)
                f.write(f"| {n} | {t['csv']:.0f} | {t['kdbx']:.0f} | {t['keepassxc']:.0f} | "
                        f"{c:.0f} | {d:.0f} | {k:.0f} | {k / c:.1f}× | {k / d:.1f}× |\n")
            else:
                f.write(f"| {n} | {t['csv']:.0f} | {t['kdbx']:.0f} | – | {c:.0f} | {d:.0f} "
                        "| – | – | – |\n")
    print(open(out, encoding="utf-8").read())


if __name__ == "__main__":
    main()
