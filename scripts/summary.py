#!/usr/bin/python3
# summary.py
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Counts every TAP check in meson's test log and prints the closing line
# "N passed, N failed, N skipped".

import json
import re
import sys

passed = failed = skipped = 0
with open(sys.argv[1], encoding="utf-8") as log:
    for line in log:
        record = json.loads(line)
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
