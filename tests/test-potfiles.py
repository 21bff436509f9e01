#!/usr/bin/python3
# test-potfiles.py
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Every source file with strings marked for translation is in po/POTFILES,
# and every file POTFILES names exists.

import os
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from tap import run, test  # noqa: E402

TOP = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
MARKS = {
    ".c": re.compile(r'\b(N?_|C_|NC_|ngettext)\s*\(\s*"'),
    ".ui": re.compile(r'translatable="yes"'),
    ".xml": re.compile(r"<(summary|description|name|p|li|caption)\b"),
    ".in": re.compile(r"^(Name|GenericName|Comment|Keywords)=", re.M),
}


def listed():
    with open(os.path.join(TOP, "po", "POTFILES"), encoding="utf-8") as f:
        return {line.strip() for line in f if line.strip() and not line.startswith("#")}


def marked_files():
    found = set()
    for folder in ("src", "data", "."):
        for dirpath, dirnames, filenames in os.walk(os.path.join(TOP, folder)):
            dirnames[:] = [d for d in dirnames if not d.startswith((".", "_"))]
            if folder == "." and os.path.abspath(dirpath) != os.path.abspath(TOP):
                continue
            for name in filenames:
                ext = os.path.splitext(name)[1]
                if ext not in MARKS or "gresource" in name:
                    continue
                if ext == ".in" and ".desktop." not in name:
                    continue
                path = os.path.join(dirpath, name)
                with open(path, encoding="utf-8") as f:
                    if MARKS[ext].search(f.read()):
                        found.add(os.path.relpath(path, TOP))
    return found


@test
def every_marked_file_is_listed():
    missing = sorted(marked_files() - listed())
    assert not missing, f"add to po/POTFILES: {missing}"


@test
def every_listed_file_exists():
    gone = sorted(p for p in listed() if not os.path.exists(os.path.join(TOP, p)))
    assert not gone, f"remove from po/POTFILES: {gone}"


if __name__ == "__main__":
    sys.exit(run())
