#!/usr/bin/python3
# demo-unlock.py
# SPDX-License-Identifier: GPL-3.0-or-later
#
# For ./scripts/run.sh --demo only: types the sample vault's master password
# (read from stdin) into the unlock window of the app whose process id is
# given, through the accessibility bus as a screen reader would, and clicks
# Unlock, so a newcomer sees the vault with its entries.

import os
import sys
import time

# Only there to satisfy dogtail's start-up check on GTK 4.
os.environ.setdefault("GTK_MODULES", "gail:atk-bridge")

from dogtail import config  # noqa: E402

config.config.searchCutoffCount = 3
config.config.logDebugToFile = False
config.config.logDebugToStdOut = False

from dogtail.predicate import GenericPredicate  # noqa: E402
from dogtail.tree import root  # noqa: E402


def wait_for(condition, timeout=60):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            value = condition()
            if value:
                return value
        except Exception:  # noqa: BLE001 - the tree changes under us
            pass
        time.sleep(0.3)
    sys.exit("demo-unlock: the unlock window did not appear")


def app_node(pid):
    return next((a for a in root.children if a.name == "vault" and a.get_process_id() == pid),
                None)


def find(base, name, role):
    return base.findChild(GenericPredicate(name=name, roleName=role), retry=False,
                          requireResult=False)


def shown(node):
    return node is not None and node.queryComponent().getExtents(1)[2] > 0  # window coordinates


pid = int(sys.argv[1])
password = sys.stdin.readline().rstrip("\n")
app = wait_for(lambda: app_node(pid))
page = wait_for(lambda: find(app, "Vault Is Locked", "panel"))
entry = wait_for(lambda: find(page, "Master password", "password text"))
button = wait_for(lambda: (lambda b: b if shown(b) else None)(find(page, "Unlock", "push button")))
entry.text = password
button.doActionNamed("click")
wait_for(lambda: find(app, "Search entries", "entry"))
