#!/usr/bin/python3
# summary.py
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Counts every TAP check in meson's test logs (the main suite's, and the
# sanitizer and fuzzing runs' when given) and prints the closing line
# "N passed, N failed, N skipped". A log that is missing counts as a failed
# check: the run that should have written it did not get to its tests.

import json
import re
import sys

passed = failed = skipped = 0
records = []
for path in sys.argv[1:]:
    try:
        with open(path, encoding="utf-8") as log:
            records.extend(json.loads(line) for line in log)
    except FileNotFoundError:
        print(f"{path}: missing, counted as one failed check", file=sys.stderr)
        failed += 1

for record in records:
    checks = 0
    for out in (record.get("stdout") or "").splitlines():
        if re.match(r"^not ok\b", out):
            failed += 1
            checks += 1
        elif re.match(r"^ok\b", out):
            checks += 1
            if re.search(r"#\s*SKIP", out, re.IGNORECASE):
                skipped += 1
            else:
                passed += 1
    result = record.get("result")
    if checks == 0:
        # A plain test (its exit status is its result), or one that died
        # before it reported anything.
        if result == "OK":
            passed += 1
        elif result == "SKIP":
            skipped += 1
        else:
            failed += 1
    elif result not in ("OK", "SKIP", "EXPECTEDFAIL") and not any(
            re.match(r"^not ok\b", o) for o in (record.get("stdout") or "").splitlines()):
        # It reported checks, then failed anyway (a crash after the last one).
        failed += 1

print(f"{passed} passed, {failed} failed, {skipped} skipped")
sys.exit(1 if failed else 0)
