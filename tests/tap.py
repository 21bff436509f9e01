# tap.py
# SPDX-License-Identifier: GPL-3.0-or-later
#
# A minimal TAP producer for the Python end-to-end tests, so meson counts
# each check the same way it counts the GTest units.

import sys
import traceback

_tests = []


def test(func):
    _tests.append(func)
    return func


class Skip(Exception):
    pass


def run():
    print(f"1..{len(_tests)}", flush=True)
    failed = 0
    for number, func in enumerate(_tests, 1):
        name = func.__name__.replace("_", "-")
        try:
            func()
        except Skip as reason:
            print(f"ok {number} {name} # SKIP {reason}", flush=True)
        except Exception:  # noqa: BLE001 - every failure is reported, then the run goes on
            failed += 1
            print(f"not ok {number} {name}", flush=True)
            for line in traceback.format_exc().splitlines():
                print(f"# {line}", flush=True)
        else:
            print(f"ok {number} {name}", flush=True)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit("tap.py is a library")
